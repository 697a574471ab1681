"""Diagnosis and stakeholders: SP230, SP231."""

from __future__ import annotations

from collections.abc import Iterator

from saveplan.findings import Finding
from saveplan.models import Plan
from saveplan.rules import Context, rule


@rule("SP230")
def root_cause_before_acting(plan: Plan, ctx: Context) -> Iterator[Finding]:
    if plan.status == "active" and plan.root_cause is None:
        yield Finding("SP230", "the plan is active but has no risk.root_cause: diagnose first "
                      "(confirm it from usage, stakeholders and support history), then act",
                      ("risk", "root_cause"))


@rule("SP231")
def stakeholders_mapped(plan: Plan, ctx: Context) -> Iterator[Finding]:
    roles = {s.role for s in plan.stakeholders}
    missing = []
    if len(roles) < 2:
        missing.append(f"only {len(roles)} stakeholder role{'s' if len(roles) != 1 else ''} mapped"
                       " (never rely on one contact)")
    if "economic_buyer" not in roles:
        missing.append("no economic_buyer")
    if missing:
        yield Finding("SP231", "; ".join(missing) + ": map the economic buyer, the champion, "
                      "daily users and the executive sponsor", ("stakeholders",))

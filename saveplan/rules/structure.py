"""Diagnosis, stakeholders and readiness: SP230, SP231, SP232, SP233."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from saveplan import words
from saveplan.findings import Finding, Loc
from saveplan.models import Plan
from saveplan.placeholders import find_placeholder
from saveplan.rules.registry import Context, rule


@rule("SP230")
def root_cause_before_acting(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """An active plan is diagnosed: a root cause with a `summary` (a category alone, as a
    playbook pre-fills it, is not a diagnosis) and at least one risk signal seen. With no
    `risk` at all, one finding says both."""
    if plan.status != "active":
        return
    if plan.risk is None:
        yield Finding("SP230", "the plan is active but has no risk: record the signals seen and "
                      "the root cause (confirmed from usage, stakeholders and support history) "
                      "before acting", ("risk",))
        return
    cause = plan.root_cause
    if cause is None:
        yield Finding("SP230", "the plan is active but has no risk.root_cause: diagnose first "
                      "(confirm it from usage, stakeholders and support history), then act",
                      ("risk", "root_cause"))
    elif not (cause.summary or "").strip():
        yield Finding("SP230", f"the plan is active but the root cause has no summary: the category "
                      f"{cause.category} is where a playbook starts, not a diagnosis; say in one "
                      "sentence what was confirmed", ("risk", "root_cause", "summary"))
    if not plan.signals:
        yield Finding("SP230", "the plan is active but no risk signal is recorded: list what was "
                      "seen (risk.signals, each a type from the catalogue, with a note)",
                      ("risk", "signals"))


@rule("SP231")
def stakeholders_mapped(plan: Plan, ctx: Context) -> Iterator[Finding]:
    roles = {s.role for s in plan.stakeholders}
    missing = []
    if len(roles) < 2:
        missing.append(f"only {words.count(len(roles), 'stakeholder role')} mapped"
                       " (never rely on one contact)")
    if "economic_buyer" not in roles:
        missing.append("no economic_buyer")
    if missing:
        yield Finding("SP231", "; ".join(missing) + ": map the economic buyer, the champion, "
                      "daily users and the executive sponsor", ("stakeholders",))


@rule("SP232")
def executive_on_full_effort(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """An active plan whose triage effort is full (high value, high or medium save
    probability: the same computation as `saveplan triage`, as of today) maps an
    `executive_sponsor`: the method engages executives from $50K ARR or for strategic
    accounts. A draft is not held to it yet (triage points it out)."""
    if plan.status != "active":
        return
    if any(s.role == "executive_sponsor" for s in plan.stakeholders):
        return
    from saveplan.triage import plan_effort  # here: most plans need not import triage

    effort = plan_effort(plan, ctx.config, ctx.today)
    if effort.effort == "full":
        yield Finding("SP232", f"a full-effort save ({effort.reason}) with no executive involvement: "
                      "add an executive_sponsor stakeholder and have them join the value briefing",
                      ("stakeholders",))


def placeholders_in(value: object, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every (key path, placeholder) in the text values of a model, in file order."""
    if isinstance(value, str):
        found = find_placeholder(value)
        if found is not None:
            yield loc, found
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from placeholders_in(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from placeholders_in(item, (*loc, i))


@rule("SP233")
def no_placeholder_when_active(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """An active plan holds no placeholder that `saveplan new` wrote (`<<...>>`, see
    saveplan.placeholders): each one is a name, a number or a text still to fill in.
    Fine in a draft."""
    if plan.status != "active":
        return
    for loc, text in placeholders_in(plan):
        yield Finding("SP233", f"the plan is active but still holds the placeholder {text!r}: "
                      "replace it with the real value (search the file for <<)", loc)

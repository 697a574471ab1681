"""Concessions against the approval matrix: SP401, SP402, SP403, SP404 (and SP101 for a
discount without its percentage)."""

from __future__ import annotations

from collections.abc import Iterator

from saveplan.findings import Finding
from saveplan.models import Plan
from saveplan.rules.registry import Context, rule


@rule("SP101", "SP401", "SP402")
def approved_with_authority(plan: Plan, ctx: Context) -> Iterator[Finding]:
    config = ctx.config
    for i, c in enumerate(plan.concessions):
        what = f"concession {i + 1} ({c.kind}{f' {c.percent:g}%' if c.percent is not None else ''})"
        if c.kind == "discount" and c.percent is None:
            yield Finding("SP101", f"{what} is a discount without `percent`",
                          ("concessions", i, "percent"))
        if not (c.approved_by or "").strip():
            yield Finding("SP402", f"{what} has no approver: add `approved_by` (never promise "
                          "what you cannot approve)", ("concessions", i, "approved_by"))
            continue
        if c.kind == "discount" and c.percent is None:
            continue
        needed = config.required_role(c.kind, c.percent)
        role = config.role_of(c.approved_by)
        if role is None:
            yield Finding("SP401", f"{what} is approved by '{c.approved_by}', whose role is unknown "
                          f"(it needs a {needed or 'role the matrix does not have'}): add them to "
                          "the roster, or name a role", ("concessions", i, "approved_by"))
        elif needed is None or not config.may_approve(role, c.kind, c.percent):
            need = f"a {needed}" if needed else "a role no one in the approval matrix has"
            yield Finding("SP401", f"{what} is beyond the authority of '{c.approved_by}' ({role}): "
                          f"it needs {need}", ("concessions", i, "approved_by"))


@rule("SP403", "SP404")
def discount_terms(plan: Plan, ctx: Context) -> Iterator[Finding]:
    for i, c in enumerate(plan.concessions):
        if c.kind != "discount":
            continue
        if not (c.tied_to or "").strip():
            yield Finding("SP403", f"concession {i + 1} (discount) is not tied to a commitment: "
                          "add `tied_to` (a two-year term, a case study...)", ("concessions", i))
        if not (c.sunset or "").strip():
            yield Finding("SP404", f"concession {i + 1} (discount) has no sunset: add `sunset` "
                          "(e.g. 'standard pricing from year two')", ("concessions", i))

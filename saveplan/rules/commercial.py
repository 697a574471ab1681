"""The commercial path: SP220, SP221, SP222."""

from __future__ import annotations

from collections.abc import Iterator

from saveplan.findings import Finding
from saveplan.models import Plan
from saveplan.rules.registry import Context, rule


@rule("SP220")
def commercial_path_decided(plan: Plan, ctx: Context) -> Iterator[Finding]:
    if not plan.commercial_path:
        yield Finding("SP220", "no commercial_path: decide the moves before the renewal call "
                      "(training, a plan swap, an extension or a scope reduction before any "
                      "discount)", ("commercial_path",))


@rule("SP221")
def discount_not_first(plan: Plan, ctx: Context) -> Iterator[Finding]:
    if plan.commercial_path and plan.commercial_path[0].kind == "discount":
        yield Finding("SP221", "a discount is the first commercial move: lead with training, a "
                      "plan swap, an extension or a scope reduction", ("commercial_path", 0))


@rule("SP222")
def discount_only_for_price(plan: Plan, ctx: Context) -> Iterator[Finding]:
    cause = plan.root_cause
    if cause is not None and cause.category == "circumstantial":
        return
    why = (f"the root cause is {cause.category}, not price-related" if cause
           else "no root cause is diagnosed yet")
    for i, move in enumerate(plan.commercial_path):
        if move.kind == "discount":
            yield Finding("SP222", f"commercial move {i + 1} is a discount while {why}: a price "
                          "cut will not fix it", ("commercial_path", i))
    for i, concession in enumerate(plan.concessions):
        if concession.kind == "discount":
            yield Finding("SP222", f"concession {i + 1} is a discount while {why}: a price cut "
                          "will not fix it", ("concessions", i))

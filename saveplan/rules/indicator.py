"""The leading indicator: SP210, SP211, SP302, SP303."""

from __future__ import annotations

from collections.abc import Iterator

from saveplan import words
from saveplan.findings import Finding
from saveplan.models import Plan
from saveplan.rules.registry import Context, rule


@rule("SP210")
def one_leading_indicator(plan: Plan, ctx: Context) -> Iterator[Finding]:
    if plan.leading_indicator is None:
        yield Finding("SP210", "no leading_indicator: name one metric, its target and when it is "
                      "checked mid-plan (e.g. 'admin logs in 3 times in week two')",
                      ("leading_indicator",))
    elif plan.leading_indicator.target is None:
        yield Finding("SP210", "the leading indicator has no target: give the number that means "
                      "the save is working", ("leading_indicator", "target"))


@rule("SP211")
def check_inside_plan(plan: Plan, ctx: Context) -> Iterator[Finding]:
    check = plan.check_date()
    if check is None or plan.leading_indicator is None:
        return
    renewal = plan.account.renewal_date
    if not plan.started < check < renewal:
        yield Finding("SP211", "the indicator check date "
                      f"{plan.leading_indicator.check.describe(plan.started)} "
                      f"must fall after the start {plan.started} and before the renewal date "
                      f"{renewal}: check it mid-plan, not at the renewal call",
                      ("leading_indicator", "check"))


@rule("SP302", dated=True)
def reading_recorded(plan: Plan, ctx: Context) -> Iterator[Finding]:
    check = plan.check_date()
    if check is None or check >= ctx.today or plan.readings_until(ctx.today):
        return
    yield Finding("SP302", f"the indicator check date {check} has passed and no reading was "
                  "recorded: read it now with `saveplan record`", ("leading_indicator", "check"))


@rule("SP303", dated=True)
def on_target(plan: Plan, ctx: Context) -> Iterator[Finding]:
    ind = plan.leading_indicator
    readings = plan.readings_until(ctx.today)
    if ind is None or ind.target is None or not readings:
        return
    index, latest = readings[-1]
    if plan.misses_target(latest.value):
        yield Finding("SP303", f"the latest reading ({latest.value:g} on {latest.on}) misses the "
                      f"target ({words.bound(ind.direction, ind.target)}): the plan is off track, act now "
                      "(e.g. book a short unblock call before the review)",
                      ("leading_indicator", "readings", index))

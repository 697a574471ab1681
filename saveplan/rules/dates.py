"""The deadline and the response: SP304, SP206."""

from __future__ import annotations

from collections.abc import Iterator

from saveplan.findings import Finding
from saveplan.models import Plan
from saveplan.rules.registry import Context, rule


@rule("SP304", dated=True)
def renewal_not_passed(plan: Plan, ctx: Context) -> Iterator[Finding]:
    renewal = plan.account.renewal_date
    if renewal < ctx.today and plan.status in ("draft", "active"):
        yield Finding("SP304", f"the renewal date {renewal} has passed and the plan is still "
                      f"{plan.status}: set status to saved, churned or exited, with the "
                      "outcome", ("account", "renewal_date"))


RESPONSE_DAYS = 2  # the 48-hour rule: save rates fall sharply after the first 48 hours


@rule("SP206")
def started_within_48_hours(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """An open plan started at most 2 days after `risk.flagged` (55% of accounts are saved
    when the response comes within 48 hours, 25% after a week). A closed plan is history:
    `saveplan metrics` reports its response time (response_days) instead."""
    flagged = plan.risk.flagged if plan.risk else None
    if flagged is None or plan.is_closed:
        return
    late = (plan.started - flagged).days
    if late > RESPONSE_DAYS:
        yield Finding("SP206", f"the plan started {plan.started}, {late} days after the risk was "
                      f"flagged ({flagged}): respond within 48 hours; save rates fall sharply after "
                      "that (start the next plan the day the risk is flagged)", ("started",))

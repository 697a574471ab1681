"""The weekly stakeholder update (SP305): applied to open plans (docs/method.md,
"The weekly update")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from saveplan.findings import Finding, Loc
from saveplan.models import Plan
from saveplan.rules.registry import Context, rule


def last_customer_update(plan: Plan, today: date) -> tuple[int, date] | None:
    """The latest update sent to the customer on or before today, with its index in
    `updates` (the later one in the file on a tie); None when there is none."""
    sent = [(u.on, i) for i, u in enumerate(plan.updates) if u.to == "customer" and u.on <= today]
    if not sent:
        return None
    on, index = max(sent)
    return index, on


def update_due(plan: Plan, every: int, today: date) -> date:
    """The day the next customer update is due: `every` days after the last one sent, or
    after `started` when none was sent yet (or the last one predates `started`)."""
    last = last_customer_update(plan, today)
    since = plan.started if last is None else max(plan.started, last[1])
    return since + timedelta(days=every)


@rule("SP305", dated=True)
def weekly_update_sent(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """An active plan with no update sent to the customer in the last `update_every` days
    (7 by default), from day `update_every` on.

    Only updates `to: customer` count (`saveplan report PLAN --sent`): a note to the team
    does not keep the customer's people informed. An update dated after today does not
    count yet. The count runs from the last customer update, or from `started` when none
    was sent: with the default, an update is due on day 7 and every 7 days after it, and
    the warning stands from the day it is due until one is sent. A draft plan is not
    held to it (nothing has been agreed with the customer yet).

    The finding points at the last customer update in `updates`, or at `started` when no
    update was sent yet."""
    if plan.status != "active":
        return
    every = ctx.config.update_every
    due = update_due(plan, every, ctx.today)
    if ctx.today < due:
        return
    last = last_customer_update(plan, ctx.today)
    loc: Loc = ("started",) if last is None else ("updates", last[0])
    since = due - timedelta(days=every)
    what = (f"since the plan started on {plan.started}" if last is None or last[1] < plan.started
            else f"since {last[1]}")
    yield Finding("SP305", f"no update sent to the customer {what} ({(ctx.today - since).days} days; "
                  f"one is due every {every}): send the weekly update and record it with "
                  "`saveplan report PLAN --sent`", loc)

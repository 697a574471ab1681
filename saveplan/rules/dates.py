"""The deadline: SP304."""

from __future__ import annotations

from collections.abc import Iterator

from saveplan.findings import Finding
from saveplan.models import Plan
from saveplan.rules import Context, rule


@rule("SP304", dated=True)
def renewal_not_passed(plan: Plan, ctx: Context) -> Iterator[Finding]:
    renewal = plan.account.renewal_date
    if renewal < ctx.today and plan.status in ("draft", "active"):
        yield Finding("SP304", f"the renewal date {renewal} has passed and the plan is still "
                      f"{plan.status}: set status to saved, churned or exited, with the "
                      "outcome", ("account", "renewal_date"))

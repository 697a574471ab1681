"""After the outcome (SP5xx): the outcome itself, the debrief, the follow-ups of a save
and the win-back touches of a loss. Applied to closed plans only (docs/method.md,
"After the outcome"). The schedule and the recovery period are those of
saveplan/analysis/lifecycle.py, the same that `status`, `calendar` and `close` show."""

from __future__ import annotations

from collections.abc import Iterator

from saveplan import words
from saveplan.analysis.lifecycle import DEBRIEF_AFTER, LATE_AFTER, Lifecycle, lifecycle
from saveplan.findings import Finding, Loc
from saveplan.models import Plan
from saveplan.rules.registry import Context, rule


def _touch_loc(plan: Plan, life: Lifecycle) -> Loc:
    """The latest touch's `- ` line; without touches, `outcome.on`."""
    if life.last_contact_index is not None:
        return ("touches", life.last_contact_index)
    return ("touches",) if plan.touches else ("outcome", "on")


@rule("SP501", closed=True)
def outcome_complete(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """A closed plan says when it closed (`outcome.on`) and, when saved, the ARR it kept
    (`outcome.arr`). Points at `outcome:`, or at `status:` when there is no outcome."""
    outcome = plan.outcome
    fix = f"`saveplan close PLAN {plan.status}` writes it"
    if outcome is None:
        need = "outcome.on and outcome.arr" if plan.status == "saved" else "outcome.on"
        yield Finding("SP501", f"the plan is {plan.status} but has no outcome: add {need} "
                      f"(set status back to active first and {fix})", ("status",))
        return
    missing = []
    if outcome.on is None:
        missing.append("no outcome.on (the date it closed)")
    if plan.status == "saved" and outcome.arr is None:
        missing.append("no outcome.arr (the ARR kept after the renewal)")
    if missing:
        yield Finding("SP501", f"the plan is {plan.status} but its outcome has "
                      f"{words.series(missing)}", ("outcome",))


@rule("SP502", closed=True)
def debrief_written(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """More than 14 days after the outcome, `outcome.debrief` says what worked, what was
    missed and what to change. Points at `debrief:`, or at `outcome:` without one."""
    life = lifecycle(plan, ctx.config, ctx.today)
    if life.debrief_late and life.outcome_on is not None:
        days = (ctx.today - life.outcome_on).days
        yield Finding("SP502", f"closed {words.days(days)} ago ({life.outcome_on}) and no debrief: add "
                      "outcome.debrief with worked, missed and change (what worked, which signals "
                      f"were missed, what the team will change) within {DEBRIEF_AFTER} days",
                      ("outcome", "debrief"))


@rule("SP503", closed=True)
def scheduled_touches_kept(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """Each scheduled follow-up (saved) or win-back touch (churned, exited) more than 7
    days past with no touch of its kind on or after its date. One finding per touch, at
    `touches:` (or `outcome.on` when the plan has no touch)."""
    life = lifecycle(plan, ctx.config, ctx.today)
    where: Loc = ("touches",) if plan.touches else ("outcome", "on")
    for due in life.late(LATE_AFTER):
        late = due.days_past(ctx.today)
        yield Finding("SP503", f"the {due.label} was due {due.on}, {words.days(late)} ago, and no "
                      f"{due.kind} touch is recorded on or after it: make the contact, then "
                      f"`saveplan touch PLAN {due.kind}`", where)


@rule("SP504", closed=True)
def recovery_touches(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """A saved plan inside its recovery period with no touch (or outcome) in the last
    `follow_up.touch_every` days. Points at the latest touch (or `outcome.on`)."""
    life = lifecycle(plan, ctx.config, ctx.today)
    if life.recovery_touch_late and life.last_contact is not None:
        since = life.days_since_contact or 0
        what = "touch" if life.last_contact_index is not None else "contact (the outcome)"
        yield Finding("SP504", f"in recovery until {life.recovery_until} and the last {what} was "
                      f"{life.last_contact}, {words.days(since)} ago: touch the account at least every "
                      f"{words.days(life.touch_every)} (`saveplan touch PLAN health_check`)",
                      _touch_loc(plan, life))

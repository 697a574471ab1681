"""Actions: SP201, SP202, SP203, SP205 (owners and approvers on the roster), SP301."""

from __future__ import annotations

from collections.abc import Iterator

from saveplan.findings import Finding
from saveplan.models import Plan
from saveplan.models.plan import action_label
from saveplan.rules import Context, rule

MIN_ACTIONS, MAX_ACTIONS = 3, 5


@rule("SP201")
def three_to_five_actions(plan: Plan, ctx: Context) -> Iterator[Finding]:
    n = len(plan.actions)
    if n < MIN_ACTIONS:
        yield Finding("SP201", f"the plan has {n} action{'s' if n != 1 else ''}; a save plan "
                      f"needs {MIN_ACTIONS} to {MAX_ACTIONS}, each with an owner and a date",
                      ("actions",))
    elif n > MAX_ACTIONS:
        yield Finding("SP201", f"the plan has {n} actions; keep {MIN_ACTIONS} to {MAX_ACTIONS} "
                      "so that each one gets done", ("actions",))


@rule("SP202")
def owner_and_date(plan: Plan, ctx: Context) -> Iterator[Finding]:
    for i, action in enumerate(plan.actions):
        if not (action.owner or "").strip():
            yield Finding("SP202", f"{action_label(i, action)} has no owner: name who does it",
                          ("actions", i, "owner"))
        if action.due is None:
            yield Finding("SP202", f"{action_label(i, action)} has no due date: add `due:` "
                          "(an ISO date, 'day N' or 'week N')", ("actions", i, "due"))


@rule("SP203")
def due_before_renewal(plan: Plan, ctx: Context) -> Iterator[Finding]:
    renewal = plan.account.renewal_date
    for i, action in enumerate(plan.actions):
        if action.due is None:
            continue
        if plan.resolve(action.due) > renewal:
            yield Finding("SP203", f"{action_label(i, action)} is due "
                          f"{action.due.describe(plan.started)}, after "
                          f"the renewal date {renewal}: move it before the renewal call",
                          ("actions", i, "due"))


@rule("SP205")
def people_on_roster(plan: Plan, ctx: Context) -> Iterator[Finding]:
    people = ctx.config.people
    if not people:
        return
    if plan.owner not in people:
        yield Finding("SP205", f"the plan owner '{plan.owner}' is not a roster id in saveplan.yaml",
                      ("owner",))
    names = {s.name for s in plan.stakeholders}
    for i, action in enumerate(plan.actions):
        owner = (action.owner or "").strip()
        if owner and owner not in people and owner not in names:
            yield Finding("SP205", f"{action_label(i, action)} is owned by '{owner}', who is neither "
                          "a roster id nor a stakeholder's name", ("actions", i, "owner"))
    for i, concession in enumerate(plan.concessions):
        if concession.approved_by and concession.approved_by not in people:
            yield Finding("SP205", f"concession {i + 1} is approved by '{concession.approved_by}', "
                          "who is not a roster id in saveplan.yaml", ("concessions", i, "approved_by"))


@rule("SP301", dated=True)
def overdue_actions(plan: Plan, ctx: Context) -> Iterator[Finding]:
    for i, action in enumerate(plan.actions):
        if action.due is None or action.done is not None:
            continue
        due = plan.resolve(action.due)
        if due < ctx.today:
            days = (ctx.today - due).days
            yield Finding("SP301", f"{action_label(i, action)} was due {due} ({days} day"
                          f"{'s' if days != 1 else ''} ago) and is not done: do it, or mark it "
                          "with `saveplan done`", ("actions", i))

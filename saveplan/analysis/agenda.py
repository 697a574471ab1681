"""The CSM's week: everything due across the plans in the next N days, overdue first
(docs/weekly-update.md, "The agenda").

An item is one thing to do on a day:

- `action`: an open action (not done) of a draft or active plan, due by the horizon;
- `check`: the leading-indicator check of a draft or active plan with no reading yet;
- `update`: the weekly customer update of an active plan (the same cadence as SP305);
- `follow_up` / `win_back`: after the outcome, a scheduled touch not yet recorded
  (`touch_items`).

Overdue items (their day is before today) are listed whatever the horizon, oldest first;
then the items from today to today + `days`, by day. Pure: `today` is a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from saveplan.models import Plan, WorkspaceConfig
from saveplan.rules.updates import update_due
from saveplan.status import actions_due

if TYPE_CHECKING:
    from saveplan.plans import PlanFile

ItemKind = Literal["action", "check", "update", "follow_up", "win_back"]
KIND_ORDER: dict[str, int] = {"update": 0, "check": 1, "action": 2, "follow_up": 3, "win_back": 4}


@dataclass(frozen=True)
class AgendaItem:
    """One thing due: on a day, for a plan, by someone (a roster id or a stakeholder's name)."""

    on: date
    kind: ItemKind
    path: str
    account: str
    owner: str
    what: str
    today: date
    ref: str = ""  # how to mark it: the action's id or number, the touch kind

    @property
    def overdue(self) -> bool:
        return self.on < self.today

    @property
    def days(self) -> int:
        """Days from today (negative: that many days late)."""
        return (self.on - self.today).days

    def sort_key(self) -> tuple[bool, date, int, str, str]:
        return (not self.overdue, self.on, KIND_ORDER[self.kind], self.account.casefold(), self.what)

    def as_json(self) -> dict[str, object]:
        return {"on": self.on.isoformat(), "kind": self.kind, "path": self.path,
                "account": self.account, "owner": self.owner, "what": self.what,
                "overdue": self.overdue, "days": self.days, "ref": self.ref or None}


def owned_by(plan: Plan, owner: str | None) -> bool:
    """"My plans": the plans whose owner is `owner` (every plan when it is None)."""
    return owner is None or plan.owner == owner


def action_items(plan: Plan, path: str, today: date, until: date) -> list[AgendaItem]:
    out = []
    for a in actions_due(plan):
        if a.action.done is not None or a.due is None or a.due > until:
            continue
        out.append(AgendaItem(a.due, "action", path, plan.account.name, a.action.owner or plan.owner,
                              f"action {a.label}: {a.action.do}", today, a.action.id or str(a.number)))
    return out


def check_items(plan: Plan, path: str, today: date, until: date) -> list[AgendaItem]:
    ind, check = plan.leading_indicator, plan.check_date()
    if ind is None or check is None or check > until or plan.readings_until(today):
        return []
    return [AgendaItem(check, "check", path, plan.account.name, plan.owner,
                       f"read the leading indicator: {ind.metric}", today)]


def update_items(plan: Plan, path: str, config: WorkspaceConfig, today: date,
                 until: date) -> list[AgendaItem]:
    if plan.status != "active":
        return []
    due = update_due(plan, config.update_every, today)
    if due > until:
        return []
    return [AgendaItem(due, "update", path, plan.account.name, plan.owner,
                       "send the weekly update to the customer", today)]


def touch_items(plan: Plan, config: WorkspaceConfig, today: date, days: int, *,
                path: str = "") -> list[AgendaItem]:
    """The follow-up and win-back touches of a closed plan that are due by today + `days`
    and not yet recorded: the lifecycle's schedule (saveplan.analysis.lifecycle, the one
    definition SP503, status and the calendar use too)."""
    from saveplan.analysis.lifecycle import schedule

    until = today + timedelta(days=days)
    outcome_on = plan.outcome.on if plan.outcome else None
    return [AgendaItem(t.on, "win_back" if t.kind == "win_back" else "follow_up", path,
                       plan.account.name, plan.owner,
                       f"{t.label} after the outcome ({plan.status} on {outcome_on})", today, t.kind)
            for t in schedule(plan, config, today) if not t.done and t.on <= until]


def agenda(plans: Iterable[tuple[str, Plan]], config: WorkspaceConfig, today: date, *,
           days: int = 7, owner: str | None = None) -> list[AgendaItem]:
    """Everything due by today + `days` across the plans, overdue first. With `owner`,
    the items of that person's plans and the actions they own on other plans."""
    return agenda_of(plan_items(path, plan, config, today, days=days, owner=owner) for path, plan in plans)


def plan_items(path: str, plan: Plan, config: WorkspaceConfig, today: date, *,
               days: int = 7, owner: str | None = None) -> list[AgendaItem]:
    """One plan's share of the agenda (`agenda`), in the plan's own order."""
    until = today + timedelta(days=days)
    found: list[AgendaItem]
    if plan.is_closed:
        found = touch_items(plan, config, today, days, path=path)
    else:
        found = (action_items(plan, path, today, until) + check_items(plan, path, today, until)
                 + update_items(plan, path, config, today, until))
    if owner is not None and plan.owner != owner:
        found = [i for i in found if i.kind == "action" and i.owner == owner]
    return found


def agenda_step(pf: PlanFile, context: tuple[WorkspaceConfig, date, int, str | None]
                ) -> list[AgendaItem] | None:
    """`agenda`'s step for `map_plans`: the plan's items (None: it has none by the
    horizon), where the plan was loaded; an item holds its texts and dates, not the plan.
    `context` is (config, today, days, owner or None)."""
    config, today, days, owner = context
    return plan_items(pf.shown, pf.plan, config, today, days=days, owner=owner) or None


def agenda_of(rows: Iterable[list[AgendaItem]]) -> list[AgendaItem]:
    """The plans' items (`plan_items`, in file order) as the agenda lists them: overdue
    first, then by day. The sort is stable, so items that compare equal keep file order."""
    return sorted((item for row in rows for item in row), key=AgendaItem.sort_key)

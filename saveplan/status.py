"""Where each open plan stands: the leading indicator's state, the traffic light, the next
action and what is overdue. Pure: `today` is a parameter, nothing here reads files or the
clock, so `status`, `report` and `calendar` all say the same thing about a plan.

Indicator states (the contract, "Leading indicator status"), with "passed" meaning the check date
is before today (the check day itself has not passed) and only readings dated on or before
today counting:

| state     | when                                                             |
| --------- | ---------------------------------------------------------------- |
| pending   | no reading yet, check date not passed                            |
| on_track  | the latest reading meets the target (before the check date too)  |
| behind    | the latest reading misses the target, check date not passed      |
| off_track | the latest reading misses the target, check date passed          |
| missed    | no reading, check date passed                                    |
| none      | the plan has no leading indicator or no target (SP210)           |

Edge cases, decided:

- A reading before the check date that meets the target is `on_track` at once: the contract
  row has no date condition, and an early good reading is good news worth showing. It is
  still the latest reading that counts, so a later miss turns the state to behind.
- A reading taken on the check day counts (readings on or before today), and a miss read
  on the check day is `behind` for that day, `off_track` from the next: the same boundary
  as `check` (SP302 fires only once the check date is before today).
- `none` is not a state of the contract: a plan without an indicator or target still loads (the
  rule SP210 reports it), and it cannot be judged, so its light is red.

Light: red for off_track, missed, none, a renewal date that has passed, or an emergency
window with the indicator anything but on track; green for on_track with nothing
overdue; yellow otherwise.

Closed plans (saved, churned, exited) are judged by their lifecycle instead
(saveplan/analysis/lifecycle.py): red when the outcome is incomplete (SP501) or a
scheduled follow-up or win-back touch is more than 7 days late (SP503); yellow when a
scheduled touch is due, the recovery period wants a touch (SP504) or the debrief is late
(SP502); green otherwise. Every plan carries its `stage` (draft | active | recovery |
win_back | closed) and `next_touch`; `calls_for_work` says whether `status` lists it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Literal, TypeVar

from saveplan import words
from saveplan.analysis.lifecycle import Lifecycle, ScheduledTouch, Stage, lifecycle
from saveplan.models import Plan, WorkspaceConfig
from saveplan.models.plan import Action, Reading, Stakeholder

T = TypeVar("T")
U = TypeVar("U")

IndicatorState = Literal["pending", "on_track", "behind", "off_track", "missed", "none"]
Light = Literal["green", "yellow", "red"]
Window = Literal["comprehensive", "compressed", "emergency"]

LIGHT_RANK: dict[str, int] = {"red": 0, "yellow": 1, "green": 2}
STATE_WORDS: dict[str, str] = {
    "pending": "pending",
    "on_track": "on track",
    "behind": "behind",
    "off_track": "off track",
    "missed": "missed",
    "none": "no indicator",
}


def indicator_state(plan: Plan, today: date) -> IndicatorState:
    """The state of the plan's leading indicator on `today` (see the module docstring)."""
    ind = plan.leading_indicator
    check = plan.check_date()
    if ind is None or ind.target is None or check is None:
        return "none"
    readings = plan.readings_until(today)
    passed = check < today
    if not readings:
        return "missed" if passed else "pending"
    latest = readings[-1][1]
    if not plan.misses_target(latest.value):
        return "on_track"
    return "off_track" if passed else "behind"


def latest_reading(plan: Plan, today: date) -> Reading | None:
    readings = plan.readings_until(today)
    return readings[-1][1] if readings else None


@dataclass(frozen=True)
class ActionDue:
    """An action with its due date resolved; `number` is 1-based, as people count."""

    number: int
    action: Action
    due: date | None

    @property
    def done(self) -> date | None:
        return self.action.done

    def is_overdue(self, today: date) -> bool:
        return self.action.done is None and self.due is not None and self.due < today

    def state(self, today: date) -> Literal["done", "overdue", "due"]:
        if self.action.done is not None:
            return "done"
        return "overdue" if self.is_overdue(today) else "due"

    @property
    def label(self) -> str:
        return f"{self.number}" + (f" ({self.action.id})" if self.action.id else "")


def actions_due(plan: Plan) -> list[ActionDue]:
    return [ActionDue(i + 1, a, plan.resolve(a.due) if a.due is not None else None)
            for i, a in enumerate(plan.actions)]


def overdue(plan: Plan, today: date) -> list[ActionDue]:
    """Actions past their due date and not done (the same rule as SP301)."""
    return [a for a in actions_due(plan) if a.is_overdue(today)]


def open_actions(plan: Plan) -> list[ActionDue]:
    """Actions not done, earliest due first (ties in file order; no due date last)."""
    todo = [a for a in actions_due(plan) if a.action.done is None]
    return sorted(todo, key=lambda a: (a.due is None, a.due or date.min, a.number))


def next_action(plan: Plan) -> ActionDue | None:
    todo = open_actions(plan)
    return todo[0] if todo else None


def light_for(state: IndicatorState, overdue_count: int, days_to_renewal: int,
              window: Window) -> tuple[Light, list[str]]:
    """The traffic light and the reasons for it, in words."""
    red: list[str] = []
    if state == "off_track":
        red.append("the indicator is off track")
    elif state == "missed":
        red.append("the indicator check was missed")
    elif state == "none":
        red.append("the plan has no leading indicator to judge it by")
    if days_to_renewal < 0:
        red.append("the renewal date has passed")
    elif window == "emergency" and state != "on_track":
        red.append(f"emergency window ({days_to_renewal} days) and the indicator is not on track")
    if red:
        return "red", red
    if state == "on_track" and overdue_count == 0:
        return "green", ["the indicator is on track and nothing is overdue"]
    yellow: list[str] = []
    if state != "on_track":
        yellow.append(f"the indicator is {STATE_WORDS[state]}")
    if overdue_count:
        yellow.append(f"{words.count(overdue_count, 'action')} overdue")
    return "yellow", yellow


def lifecycle_light(life: Lifecycle) -> tuple[Light, list[str]]:
    """The traffic light of a closed plan, and the reasons for it (see the module docstring)."""
    plan, today = life.plan, life.today
    red: list[str] = []
    outcome = plan.outcome
    if outcome is None or outcome.on is None or (plan.status == "saved" and outcome.arr is None):
        red.append("the outcome is incomplete")
    red += [f"the {t.label} is {words.days(t.days_past(today))} late" for t in life.late()]
    if red:
        return "red", red
    yellow = [f"the {t.label} is due" for t in life.due()]
    if life.recovery_touch_late:
        yellow.append(f"no touch in {life.days_since_contact} days of recovery")
    if life.debrief_late:
        yellow.append("the debrief is not written")
    if yellow:
        return "yellow", yellow
    nxt = life.next_touch
    if nxt is not None:
        return "green", [f"follow-ups on schedule; next the {nxt.label} on {nxt.on}"]
    return "green", ["nothing is due"]


def person_name(who: str | None, config: WorkspaceConfig) -> str:
    """A roster id as the person's name where the roster has one; anything else as written."""
    if not who:
        return "nobody"
    person = config.people.get(who)
    return person.name if person is not None and person.name else who


def stakeholder_named(plan: Plan, name: str | None) -> Stakeholder | None:
    return next((s for s in plan.stakeholders if name and s.name == name), None)


@dataclass
class PlanStatus:
    """Everything `status` shows about one plan."""

    path: str
    slug: str
    plan: Plan
    today: date
    indicator: IndicatorState
    light: Light
    reasons: list[str]
    days_to_renewal: int
    window: Window
    overdue: list[ActionDue] = field(default_factory=list)
    next_action: ActionDue | None = None
    latest: Reading | None = None
    life: Lifecycle | None = None

    @property
    def stage(self) -> Stage:
        return self.life.stage if self.life is not None else (
            "active" if self.plan.status == "active" else "draft")

    @property
    def next_touch(self) -> ScheduledTouch | None:
        return self.life.next_touch if self.life is not None else None

    @property
    def calls_for_work(self) -> bool:
        """Open, or closed and still in recovery or win-back (listed by `status`)."""
        return self.life.calls_for_work if self.life is not None else not self.plan.is_closed

    @property
    def account(self) -> str:
        return self.plan.account.name

    @property
    def check_date(self) -> date | None:
        return self.plan.check_date()

    def sort_key(self) -> tuple[int, int, int, str, str]:
        return (LIGHT_RANK[self.light], self.days_to_renewal, -len(self.overdue),
                self.account.casefold(), self.path)

    def to_json(self) -> dict[str, object]:
        ind = self.plan.leading_indicator
        nxt = self.next_action
        return {
            "path": self.path,
            "slug": self.slug,
            "account": self.account,
            "owner": self.plan.owner,
            "status": self.plan.status,
            "valid": True,
            "indicator": self.indicator,
            "light": self.light,
            "reasons": self.reasons,
            "renewal_date": self.plan.account.renewal_date.isoformat(),
            "days_to_renewal": self.days_to_renewal,
            "window": self.window,
            "metric": ind.metric if ind else None,
            "target": _num(ind.target) if ind else None,
            "direction": ind.direction if ind else None,
            "check_date": self.check_date.isoformat() if self.check_date else None,
            "latest_reading": None if self.latest is None else {
                "on": self.latest.on.isoformat(), "value": _num(self.latest.value)},
            "next_action": None if nxt is None else {
                "number": nxt.number, "id": nxt.action.id, "do": nxt.action.do,
                "owner": nxt.action.owner, "due": nxt.due.isoformat() if nxt.due else None,
                "overdue": nxt.is_overdue(self.today)},
            "overdue": len(self.overdue),
            "overdue_actions": [a.number for a in self.overdue],
            "stage": self.stage,
            "next_touch": self.next_touch.to_json() if self.next_touch is not None else None,
        }


def _num(value: float | None) -> int | float | None:
    """Numbers in JSON as people wrote them: 3, not 3.0 (beyond 1e15 as floats)."""
    return words.number(value) if value is not None and abs(value) < 1e15 else value


def plan_status(plan: Plan, config: WorkspaceConfig, today: date, *, path: str = "",
                slug: str = "") -> PlanStatus:
    state = indicator_state(plan, today)
    days = plan.days_to_renewal(today)
    window: Window = config.window(days)
    late = [] if plan.is_closed else overdue(plan, today)  # a closed plan's actions are not late
    life = lifecycle(plan, config, today)
    light, reasons = (lifecycle_light(life) if plan.is_closed
                      else light_for(state, len(late), days, window))
    return PlanStatus(path=path, slug=slug, plan=plan, today=today, indicator=state, light=light,
                      reasons=reasons, days_to_renewal=days, window=window, overdue=late,
                      next_action=next_action(plan), latest=latest_reading(plan, today), life=life)


def sort_statuses(statuses: list[PlanStatus]) -> list[PlanStatus]:
    """Most urgent first: red before yellow before green, then the nearest renewal, then
    the most overdue actions, then by account name."""
    return sorted(statuses, key=PlanStatus.sort_key)


def closed_key(st: PlanStatus) -> tuple[int, str, str, str]:
    """Closed plans: red first, then the nearest next touch (none last), then by account."""
    nxt = st.next_touch
    return (LIGHT_RANK[st.light], nxt.on.isoformat() if nxt else "9999", st.account.casefold(),
            st.path)


@dataclass(frozen=True)
class Listing(Generic[T]):
    """What `status` lists on `today`: the open plans, most urgent first; the closed plans
    shown after them; and how many closed plans it leaves out. A plan is shown as a T: its
    PlanStatus, or (a whole workspace) only the row the list draws of it."""

    today: date
    open: list[T]
    after: list[T]
    hidden: int

    def map(self, shown: Callable[[T], U]) -> Listing[U]:
        """The same listing, each plan shown as `shown(it)`."""
        return Listing(self.today, [shown(x) for x in self.open], [shown(x) for x in self.after],
                       self.hidden)


@dataclass(frozen=True)
class Placed(Generic[T]):
    """A plan's place in the `status` list, with what the list shows of it: the listing
    sorts and filters these without keeping the plan (see `place`)."""

    shown: T
    closed: bool
    calls_for_work: bool
    key: tuple[object, ...]


def place(st: PlanStatus, shown: T) -> Placed[T]:
    """Where `st` goes in the list: open plans by `PlanStatus.sort_key`, closed ones by
    `closed_key`."""
    closed = st.plan.is_closed
    return Placed(shown, closed, st.calls_for_work, closed_key(st) if closed else st.sort_key())


def listing_of(placed: Iterable[Placed[T]], today: date, *, every: bool = False) -> Listing[T]:
    """The open plans, then the closed ones that still call for work (recovery, win-back;
    `every`: all of them)."""
    found = list(placed)
    open_ = [p.shown for p in sorted((p for p in found if not p.closed), key=_key)]
    after = [p.shown for p in sorted((p for p in found if p.closed and (every or p.calls_for_work)),
                                     key=_key)]
    return Listing(today, open_, after, len(found) - len(open_) - len(after))


def _key(placed: Placed[T]) -> tuple[object, ...]:
    return placed.key


def listing(plans: Iterable[tuple[str, str, Plan]], config: WorkspaceConfig, today: date, *,
            every: bool = False) -> Listing[PlanStatus]:
    """The status of every (path, slug, plan), listed as `listing_of` lists it."""
    statuses = (plan_status(plan, config, today, path=path, slug=slug) for path, slug, plan in plans)
    return listing_of((place(st, st) for st in statuses), today, every=every)


# -- what the method suggests ------------------------------------------------------------

def _unblock_whom(plan: Plan, nxt: ActionDue | None) -> str:
    """Who to call: the customer-side owner of the next action, else the champion."""
    if nxt is not None:
        person = stakeholder_named(plan, nxt.action.owner)
        if person is not None:
            return f"{person.name} ({person.role.replace('_', ' ')})"
    champion = next((s for s in plan.stakeholders if s.role == "champion"), None)
    if champion is not None:
        return f"{champion.name} (champion)"
    return "the customer's day-to-day contact"


def _before_what(plan: Plan, today: date, state_due: list[ActionDue]) -> str:
    """The next milestone the unblock call must come before: the next action due after today."""
    upcoming = [a for a in state_due if a.due is not None and a.due > today]
    if upcoming:
        a = upcoming[0]
        return f"before {a.due} ({a.action.do})"
    return f"before the renewal call ({plan.account.renewal_date})"


def fallback_move(plan: Plan) -> str | None:
    """The commercial path's second move, in words: what comes if the first does not."""
    if len(plan.commercial_path) < 2:
        return None
    move = plan.commercial_path[1]
    return f"{move.kind.replace('_', ' ')}: {move.offer} (when {move.when})"


def closed_advice(status: PlanStatus, slug: str | None = None) -> list[str]:
    """What the method suggests after the outcome: the outcome, the follow-ups or win-back
    touches that are due, the recovery touches, the debrief."""
    life, today = status.life, status.today
    name = slug or status.slug or "PLAN"
    if life is None:
        return []
    plan = status.plan
    out: list[str] = []
    outcome = plan.outcome
    missing = [] if outcome is not None and outcome.on is not None else ["outcome.on (the date it closed)"]
    if plan.status == "saved" and (outcome is None or outcome.arr is None):
        missing.append("outcome.arr (the ARR kept)")
    if missing:
        out.append(f"Complete the outcome: {' and '.join(missing)}.")
    for t in life.due():
        out.append(f"The {t.label} was due {t.on}: make the contact and record it with "
                   f"`saveplan touch {name} {t.kind}`.")
    if life.recovery_touch_late:
        out.append(f"No touch in {life.days_since_contact} days of the recovery period: check in "
                   f"and record it with `saveplan touch {name} health_check`; deliver every promise.")
    if life.debrief_late:
        out.append("Write the debrief under outcome: debrief: worked (what worked), missed (which "
                   "signals were missed, for how long), change (what the team will do differently).")
    if not out and life.next_touch is not None:
        t = life.next_touch
        out.append(f"Next: the {t.label} on {t.on} (in {words.days((t.on - today).days)}).")
    return out


def advice(status: PlanStatus, slug: str | None = None) -> list[str]:
    """What docs/method.md suggests now, one sentence a line (empty when nothing to say)."""
    plan, today, state = status.plan, status.today, status.indicator
    name = slug or status.slug or "PLAN"
    if plan.is_closed:
        return closed_advice(status, slug)
    ind = plan.leading_indicator
    out: list[str] = []
    todo = open_actions(plan)
    if state in ("behind", "off_track"):
        assert ind is not None and ind.target is not None
        latest = status.latest
        target = words.bound(ind.direction, ind.target)
        read = f"{latest.value:g} against a target of {target}" if latest else ""
        out.append(f"The indicator is {STATE_WORDS[state]} ({read}): book a short unblock call with "
                   f"{_unblock_whom(plan, status.next_action)} {_before_what(plan, today, todo)}, "
                   "find what blocks them, then read the indicator again.")
        fallback = fallback_move(plan)
        if fallback and state == "off_track":
            out.append(f"If it does not recover, the commercial path's next move is {fallback}.")
    elif state == "missed":
        out.append(f"The check date {status.check_date} passed with no reading: read the indicator "
                   f"now and record it with `saveplan record {name} VALUE`.")
    elif state == "pending" and status.check_date is not None:
        days = (status.check_date - today).days
        when = "today" if days == 0 else f"in {words.days(days)}"
        out.append(f"Read the indicator on {status.check_date} ({when}) and record it with "
                   f"`saveplan record {name} VALUE`.")
    elif state == "none":
        out.append(f"Name one leading indicator with a target: run `saveplan check {status.path}`.")
    if status.overdue:
        numbers = ", ".join(a.label for a in status.overdue)
        many = len(status.overdue) > 1
        out.append(f"Overdue: {words.plural(len(status.overdue), 'action')} {numbers}. "
                   f"Do {'them' if many else 'it'}, or "
                   f"mark {'each' if many else 'it'} with `saveplan done {name} N`; one broken promise "
                   "ends a save.")
    if status.days_to_renewal < 0:
        out.append("The renewal date has passed: set status to saved, churned or exited, with the "
                   "outcome.")
    elif status.window == "emergency" and state != "on_track":
        out.append("Emergency window: critical issues only, and decide the commercial move now.")
    return out


# -- the timeline: the plan's dated points (saveplan.render.status draws them) -------------

_ORDER = {"start": 0, "done": 1, "due": 1, "overdue": 1, "check": 2, "today": 3, "renewal": 4}


@dataclass(frozen=True)
class Event:
    """A dated point of the plan: its start, an action, the indicator check, today, the renewal."""

    day: date
    kind: str  # start | done | due | overdue | check | today | renewal
    text: str
    number: int = 0


def timeline_events(status: PlanStatus, config: WorkspaceConfig | None = None) -> list[Event]:
    """The plan's dated points in order (same day: start, actions, check, today, renewal)."""
    plan, today = status.plan, status.today
    cfg = config or WorkspaceConfig()
    events = [Event(plan.started, "start", "start (day 0)")]
    for item in actions_due(plan):
        if item.due is None:
            continue
        kind = item.state(today)
        who = person_name(item.action.owner, cfg)
        if kind == "overdue" and plan.is_closed:  # the save attempt is over: not late, undone
            kind, when = "due", "not done"
        elif kind == "done":
            when = f"done {item.done}"
        elif kind == "overdue":
            when = f"overdue by {words.days((today - item.due).days)}"
        else:
            left = (item.due - today).days
            when = "due today" if left == 0 else f"due in {words.days(left)}"
        events.append(Event(item.due, kind, f"action {item.label}: {item.action.do} ({who}): {when}",
                            item.number))
    ind, check = plan.leading_indicator, plan.check_date()
    if ind is not None and check is not None:
        target = ""
        if ind.target is not None:
            target = f", target {words.bound(ind.direction, ind.target)}"
        events.append(Event(check, "check", f"indicator check: {ind.metric}{target}"))
    events.append(Event(today, "today", f"today (day {(today - plan.started).days})"))
    left = status.days_to_renewal
    events.append(Event(plan.account.renewal_date, "renewal",
                        f"renewal ({words.days(left)} left)" if left >= 0 else
                        f"renewal ({words.days(-left)} ago)"))
    return sorted(events, key=lambda e: (e.day, _ORDER[e.kind], e.number))

"""After the outcome: a plan's stage, its scheduled touches and its recovery period.

One definition of the lifecycle, used by the rules (SP502-SP504), `status`, `calendar`,
`close` ("what comes next") and, for the helpers that show it, `report`, `agenda` and
`board`. Pure and dated: `today` is a parameter; no files, no clock, no terminal.

    from saveplan.analysis.lifecycle import lifecycle

    life = lifecycle(plan, config, today)
    life.stage                 # draft | active | recovery | win_back | closed
    life.next_touch            # ScheduledTouch(kind="review", on=2027-04-11, ...) or None
    [t for t in life.schedule if t.is_late(today)]   # what SP503 reports

The schedule (workspace `follow_up`, the contract, "saveplan.yaml"), counted from `outcome.on`:

- saved: `check_in`, `review`, `business_review` at `follow_up.check_in`, `.review`,
  `.business_review` days (30, 60, 90 by default);
- churned or exited: one `win_back` at each of `follow_up.win_back_months` months (3, 6,
  12), by the calendar (`relativedelta`: 2026-11-30 + 3 months is 2027-02-28);
- draft and active plans, and closed plans without `outcome.on` (SP501), have none.

A scheduled touch is *recorded* by a touch of its kind dated on or after its date (and on
or before today: a touch dated in the future has not happened yet). Each touch records
at most one scheduled touch, the earliest it can, so three win-back months need three
win-back touches. A `win_back` touch with `result: won_back` ends the win-back: the
months after it are no longer scheduled.

Stages (the contract, "Leading indicator status"): `draft` and `active` are the status itself. A
saved plan is in `recovery` until `follow_up.recovery_days` after the outcome (that day
included) or while one of its follow-ups is not recorded; a churned or exited plan is in
`win_back` while one of its win-back touches is not recorded; after that, `closed`. A
closed plan without `outcome.on` is in recovery (saved) or win-back (churned, exited,
unless `win_back_months` is empty): the outcome itself is the work left.

The recovery period (SP504): from `outcome.on` to `recovery_until`, both included, a
saved plan wants a contact (a touch of any kind, or the outcome itself) at least every
`follow_up.touch_every` days. These recurring touches are not scheduled touches: they
have no date of their own, only a deadline counted from the last contact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta

from saveplan.models import Plan, WorkspaceConfig
from saveplan.models.plan import Touch

Stage = Literal["draft", "active", "recovery", "win_back", "closed"]
ScheduledKind = Literal["check_in", "review", "business_review", "win_back"]

LATE_AFTER = 7       # days past its date before a scheduled touch is late (SP503)
DEBRIEF_AFTER = 14   # days after the outcome before a missing debrief is reported (SP502)
FOLLOW_UPS: tuple[ScheduledKind, ...] = ("check_in", "review", "business_review")
KIND_WORDS: dict[str, str] = {
    "check_in": "check-in",
    "review": "review",
    "business_review": "business review",
    "health_check": "health check",
    "win_back": "win-back",
    "next_renewal": "next renewal",
}


@dataclass(frozen=True)
class ScheduledTouch:
    """One touch the method schedules after the outcome.

    `kind` is the touch kind that records it; `on` the date it is due; `key` a stable
    name for it (`check_in`, `win_back-3` for the 3-month win-back), for calendar UIDs;
    `label` how people call it (`30-day check-in`, `3-month win-back`). `recorded` is
    the touch that recorded it (with its index in `plan.touches`), or None."""

    kind: ScheduledKind
    on: date
    key: str
    label: str
    recorded: Touch | None = None
    recorded_index: int | None = None

    @property
    def done(self) -> bool:
        return self.recorded is not None

    def days_past(self, today: date) -> int:
        """Days since its date (0 on the day, negative before it)."""
        return (today - self.on).days

    def is_due(self, today: date) -> bool:
        """Not recorded and its date has come (today or before)."""
        return not self.done and self.on <= today

    def is_late(self, today: date, grace: int = LATE_AFTER) -> bool:
        """Not recorded and more than `grace` days past its date (what SP503 reports)."""
        return not self.done and self.days_past(today) > grace

    def to_json(self) -> dict[str, str]:
        """`{kind, on}`, as `status --format json` gives `next_touch`."""
        return {"kind": self.kind, "on": self.on.isoformat()}


@dataclass(frozen=True)
class Lifecycle:
    """Where a plan stands after (or before) its outcome, on `today`. Build it with
    `lifecycle(plan, config, today)`; every field and property is derived, nothing is
    stored in the plan."""

    plan: Plan
    today: date
    stage: Stage
    schedule: tuple[ScheduledTouch, ...] = ()
    recovery_until: date | None = None  # saved: the last day of the recovery period
    touch_every: int = 14
    last_contact: date | None = None    # the latest touch on or before today, else outcome.on
    last_contact_index: int | None = None  # that touch's index in plan.touches (None: outcome)
    touches: tuple[tuple[int, Touch], ...] = field(default=())  # (index, touch) up to today

    # -- the outcome ----------------------------------------------------------------

    @property
    def outcome_on(self) -> date | None:
        return self.plan.outcome.on if self.plan.outcome else None

    @property
    def is_closed(self) -> bool:
        return self.plan.is_closed

    @property
    def calls_for_work(self) -> bool:
        """Open, or closed and still in recovery or win-back: `status` lists it."""
        return self.stage != "closed"

    # -- scheduled touches ------------------------------------------------------------

    @property
    def next_touch(self) -> ScheduledTouch | None:
        """The earliest scheduled touch not yet recorded (late or to come), or None."""
        return next((t for t in self.schedule if not t.done), None)

    def late(self, grace: int = LATE_AFTER) -> list[ScheduledTouch]:
        """Scheduled touches more than `grace` days past and not recorded (SP503)."""
        return [t for t in self.schedule if t.is_late(self.today, grace)]

    def due(self) -> list[ScheduledTouch]:
        """Scheduled touches whose date has come and that are not recorded."""
        return [t for t in self.schedule if t.is_due(self.today)]

    # -- the recovery period (saved plans) ----------------------------------------------

    @property
    def in_recovery(self) -> bool:
        """Saved, and today is inside the recovery period (outcome day to recovery_until)."""
        on = self.outcome_on
        return (self.plan.status == "saved" and on is not None and self.recovery_until is not None
                and on <= self.today <= self.recovery_until)

    @property
    def days_since_contact(self) -> int | None:
        return None if self.last_contact is None else (self.today - self.last_contact).days

    @property
    def recovery_touch_by(self) -> date | None:
        """In recovery: the day by which the next recurring touch is wanted."""
        if not self.in_recovery or self.last_contact is None:
            return None
        return self.last_contact + timedelta(days=self.touch_every)

    @property
    def recovery_touch_late(self) -> bool:
        """In recovery with no touch (or outcome) in the last `touch_every` days (SP504)."""
        days = self.days_since_contact
        return self.in_recovery and days is not None and days > self.touch_every

    # -- the debrief ----------------------------------------------------------------------

    @property
    def has_debrief(self) -> bool:
        """`outcome.debrief` holds at least one of worked, missed, change."""
        outcome = self.plan.outcome
        debrief = outcome.debrief if outcome else None
        return debrief is not None and any(
            (text or "").strip() for text in (debrief.worked, debrief.missed, debrief.change))

    @property
    def debrief_by(self) -> date | None:
        """The last day before a missing debrief is reported (outcome + 14 days)."""
        on = self.outcome_on
        return None if on is None or not self.is_closed else on + timedelta(days=DEBRIEF_AFTER)

    @property
    def debrief_late(self) -> bool:
        """Closed more than 14 days ago and no debrief (SP502)."""
        by = self.debrief_by
        return by is not None and self.today > by and not self.has_debrief

    # -- how the save held (for report and metrics) ---------------------------------------

    @property
    def next_renewal(self) -> Touch | None:
        """The latest `next_renewal` touch up to today (its `result`: renewed or churned)."""
        found = [t for _, t in self.touches if t.kind == "next_renewal"]
        return found[-1] if found else None

    @property
    def won_back(self) -> Touch | None:
        """The first touch up to today with `result: won_back`, if any."""
        return next((t for _, t in self.touches if t.result == "won_back"), None)


def kind_words(kind: str) -> str:
    """A touch kind in words: `business_review` -> `business review`."""
    return KIND_WORDS.get(kind, kind.replace("_", " "))


def _planned(plan: Plan, config: WorkspaceConfig) -> list[tuple[ScheduledKind, date, str, str]]:
    """(kind, date, key, label) of every touch the outcome schedules, by date."""
    on = plan.outcome.on if plan.outcome else None
    if on is None or not plan.is_closed:
        return []
    fu = config.follow_up
    planned: list[tuple[ScheduledKind, date, str, str]] = []
    if plan.status == "saved":
        for kind in FOLLOW_UPS:
            days: int = getattr(fu, kind)
            planned.append((kind, on + timedelta(days=days), kind, f"{days}-day {kind_words(kind)}"))
    else:
        for months in sorted(set(fu.win_back_months)):
            planned.append(("win_back", on + relativedelta(months=months), f"win_back-{months}",
                            f"{months}-month win-back"))
    return sorted(planned, key=lambda p: (p[1], FOLLOW_UPS.index(p[0]) if p[0] in FOLLOW_UPS else 0))


def schedule(plan: Plan, config: WorkspaceConfig, today: date) -> list[ScheduledTouch]:
    """The scheduled touches of a closed plan, by date, each with the touch that recorded
    it (see the module docstring); empty for an open plan or one without `outcome.on`."""
    touches = sorted(((i, t) for i, t in enumerate(plan.touches) if t.on <= today),
                     key=lambda item: (item[1].on, item[0]))
    won = next((t.on for _, t in touches if t.kind == "win_back" and t.result == "won_back"), None)
    used: set[int] = set()
    out: list[ScheduledTouch] = []
    for kind, on, key, label in _planned(plan, config):
        if kind == "win_back" and won is not None and on > won:
            continue  # won back: no more win-back touches are called for
        match = next(((i, t) for i, t in touches
                      if i not in used and t.kind == kind and t.on >= on), None)
        if match is not None:
            used.add(match[0])
        out.append(ScheduledTouch(kind, on, key, label, match[1] if match else None,
                                  match[0] if match else None))
    return out


def _stage(plan: Plan, config: WorkspaceConfig, today: date, planned: list[ScheduledTouch],
           recovery_until: date | None) -> Stage:
    if plan.status == "draft" or plan.status == "active":
        return plan.status
    open_touch = any(not t.done for t in planned)
    if plan.status == "saved":
        if recovery_until is None:  # no outcome date yet: the outcome is the work left
            return "recovery"
        return "recovery" if today <= recovery_until or open_touch else "closed"
    if plan.outcome is None or plan.outcome.on is None:
        return "win_back" if config.follow_up.win_back_months else "closed"
    return "win_back" if open_touch else "closed"


def lifecycle(plan: Plan, config: WorkspaceConfig, today: date) -> Lifecycle:
    """Everything about the plan's lifecycle on `today` (see `Lifecycle`)."""
    fu = config.follow_up
    on = plan.outcome.on if plan.outcome else None
    planned = schedule(plan, config, today)
    recovery_until = (on + timedelta(days=fu.recovery_days)
                      if plan.status == "saved" and on is not None else None)
    touches = tuple(sorted(((i, t) for i, t in enumerate(plan.touches) if t.on <= today),
                           key=lambda item: (item[1].on, item[0])))
    last, last_index = on, None
    if touches and (last is None or touches[-1][1].on >= last):
        last_index, last = touches[-1][0], touches[-1][1].on
    if not plan.is_closed:
        last, last_index = None, None
    return Lifecycle(plan=plan, today=today, stage=_stage(plan, config, today, planned, recovery_until),
                     schedule=tuple(planned), recovery_until=recovery_until,
                     touch_every=fu.touch_every, last_contact=last, last_contact_index=last_index,
                     touches=touches)


def stage(plan: Plan, config: WorkspaceConfig, today: date) -> Stage:
    """The plan's stage on `today`: draft | active | recovery | win_back | closed."""
    return lifecycle(plan, config, today).stage


def next_touch(plan: Plan, config: WorkspaceConfig, today: date) -> ScheduledTouch | None:
    """The next scheduled touch not yet recorded, or None (see `Lifecycle.next_touch`)."""
    return lifecycle(plan, config, today).next_touch


def in_calendar(plan: Plan, config: WorkspaceConfig, today: date, owner: str | None = None) -> bool:
    """Whether the workspace's calendar holds this plan: a draft or active plan, or a closed
    one still in recovery or win-back (with `owner`, only that person's)."""
    return (owner is None or plan.owner == owner) and lifecycle(plan, config, today).calls_for_work

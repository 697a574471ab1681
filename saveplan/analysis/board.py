"""The risk-review board as data (the contract, "Board"): what the page shows, computed once.

Pure: plans, the workspace settings and `today` come in; no files, no clock, no git, no
HTML. Nothing is decided here that `status` or `triage` decides: the light, the indicator
state, the next action and the deadlines come from `saveplan.status`; the order, the
effort and the expected value from `saveplan.triage`. This module only gathers them per
plan and sums them into the tiles. `saveplan.render.board` draws the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from saveplan.analysis.metrics import Record, metrics_of, record
from saveplan.analysis.movers import Mover, Row
from saveplan.findings import Finding
from saveplan.models import Plan, WorkspaceConfig
from saveplan.models.plan import Reading
from saveplan.status import (
    ActionDue,
    Event,
    IndicatorState,
    Light,
    PlanStatus,
    Window,
    person_name,
    plan_status,
    timeline_events,
)
from saveplan.triage import Triage, sort_key, triage_plan

if TYPE_CHECKING:
    from saveplan.plans import PlanFile

HORIZON_DAYS = 14  # the deadlines shown: overdue ones, and those of the next two weeks
LIGHTS = ("red", "yellow", "green")
DEADLINE_KINDS = ("overdue", "due", "check", "renewal")


@dataclass(frozen=True)
class Readings:
    """An open plan's leading indicator, for its line of readings: each reading up to
    today, and whether it meets the target."""

    metric: str
    target: float | None
    direction: str
    started: date
    renewal_date: date
    points: tuple[tuple[Reading, bool], ...]


@dataclass(frozen=True)
class Glance:
    """What the board shows of an open plan's status (saveplan.status decides it), without
    the plan: its deadlines (overdue, or within the horizon) and its readings come along."""

    today: date
    light: Light
    indicator: IndicatorState
    days_to_renewal: int
    window: Window
    latest: Reading | None
    next_action: ActionDue | None
    overdue: tuple[int, ...]  # the numbers of the overdue actions
    check_date: date | None
    readings: Readings | None  # None: no leading indicator
    deadlines: tuple[Event, ...]


@dataclass(frozen=True)
class AgendaRow:
    """One open plan in the order of the risk review."""

    rank: int
    triage: Triage
    status: Glance
    owner: str  # the owner's name from the roster, else the id as written
    next_owner: str | None = None  # the next action's owner, named the same way

    @property
    def path(self) -> str:
        return self.triage.path

    @property
    def account(self) -> str:
        return self.triage.account


@dataclass(frozen=True)
class Deadline:
    day: date
    kind: str  # overdue | due | check | renewal (as status's timeline names them)
    text: str
    row: AgendaRow


@dataclass(frozen=True)
class FollowUp:
    """A closed plan that still calls for work: a save in recovery, or a win-back."""

    path: str
    account: str
    owner: str
    status: str
    stage: str  # recovery | win_back
    outcome_on: date | None
    next_touch: str | None  # e.g. "check_in", in words
    next_touch_on: date | None


@dataclass(frozen=True)
class Unloaded:
    path: str
    problem: str


@dataclass
class Board:
    today: date
    agenda: list[AgendaRow]
    deadlines: list[Deadline]
    follow_up: list[FollowUp]
    metrics: dict[str, object]
    unloaded: list[Unloaded] = field(default_factory=list)
    movers: list[Mover] | None = None  # None: no --since asked
    since: str | None = None  # how the page names the moment movers count from, in full
    since_ref: str | None = None  # and in the words given to --since
    closed: int = 0
    horizon: int = HORIZON_DAYS
    windows: tuple[int, int] = (30, 90)  # days at which the compressed, comprehensive windows start

    @property
    def open_plans(self) -> int:
        return len(self.agenda)

    @property
    def arr_at_risk(self) -> float:
        return sum(r.triage.arr for r in self.agenda)

    @property
    def expected_saved(self) -> float:
        """Sum of the expected values triage gives (ARR x the probability's midpoint)."""
        return sum(r.triage.expected_value for r in self.agenda)

    @property
    def per_light(self) -> dict[str, int]:
        return {light: sum(1 for r in self.agenda if r.status.light == light) for light in LIGHTS}

    @property
    def overdue_actions(self) -> int:
        return sum(len(r.status.overdue) for r in self.agenda)


@dataclass(frozen=True)
class Seen:
    """What the board keeps of one plan (`seen`), computed where the plan was loaded."""

    file: Path | None  # the plan's file, for --since (None: not from a file)
    record: Record  # for the metrics
    now: Row  # for the movers
    open: tuple[Triage, Glance] | None  # an open plan's triage row and status
    follow_up: FollowUp | None  # a closed plan in recovery or win-back


def glance(plan: Plan, st: PlanStatus, config: WorkspaceConfig, horizon: int) -> Glance:
    """The status the board shows of an open plan (`st`: its `plan_status`)."""
    today = st.today
    end = today + timedelta(days=horizon)
    ind = plan.leading_indicator
    readings = None if ind is None else Readings(
        ind.metric, ind.target, ind.direction, plan.started, plan.account.renewal_date,
        tuple((r, not plan.misses_target(r.value)) for _, r in plan.readings_until(today)))
    return Glance(today, st.light, st.indicator, st.days_to_renewal, st.window, st.latest, st.next_action,
                  tuple(a.number for a in st.overdue), st.check_date, readings,
                  tuple(e for e in timeline_events(st, config) if e.kind in DEADLINE_KINDS
                        and (e.kind == "overdue" or today <= e.day <= end)))


def seen(path: str, plan: Plan, config: WorkspaceConfig, today: date, *, horizon: int = HORIZON_DAYS,
         file: Path | None = None) -> Seen:
    """What the board needs of one plan (path as shown)."""
    from saveplan.analysis.movers import row_of

    if plan.is_closed:
        return Seen(file, record(plan, config), row_of(plan, None), None,
                    follow_up(path, plan, config, today))
    st = plan_status(plan, config, today, path=path)  # once: triage, the glance and the movers read it
    return Seen(file, record(plan, config), row_of(plan, st),
                (triage_plan(path, plan, config, today, status=st), glance(plan, st, config, horizon)), None)


def board_step(pf: PlanFile, context: tuple[WorkspaceConfig, date, int]) -> Seen:
    """`board`'s step for `map_plans`. `context` is (config, today, horizon)."""
    config, today, horizon = context
    return seen(pf.shown, pf.plan, config, today, horizon=horizon, file=pf.path)


def board_of(plans: Iterable[Seen], config: WorkspaceConfig, today: date, *,
             horizon: int = HORIZON_DAYS) -> Board:
    """The board of the plans seen (in file order) on `today`."""
    found = list(plans)
    rows: list[AgendaRow] = []
    ranked = sorted((s.open for s in found if s.open is not None), key=lambda pair: sort_key(pair[0]))
    for n, (t, st) in enumerate(ranked, 1):
        nxt = st.next_action
        rows.append(AgendaRow(n, t, st, person_name(t.owner, config),
                              person_name(nxt.action.owner, config) if nxt and nxt.action.owner else None))
    follow = sorted((s.follow_up for s in found if s.follow_up is not None),
                    key=lambda f: (f.next_touch_on or date.max, f.account.casefold(), f.path))
    return Board(today=today, agenda=rows, deadlines=deadlines(rows), follow_up=follow,
                 metrics=metrics_of([s.record for s in found], config),
                 closed=sum(1 for s in found if s.open is None), horizon=horizon,
                 windows=(config.windows.compressed, config.windows.comprehensive))


def deadlines(rows: Sequence[AgendaRow]) -> list[Deadline]:
    """Actions overdue, then actions due, indicator checks and renewals from today to the
    horizon, by date: the points of `status`'s timeline, nothing recomputed."""
    found = [Deadline(e.day, e.kind, e.text, row) for row in rows for e in row.status.deadlines]
    return sorted(found, key=lambda d: (d.kind != "overdue", d.day, d.row.rank,
                                        DEADLINE_KINDS.index(d.kind)))


def build_board(plans: Sequence[tuple[str, Plan]], config: WorkspaceConfig, today: date, *,
                horizon: int = HORIZON_DAYS) -> Board:
    """The board of these plans (path shown, plan) on `today`."""
    return board_of((seen(path, plan, config, today, horizon=horizon) for path, plan in plans),
                    config, today, horizon=horizon)


def unloaded(bad: Sequence[tuple[str, Finding]]) -> list[Unloaded]:
    """The plans that do not load (path shown, first finding), for the page to name."""
    return [Unloaded(path, first.in_plan()) for path, first in bad]


# -- what the lifecycle computes --------------------------------------------------------------

def follow_up(path: str, plan: Plan, config: WorkspaceConfig, today: date) -> FollowUp | None:
    """A closed plan in recovery or win-back (the lifecycle's stage), with the next touch."""
    from saveplan.analysis.lifecycle import lifecycle

    life = lifecycle(plan, config, today)
    if life.stage not in ("recovery", "win_back"):
        return None
    touch = life.next_touch
    return FollowUp(path, plan.account.name, person_name(plan.owner, config), plan.status,
                    life.stage, plan.outcome.on if plan.outcome else None,
                    touch.label if touch else None, touch.on if touch else None)

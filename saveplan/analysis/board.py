"""The risk-review board as data (the contract, "Board"): what the page shows, computed once.

Pure: plans, the workspace settings and `today` come in; no files, no clock, no git, no
HTML. Nothing is decided here that `status` or `triage` decides: the light, the indicator
state, the next action and the deadlines come from `saveplan.status`; the order, the
effort and the expected value from `saveplan.triage`. This module only gathers them per
plan and sums them into the tiles. `saveplan.render.board` draws the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from saveplan.analysis.movers import Mover
from saveplan.findings import Finding
from saveplan.models import Plan, WorkspaceConfig
from saveplan.status import PlanStatus, person_name, plan_status, timeline_events
from saveplan.triage import Triage, triage

HORIZON_DAYS = 14  # the deadlines shown: overdue ones, and those of the next two weeks
LIGHTS = ("red", "yellow", "green")
DEADLINE_KINDS = ("overdue", "due", "check", "renewal")


@dataclass(frozen=True)
class AgendaRow:
    """One open plan in the order of the risk review."""

    rank: int
    triage: Triage
    status: PlanStatus
    owner: str  # the owner's name from the roster, else the id as written
    next_owner: str | None = None  # the next action's owner, named the same way

    @property
    def plan(self) -> Plan:
        return self.status.plan

    @property
    def path(self) -> str:
        return self.triage.path


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
        return sum(r.plan.account.arr for r in self.agenda)

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


def deadlines(rows: Sequence[AgendaRow], config: WorkspaceConfig, today: date,
              horizon: int = HORIZON_DAYS) -> list[Deadline]:
    """Actions overdue, then actions due, indicator checks and renewals from today to
    `horizon` days ahead, by date: the points of `status`'s timeline, nothing recomputed."""
    end = today + timedelta(days=horizon)
    found: list[Deadline] = []
    for row in rows:
        for event in timeline_events(row.status, config):
            if event.kind not in DEADLINE_KINDS:
                continue
            if event.kind == "overdue" or today <= event.day <= end:
                found.append(Deadline(event.day, event.kind, event.text, row))
    return sorted(found, key=lambda d: (d.kind != "overdue", d.day, d.row.rank,
                                        DEADLINE_KINDS.index(d.kind)))


def build_board(plans: Sequence[tuple[str, Plan]], config: WorkspaceConfig, today: date, *,
                horizon: int = HORIZON_DAYS) -> Board:
    """The board of these plans (path shown, plan) on `today`."""
    by_path = {path: plan for path, plan in plans}
    ranked = triage(plans, config, today)
    rows: list[AgendaRow] = []
    for n, t in enumerate(ranked, 1):
        st = plan_status(by_path[t.path], config, today, path=t.path)
        nxt = st.next_action
        rows.append(AgendaRow(n, t, st, person_name(t.owner, config),
                              person_name(nxt.action.owner, config) if nxt and nxt.action.owner else None))
    return Board(today=today, agenda=rows, deadlines=deadlines(rows, config, today, horizon),
                 follow_up=_closed_in_follow_up(plans, config, today),
                 metrics=_metrics([plan for _, plan in plans], config),
                 closed=sum(1 for _, plan in plans if plan.is_closed), horizon=horizon,
                 windows=(config.windows.compressed, config.windows.comprehensive))


def unloaded(bad: Sequence[tuple[str, Finding]]) -> list[Unloaded]:
    """The plans that do not load (path shown, first finding), for the page to name."""
    return [Unloaded(path, first.in_plan()) for path, first in bad]


# -- what the metrics and the lifecycle compute ---------------------------------------------

def _metrics(plans: Sequence[Plan], config: WorkspaceConfig) -> dict[str, object]:
    """The program metrics (docs/metrics.md) of every plan of the workspace."""
    from saveplan.analysis.metrics import compute_metrics

    return compute_metrics(plans, config)


def _closed_in_follow_up(plans: Sequence[tuple[str, Plan]], config: WorkspaceConfig,
                         today: date) -> list[FollowUp]:
    """Closed plans in recovery or win-back (the lifecycle's stage), with the next touch."""
    from saveplan.analysis.lifecycle import lifecycle

    found: list[FollowUp] = []
    for path, plan in plans:
        if not plan.is_closed:
            continue
        life = lifecycle(plan, config, today)
        if life.stage not in ("recovery", "win_back"):
            continue
        touch = life.next_touch
        found.append(FollowUp(path, plan.account.name, person_name(plan.owner, config), plan.status,
                              life.stage, plan.outcome.on if plan.outcome else None,
                              touch.label if touch else None, touch.on if touch else None))
    return sorted(found, key=lambda f: (f.next_touch_on or date.max, f.account.casefold(), f.path))

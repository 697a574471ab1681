"""The board as one self-contained HTML page: Jinja2 with autoescaping, inline CSS, inline
SVG, no script, nothing loaded from anywhere (a Content-Security-Policy says so to the
browser too). This module turns `saveplan.analysis.board.Board` into drawing primitives
(the chart's shapes, each plan's reading line) and hands them to the template; every text
from a plan reaches the page through the template's autoescape, control characters and
bidi overrides removed first (`strip_controls`).

The light is never colour alone: a word beside every badge, and a shape (square red,
triangle yellow, circle green) in the badges and in the chart, whose lanes are named too.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from saveplan import __version__, words
from saveplan.render.text import strip_controls
from saveplan.status import STATE_WORDS

if TYPE_CHECKING:
    from jinja2 import Environment

    from saveplan.analysis.board import AgendaRow, Board

TEMPLATES = Path(__file__).parent / "templates"
LANES = ("red", "yellow", "green")


def compact(value: float) -> str:
    """A tile's figure, readable across a room: 1.2M, 114k, 950."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    return words.money(value)


def _clean(value: object) -> object:
    """Every `{{ }}` of the template passes here before the autoescape: text loses its
    control characters and bidi overrides; the escape then makes `<` into `&lt;`. The
    template's own markup (a macro's output) is left as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_controls(value, keep_newlines=False)
    return value


# -- the chart: open plans by days to renewal (x) and ARR (size), a lane per light ----

W, H = 1200, 400
LEFT, RIGHT, TOP, BOTTOM = 96, 36, 44, 48


@dataclass(frozen=True)
class Mark:
    path: str
    account: str
    light: str
    x: float
    y: float
    r: float
    title: str
    label: str | None
    label_x: float
    label_y: float

    @property
    def triangle(self) -> str:
        s = self.r * 1.25
        return (f"{self.x:.1f},{self.y - s:.1f} {self.x + s * 0.93:.1f},{self.y + s * 0.6:.1f} "
                f"{self.x - s * 0.93:.1f},{self.y + s * 0.6:.1f}")

    @property
    def side(self) -> float:
        return self.r * 1.75


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    marks: list[Mark]
    ticks: list[Tick]
    lanes: list[tuple[str, float, float, int]]  # light, top y, height, plans in it
    today_x: float
    windows: list[Tick]  # the window boundaries (compressed, comprehensive)
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float


def _tick_step(span: int) -> int:
    for step in (7, 14, 30, 60, 90, 180, 365):
        if span / step <= 12:
            return step
    return 365 * math.ceil(span / 365 / 12)


def chart(board: Board) -> Chart:
    rows = board.agenda
    days = [r.status.days_to_renewal for r in rows] or [0]
    board_windows = _windows(board)
    lo = min(0, min(days))
    hi = max(max(days), max(w for w, _ in board_windows) + 10, 30)
    pad = max(3, round((hi - lo) * 0.03))
    lo, hi = lo - pad, hi + pad
    plot_w = W - LEFT - RIGHT
    plot_h = H - TOP - BOTTOM
    lane_h = plot_h / 3

    def x_of(d: float) -> float:
        return LEFT + (d - lo) / (hi - lo) * plot_w

    step = _tick_step(hi - lo)
    first = math.ceil(lo / step) * step
    ticks = [Tick(x_of(d), f"{d} d") for d in range(first, hi + 1, step)]
    max_arr = max([r.triage.arr for r in rows] + [1.0])
    many = len(rows) > 40
    r_min, r_max = (3.0, 12.0) if many else (6.0, min(30.0, lane_h * 0.36))
    marks: list[Mark] = []
    taken: dict[str, list[tuple[float, float, float]]] = {light: [] for light in LANES}
    order = sorted(rows, key=lambda r: -r.triage.arr)  # big first, small drawn on top
    for row in order:
        st = row.status
        lane = LANES.index(st.light)
        center = TOP + lane_h * lane + lane_h / 2
        jitter = ((row.rank * 37) % 7 - 3) / 3 * lane_h * (0.3 if many else 0.12)
        y = center + jitter
        x = x_of(st.days_to_renewal)
        r = r_min + (r_max - r_min) * math.sqrt(max(0.0, row.triage.arr) / max_arr)
        title = (f"{row.account}: {st.light}, {STATE_WORDS[st.indicator]}, "
                 f"{st.days_to_renewal} days to renewal, ARR {words.money(row.triage.arr)}, "
                 f"owner {row.owner}")
        label, lx, ly = None, x + r + 6, y + 5
        if not many:
            label = row.account
            width = 8.2 * len(label)
            for offset in (0.0, -22.0, 22.0, -40.0, 40.0):
                ly = y + 5 + offset
                if all(not (lx < ox + ow and ox < lx + width and abs(ly - oy) < 18)
                       for ox, oy, ow in taken[st.light]):
                    break
            if lx + width > W - 4:  # no room on the right: the label goes to the left
                lx = x - r - 6 - width
            taken[st.light].append((lx, ly, width))
        marks.append(Mark(row.path, row.account, st.light, x, y, r, title, label, lx, ly))
    lanes = [(light, TOP + lane_h * i, lane_h, sum(1 for r in rows if r.status.light == light))
             for i, light in enumerate(LANES)]
    return Chart(W, H, marks, ticks, lanes, x_of(0),
                 [Tick(x_of(d), f"{d} d: {name}") for d, name in board_windows if lo <= d <= hi],
                 LEFT, W - RIGHT, TOP, H - BOTTOM)


def _windows(board: Board) -> list[tuple[int, str]]:
    """The window boundaries: at `compressed` days the compressed window starts, at
    `comprehensive` the comprehensive one (the workspace's `windows`)."""
    compressed, comprehensive = board.windows
    return [(compressed, "compressed"), (comprehensive, "comprehensive")]


# -- each plan's readings against its target --------------------------------------------

SW, SH = 260, 72
SPAD_X, SPAD_Y = 8, 10


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    meets: bool
    title: str


@dataclass(frozen=True)
class Spark:
    row: AgendaRow
    metric: str
    target: str  # "at least 3"
    latest: str  # "2 on 2026-12-03" or ""
    check: date | None
    dots: list[Dot]
    line: str  # polyline points
    target_y: float | None
    check_x: float | None
    today_x: float | None
    width: int = SW
    height: int = SH


def spark(row: AgendaRow) -> Spark | None:
    st = row.status
    ind = st.readings
    if ind is None:
        return None
    readings = [r for r, _ in ind.points]
    check = st.check_date
    target = words.bound(ind.direction, ind.target) if ind.target is not None else "no target"
    latest = f"{readings[-1].value:g} on {readings[-1].on}" if readings else ""
    start = ind.started
    today = min(st.today, ind.renewal_date)
    end = max([check or start, *(r.on for r in readings), today, start])
    span = max(1, (end - start).days)
    values = [r.value for r in readings] + ([ind.target] if ind.target is not None else [])
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    room = (high - low) * 0.15
    low, high = low - room, high + room

    def px(day: date) -> float:
        return SPAD_X + (day - start).days / span * (SW - 2 * SPAD_X)

    def py(value: float) -> float:
        return SH - SPAD_Y - (value - low) / (high - low) * (SH - 2 * SPAD_Y)

    dots = [Dot(px(r.on), py(r.value), meets, f"{r.on}: {r.value:g}" + (f" ({r.note})" if r.note else ""))
            for r, meets in ind.points]
    return Spark(row, ind.metric, target, latest, check, dots,
                 " ".join(f"{d.x:.1f},{d.y:.1f}" for d in dots),
                 py(ind.target) if ind.target is not None else None,
                 px(check) if check is not None else None,
                 px(today) if start <= today else None)


# -- the page ---------------------------------------------------------------------------

@cache
def environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, finalize=_clean)
    env.filters["money"] = words.money
    env.filters["compact"] = compact
    env.filters["num"] = lambda value: f"{value:g}"
    env.globals["STATE_WORDS"] = STATE_WORDS
    return env


METRIC_ROWS: tuple[tuple[str, str, str], ...] = (  # key, label, format
    ("plans", "plans", "int"),
    ("attempts", "attempts (worked: active, saved or churned)", "int"),
    ("save_rate", "save rate (saved / decided; 50-60% is solid)", "percent"),
    ("saved", "saved", "int"),
    ("churned", "churned", "int"),
    ("exited", "exited", "int"),
    ("arr_at_risk", "ARR at risk (attempts)", "money"),
    ("arr_saved", "ARR saved", "money"),
    ("arr_lost", "ARR lost", "money"),
    ("time_to_save_days", "time to save (median days)", "number"),
    ("response_days", "response (median days from flagged to started)", "number"),
    ("concession_cost", "concession cost (year one)", "money"),
    ("save_roi", "save ROI", "ratio"),
    ("post_save_retention", "post-save retention", "percent"),
    ("win_backs", "win-backs", "int"),
)


def metric_rows(figures: dict[str, object]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, label, kind in METRIC_ROWS:
        if key not in figures:
            continue
        value = figures[key]
        if value is None:
            text = "n/a"
        elif isinstance(value, bool) or not isinstance(value, int | float):
            text = str(value)
        elif kind == "percent":
            text = f"{value * 100:.0f}%"
        elif kind == "money":
            text = words.money(value)
        elif kind == "ratio":
            text = f"{value:.1f}x"
        elif kind == "number":
            text = f"{value:g}"
        else:
            text = words.money(value)
        out.append((label, text))
    return out


def render_board(board: Board, *, title: str = "Risk review") -> str:
    """The page, whole."""
    return "".join(board_pieces(board, title=title))


def board_pieces(board: Board, *, title: str = "Risk review") -> Iterator[str]:
    """The page as the template renders it, piece by piece, ending with a newline: written
    as it comes, a board of 10,000 plans (a 22 MB page) is never held whole."""
    sparks = [s for s in (spark(r) for r in board.agenda) if s is not None]
    no_indicator = [r for r in board.agenda if r.status.readings is None]
    reasons = board.metrics.get("reasons") if board.metrics else None
    last = ""
    for piece in environment().get_template("board.html").generate(
            board=board, title=title, chart=chart(board) if board.agenda else None, sparks=sparks,
            no_indicator=no_indicator, metrics=metric_rows(board.metrics),
            reasons=sorted(reasons.items()) if isinstance(reasons, dict) else [],
            version=__version__, lanes=LANES):
        if piece:
            last = piece
            yield piece
    if not last.endswith("\n"):
        yield "\n"

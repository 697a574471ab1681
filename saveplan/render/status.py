"""The terminal drawings of one plan's detail (`saveplan status PLAN`): its timeline as a
bar, and each reading against the target. The events and states come from saveplan.status."""

from __future__ import annotations

from saveplan.status import Event, PlanStatus

BAR_WIDTH = 60
# where two events fall on one column of the bar, the more urgent mark shows
_PRIORITY = {"start": 0, "renewal": 0, "done": 1, "due": 2, "check": 3, "overdue": 4, "today": 5}


def timeline_bar(status: PlanStatus, events: list[Event], width: int = BAR_WIDTH) -> str:
    """One line: `START ├──✓──!─◆▼─○──────┤ RENEWAL`, each point at its place in time
    (where two fall on one column the more urgent mark shows; the legend lists them all)."""
    start, end = status.plan.started, status.plan.account.renewal_date
    total = max(1, (end - start).days)
    cells = ["─"] * width
    weight = [-1] * width
    for e in events:
        col = round((e.day - start).days / total * (width - 1))
        col = min(max(col, 0), width - 1)
        if _PRIORITY[e.kind] > weight[col]:
            cells[col], weight[col] = e.mark, _PRIORITY[e.kind]
    return f"{start} {''.join(cells)} {end}"


READING_BAR = 30


def reading_lines(status: PlanStatus) -> list[str]:
    """Each reading against the target: a bar to scale, the target as `|`, met or missed."""
    plan, today = status.plan, status.today
    ind = plan.leading_indicator
    if ind is None:
        return []
    readings = sorted(enumerate(ind.readings), key=lambda item: (item[1].on, item[0]))
    if not readings:
        return ["no reading yet"]
    values = [r.value for _, r in readings]
    scale = max([abs(v) for v in values] + [abs(ind.target or 0), 1e-9])
    width = max(len(f"{v:g}") for v in values)
    lines = []
    for _, r in readings:
        filled = max(0, min(READING_BAR, round(r.value / scale * READING_BAR)))
        cells = ["█"] * filled + ["·"] * (READING_BAR - filled)
        if ind.target is not None and ind.target >= 0:
            cells.insert(min(READING_BAR, round(ind.target / scale * READING_BAR)), "|")
        if r.on > today:
            verdict = "after today: not counted yet"
        elif ind.target is None:
            verdict = ""
        elif plan.misses_target(r.value):
            verdict = f"misses by {abs(r.value - ind.target):g}"
        else:
            verdict = "meets the target"
        note = f"  ({r.note})" if r.note else ""
        lines.append(f"{r.on}  {r.value:>{width}g}  {''.join(cells)}  {verdict}{note}".rstrip())
    return lines

"""How `saveplan status` shows what saveplan.status decides: the list of plans (a table,
plain rows for many, one block a plan on a narrow terminal), one plan in detail (its
timeline as a bar, each reading against the target, the follow-ups, the advice) and both
as JSON. Nothing here judges a plan; the states, lights, events and advice come in."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING, Any, TextIO

from saveplan import words
from saveplan.console import (
    PLAIN_FROM,
    json_text,
    make_console,
    print_lines,
    print_plain_table,
    write_json_texts,
)
from saveplan.status import (
    STATE_WORDS,
    Event,
    Light,
    Listing,
    Placed,
    PlanStatus,
    advice,
    person_name,
    place,
    plan_status,
    timeline_events,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from saveplan.models import WorkspaceConfig
    from saveplan.plans import BrokenPlan, PlanFile

NEXT_ACTION_FROM = 140  # columns from which the next action fits in the table (not cut to a stub)
LIST_UNDER = 80  # below this many columns the plans are a list, not a table (no column is lost)
LIGHT_STYLE = {"green": "green", "yellow": "yellow", "red": "bold red"}
MORE = "One plan in detail: saveplan status PLAN"

# -- the timeline ------------------------------------------------------------------------

MARKS = {"start": "├", "renewal": "┤", "done": "✓", "due": "○", "overdue": "!", "check": "◆",
         "today": "▼"}
LEGEND = "  ✓ done   ○ due   ! overdue   ◆ indicator check   ▼ today"
BAR_WIDTH = 60
# where two events fall on one column of the bar, the more urgent mark shows
_PRIORITY = {"start": 0, "renewal": 0, "done": 1, "due": 2, "check": 3, "overdue": 4, "today": 5}


def mark(event: Event) -> str:
    """The event's sign on the bar and in the legend: `✓` done, `!` overdue, `▼` today..."""
    return MARKS[event.kind]


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
            cells[col], weight[col] = mark(e), _PRIORITY[e.kind]
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


# -- cells and lines shared by the list and the detail -------------------------------------

def next_text(st: PlanStatus) -> str:
    """`2026-12-03 #2 Admin completes three reports (Lee Park)`, or "all actions done"."""
    nxt = st.next_action
    if nxt is None:
        return "all actions done"
    return f"{nxt.due or 'no date'} #{nxt.label} {nxt.action.do} ({nxt.action.owner})"


def touch_text(st: PlanStatus) -> str:
    """A closed plan's next touch: `2027-03-01 3-month win-back touch (due in 5 days)`."""
    from saveplan.render.lifecycle import touch_state

    nxt = st.next_touch
    if nxt is None:
        return "none scheduled"
    return f"{nxt.on} {nxt.label} ({touch_state(nxt, st.today)})"


@dataclass(frozen=True, slots=True)
class ListRow:
    """One plan of the `status` list as every layout of it draws it (the table, plain rows,
    one block a plan, the closed plans, JSON), without the plan: a 10,000-plan list keeps
    10,000 of these, built where each plan was loaded (`list_step`)."""

    light: Light
    account: str
    owner: str
    days_to_renewal: int
    window: str
    indicator: str  # the state, in words
    overdue: int
    next: str  # next_text
    outcome: str  # a closed plan's `saved 2026-11-01`
    stage: str  # in words
    touch: str  # touch_text
    json: str | None  # the JSON row, written out (only for --format json)


def list_row(st: PlanStatus, *, with_json: bool = True) -> ListRow:
    """What the list shows of `st`."""
    from saveplan.render.lifecycle import STAGE_WORDS

    outcome = st.plan.outcome
    on = f" {outcome.on}" if outcome is not None and outcome.on is not None else ""
    return ListRow(st.light, st.account, st.plan.owner, st.days_to_renewal, st.window,
                   STATE_WORDS[st.indicator], len(st.overdue), next_text(st), f"{st.plan.status}{on}",
                   STAGE_WORDS[st.stage], touch_text(st) if st.plan.is_closed else "",
                   json_text(st.to_json()) if with_json else None)


def list_step(pf: PlanFile, context: tuple[WorkspaceConfig, date, str | None, bool]
              ) -> Placed[ListRow] | None:
    """`status`'s step for `map_plans`: the plan's row and its place in the list (None: not
    `owner`'s). `context` is (config, today, owner or None, whether JSON is written)."""
    config, today, owner, with_json = context
    if owner is not None and pf.plan.owner != owner:
        return None
    st = plan_status(pf.plan, config, today, path=pf.shown, slug=pf.path.stem)
    return place(st, list_row(st, with_json=with_json))


def headline(listing: Listing[ListRow] | Listing[PlanStatus], broken: int) -> str:
    """`Open save plans on 2026-11-25: 4 (1 red, 2 yellow, 1 green, 1 invalid); 2 closed not shown`."""
    statuses = listing.open
    counts = {light: sum(1 for s in statuses if s.light == light) for light in ("red", "yellow", "green")}
    summary = ", ".join(f"{n} {light}" for light, n in counts.items() if n)
    head = f"Open save plans on {listing.today}: {len(statuses) + broken}"
    if summary:
        head += f" ({summary}" + (f", {broken} invalid" if broken else "") + ")"
    elif broken:
        head += f" ({broken} invalid)"
    if listing.hidden:
        head += f"; {listing.hidden} closed not shown"
    return head


def does_not_load(bad: BrokenPlan) -> str:
    """The list's note under the table for a plan that does not load."""
    first = bad.findings[0]
    return (f"{bad.shown} does not load ({first.in_plan()}): "
            f"run `saveplan check {bad.shown}`")


def indicator_line(st: PlanStatus) -> str:
    """`Indicator: behind: weekly_reports, latest 1 on 2026-12-01, target at least 3 (check ...)`."""
    ind = st.plan.leading_indicator
    line = f"Indicator: {STATE_WORDS[st.indicator]}"
    if ind is None:
        return line
    line += f": {ind.metric}"
    if st.latest is not None:
        line += f", latest {st.latest.value:g} on {st.latest.on}"
    if ind.target is not None:
        line += f", target {words.bound(ind.direction, ind.target)}"
    if st.check_date is not None:
        passed = "passed" if st.check_date < st.today else (
            "today" if st.check_date == st.today else "to come")
        line += f" (check {st.check_date}, {passed})"
    return line


def renewal_line(st: PlanStatus) -> str:
    """`Renewal 2027-02-15: 82 days left, comprehensive window` (a closed plan: the date only)."""
    renewal = st.plan.account.renewal_date
    if st.plan.is_closed:
        return f"Renewal {renewal}"
    left = st.days_to_renewal
    when = f"{words.days(left)} left" if left >= 0 else f"passed {words.days(-left)} ago"
    return f"Renewal {renewal}: {when}, {st.window} window"


# -- JSON ----------------------------------------------------------------------------------

def broken_row(bad: BrokenPlan) -> dict[str, Any]:
    """A plan that does not load: listed, red, with the first problem and where to look."""
    first = bad.findings[0]
    return {"path": bad.shown, "slug": bad.path.stem, "account": None, "owner": None,
            "status": None, "valid": False, "indicator": None, "light": "red",
            "reasons": ["the plan does not load"], "days_to_renewal": None, "window": None,
            "next_action": None, "overdue": None,
            "error": first.in_plan(),
            "hint": f"saveplan check {bad.shown}"}


def schedule_json(st: PlanStatus) -> list[dict[str, object]]:
    """The scheduled touches of a closed plan, for `status PLAN --format json`."""
    if st.life is None:
        return []
    return [{"kind": t.kind, "on": t.on.isoformat(), "label": t.label,
             "done": t.recorded.on.isoformat() if t.recorded is not None else None,
             "late": t.is_late(st.today)} for t in st.life.schedule]


def detail_json(st: PlanStatus, config: WorkspaceConfig) -> dict[str, object]:
    """One plan's row with its advice, follow-up schedule and timeline."""
    row = st.to_json()
    row["advice"] = advice(st)
    row["schedule"] = schedule_json(st)
    row["timeline"] = [{"date": e.day.isoformat(), "kind": e.kind, "text": e.text}
                       for e in timeline_events(st, config)]
    return row


def write_detail_json(st: PlanStatus, config: WorkspaceConfig, out: TextIO) -> None:
    out.write(json.dumps([detail_json(st, config)], indent=2, ensure_ascii=False) + "\n")


def write_list_json(listing: Listing[ListRow], broken: list[BrokenPlan], out: TextIO) -> None:
    """The plans that do not load first, then the open plans, then the closed ones shown."""
    write_json_texts(out, chain((json_text(broken_row(b)) for b in broken),
                                (row.json or "" for row in listing.open + listing.after)))


# -- the terminal ----------------------------------------------------------------------------

def _cut(text: str) -> Text:
    """A cell cut with an ellipsis rather than wrapped onto more lines."""
    from rich.text import Text

    return Text(text, no_wrap=True, overflow="ellipsis")


def print_closed(statuses: list[ListRow], console: Console) -> None:
    """The closed plans that still call for work: recovery and win-back."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console.print(f"After the outcome: {len(statuses)} (recovery and win-back)")
    rows: list[list[str | Text]] = [
        [Text(f"● {st.light}", style=LIGHT_STYLE[st.light]), st.account, st.owner, st.outcome,
         st.stage, _cut(st.touch)] for st in statuses]
    if len(rows) >= PLAIN_FROM:
        header = ["Light", "Account", "Owner", "Outcome", "Stage", "Next touch"]
        print_plain_table(console, header, rows, rule=True)
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    table.add_column("Light", no_wrap=True)
    table.add_column("Account", overflow="fold", min_width=12)
    table.add_column("Owner", no_wrap=True)
    table.add_column("Outcome", no_wrap=True)
    table.add_column("Stage", no_wrap=True)
    table.add_column("Next touch")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def print_narrow(statuses: list[ListRow], broken: list[BrokenPlan], console: Console) -> None:
    """A narrow terminal: one block a plan, every field kept, lines wrapped by rich."""
    from rich.text import Text

    for bad in broken:
        first = bad.findings[0]
        console.print(Text.assemble(("● red ", LIGHT_STYLE["red"]), (bad.shown, "bold"),
                                    f"\n    invalid: line {first.line} {first.code}; "
                                    f"run `saveplan check {bad.shown}`"))
    for st in statuses:
        overdue = f"{st.overdue} overdue" if st.overdue else "nothing overdue"
        console.print(Text.assemble((f"● {st.light} ", LIGHT_STYLE[st.light]), (st.account, "bold"),
                                    f" ({st.owner})\n    renewal in {st.days_to_renewal} d "
                                    f"({st.window}), indicator {st.indicator}, {overdue}\n"
                                    f"    next: {st.next}"))


def _print_table(statuses: list[ListRow], broken: list[BrokenPlan], console: Console,
                 wide: bool) -> None:
    """The open plans one row each (plain rows when many); the next action only when `wide`."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    rows: list[list[str | Text]] = []
    for bad in broken:
        rows.append([Text("● red", style=LIGHT_STYLE["red"]), bad.shown, "", "", "",
                     Text("invalid", style="bold red"), "",
                     *([_cut("does not load: see below")] if wide else [])])
    for st in statuses:
        rows.append([Text(f"● {st.light}", style=LIGHT_STYLE[st.light]), st.account, st.owner,
                     f"{st.days_to_renewal} d", st.window, st.indicator,
                     str(st.overdue) if st.overdue else "-", *([_cut(st.next)] if wide else [])])
    header = ["Light", "Account", "Owner", "Renewal in", "Window", "Indicator", "Overdue",
              *(["Next action"] if wide else [])]
    if len(rows) >= PLAIN_FROM:
        print_plain_table(console, header, rows, right={3, 6}, rule=True)
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    table.add_column("Light", no_wrap=True)
    table.add_column("Account", overflow="fold", min_width=12)
    table.add_column("Owner", no_wrap=True)
    table.add_column("Renewal in", justify="right", no_wrap=True)
    table.add_column("Window", no_wrap=True)
    table.add_column("Indicator", no_wrap=True)
    table.add_column("Overdue", justify="right", no_wrap=True)
    if wide:
        table.add_column("Next action")  # the one column that gives way to a narrower terminal
    for row in rows:
        table.add_row(*row)
    console.print(table)


def print_list(listing: Listing[ListRow], broken: list[BrokenPlan], out: TextIO) -> None:
    """Every open plan (a table, or one block a plan below LIST_UNDER columns), the plans
    that do not load, then the closed plans still in recovery or win-back."""

    console = make_console(out)
    statuses, after = listing.open, listing.after
    console.print(headline(listing, len(broken)))
    if not statuses and not broken:
        if after:
            print_closed(after, console)
            console.print(MORE)
        return
    if console.width < LIST_UNDER:
        print_narrow(statuses, broken, console)
        if after:
            print_closed(after, console)
        console.print(MORE)
        return
    wide = console.width >= NEXT_ACTION_FROM  # else the next actions are listed under the table
    _print_table(statuses, broken, console, wide)
    if not wide and statuses:
        console.print("Next actions:")
        print_lines(console, [f"  {st.account}: {st.next}" for st in statuses], wrap=True)
    for bad in broken:
        console.print(does_not_load(bad), soft_wrap=True)
    if after:
        print_closed(after, console)
    console.print(MORE)


def print_detail(st: PlanStatus, config: WorkspaceConfig, out: TextIO) -> None:
    """One plan: title and light, renewal, indicator, the follow-ups of a closed plan, the
    timeline, the readings and what the method suggests. Lines are left whole for the
    terminal to wrap."""
    from rich.text import Text

    console = make_console(out, soft_wrap=True)
    plan = st.plan
    title = Text(st.account, style="bold")
    if plan.is_closed:
        from saveplan.render.lifecycle import stage_words

        on = plan.outcome.on if plan.outcome else None
        outcome = f" on {on}" if on else ""
        title.append(f"  {plan.status}{outcome} ({stage_words(st.life) if st.life else 'closed'})",
                     style="bold")
    title.append(f"  ● {st.light}", style=LIGHT_STYLE[st.light])
    console.print(title)
    console.print(f"{st.path} · {plan.status} · owner {person_name(plan.owner, config)} ({plan.owner})"
                  f" · ARR {words.money(plan.account.arr)}")
    console.print(renewal_line(st))
    console.print(indicator_line(st))
    console.print(f"Light {st.light}: {'; '.join(st.reasons)}")
    if plan.is_closed and st.life is not None:
        from saveplan.render.lifecycle import schedule_lines

        console.print()
        console.print(Text("After the outcome", style="bold"))
        for line in schedule_lines(st.life, st.slug or "PLAN") or ["  nothing scheduled"]:
            console.print(line)
    console.print()
    events = timeline_events(st, config)
    console.print(Text("Timeline", style="bold"))
    console.print("  " + timeline_bar(st, events))
    for e in events:
        console.print(f"  {mark(e)} {e.day}  {e.text}")
    console.print(LEGEND, style="dim")
    ind = plan.leading_indicator
    if ind is not None:
        console.print()
        target = f" (target {words.bound(ind.direction, ind.target)})" if ind.target is not None else ""
        console.print(Text(f"Readings: {ind.metric}{target}", style="bold"))
        for reading in reading_lines(st):
            console.print(f"  {reading}")
    tips = advice(st)
    if tips:
        console.print()
        console.print(Text("What the method suggests", style="bold"))
        for tip in tips:
            console.print(f"  - {tip}")

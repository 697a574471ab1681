"""`saveplan status [PLAN]`: every open plan at a glance (indicator, light, next action),
then the closed plans still in recovery or win-back (stage, next touch), or one plan in
detail with its timeline, readings, follow-ups and what the method suggests."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from saveplan.commands.options import ListFormat, Owner, Today, WorkspaceDir, check_owner, format_option
from saveplan.console import PLAIN_FROM, plain_table

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from saveplan.models import WorkspaceConfig
    from saveplan.plans import BrokenPlan
    from saveplan.status import PlanStatus

NEXT_ACTION_FROM = 140  # columns from which the next action fits in the table (not cut to a stub)
LIST_UNDER = 80  # below this many columns the plans are a list, not a table (no column is lost)
LIGHT_STYLE = {"green": "green", "yellow": "yellow", "red": "bold red"}


def _console(out: TextIO, *, soft_wrap: bool = False) -> Console:
    """Tables fit the terminal; the detail's lines are left whole for the terminal to wrap."""
    from saveplan.console import make_console

    return make_console(out, soft_wrap=soft_wrap)


def broken_row(bad: BrokenPlan) -> dict[str, Any]:
    """A plan that does not load: listed, red, with the first problem and where to look."""
    first = bad.findings[0]
    return {"path": bad.shown, "slug": bad.path.stem, "account": None, "owner": None,
            "status": None, "valid": False, "indicator": None, "light": "red",
            "reasons": ["the plan does not load"], "days_to_renewal": None, "window": None,
            "next_action": None, "overdue": None,
            "error": f"line {first.line}: {first.code} {first.message}",
            "hint": f"saveplan check {bad.shown}"}


def _next_text(st: PlanStatus) -> str:
    nxt = st.next_action
    if nxt is None:
        return "all actions done"
    return f"{nxt.due or 'no date'} #{nxt.label} {nxt.action.do} ({nxt.action.owner})"


def _cut(text: str) -> Text:
    """A cell cut with an ellipsis rather than wrapped onto more lines."""
    from rich.text import Text

    return Text(text, no_wrap=True, overflow="ellipsis")


def _touch_text(st: PlanStatus) -> str:
    from saveplan.render.lifecycle import touch_state

    nxt = st.next_touch
    if nxt is None:
        return "none scheduled"
    return f"{nxt.on} {nxt.label} ({touch_state(nxt, st.today)})"


def _print_closed(statuses: list[PlanStatus], console: Console) -> None:
    """The closed plans that still call for work: recovery and win-back."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from saveplan.render.lifecycle import stage_words

    console.print(f"After the outcome: {len(statuses)} (recovery and win-back)")
    rows: list[list[str | Text]] = []
    for st in statuses:
        outcome = st.plan.outcome
        on = f" {outcome.on}" if outcome is not None and outcome.on is not None else ""
        rows.append([Text(f"● {st.light}", style=LIGHT_STYLE[st.light]), st.account, st.plan.owner,
                     f"{st.plan.status}{on}", stage_words(st.life) if st.life else st.stage,
                     _cut(_touch_text(st))])
    if len(rows) >= PLAIN_FROM:
        header = ["Light", "Account", "Owner", "Outcome", "Stage", "Next touch"]
        console.print(plain_table(header, rows, rule=True), soft_wrap=True)
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


def _print_narrow(statuses: list[PlanStatus], broken: list[BrokenPlan], console: Console) -> None:
    """A narrow terminal: one block a plan, every field kept, lines wrapped by rich."""
    from rich.text import Text

    from saveplan.status import STATE_WORDS

    for bad in broken:
        first = bad.findings[0]
        console.print(Text.assemble(("● red ", LIGHT_STYLE["red"]), (bad.shown, "bold"),
                                    f"\n    invalid: line {first.line} {first.code}; "
                                    f"run `saveplan check {bad.shown}`"))
    for st in statuses:
        overdue = f"{len(st.overdue)} overdue" if st.overdue else "nothing overdue"
        console.print(Text.assemble((f"● {st.light} ", LIGHT_STYLE[st.light]), (st.account, "bold"),
                                    f" ({st.plan.owner})\n    renewal in {st.days_to_renewal} d "
                                    f"({st.window}), indicator {STATE_WORDS[st.indicator]}, {overdue}\n"
                                    f"    next: {_next_text(st)}"))


def _print_list(statuses: list[PlanStatus], broken: list[BrokenPlan], closed: int, day: object,
                out: TextIO, after: list[PlanStatus] | None = None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from saveplan.status import STATE_WORDS

    console = _console(out)
    counts = {light: sum(1 for s in statuses if s.light == light) for light in ("red", "yellow", "green")}
    summary = ", ".join(f"{n} {light}" for light, n in counts.items() if n)
    total = len(statuses) + len(broken)
    head = f"Open save plans on {day}: {total}"
    if summary:
        head += f" ({summary}" + (f", {len(broken)} invalid" if broken else "") + ")"
    elif broken:
        head += f" ({len(broken)} invalid)"
    if closed:
        head += f"; {closed} closed not shown"
    console.print(head)
    if not total:
        if after:
            _print_closed(after, console)
            console.print("One plan in detail: saveplan status PLAN")
        return
    if console.width < LIST_UNDER:
        _print_narrow(statuses, broken, console)
        if after:
            _print_closed(after, console)
        console.print("One plan in detail: saveplan status PLAN")
        return
    wide = console.width >= NEXT_ACTION_FROM  # else the next actions are listed under the table
    rows: list[list[str | Text]] = []
    for bad in broken:
        rows.append([Text("● red", style=LIGHT_STYLE["red"]), bad.shown, "", "", "",
                     Text("invalid", style="bold red"), "",
                     *([_cut("does not load: see below")] if wide else [])])
    for st in statuses:
        rows.append([Text(f"● {st.light}", style=LIGHT_STYLE[st.light]), st.account, st.plan.owner,
                     f"{st.days_to_renewal} d", st.window, STATE_WORDS[st.indicator],
                     str(len(st.overdue)) if st.overdue else "-",
                     *([_cut(_next_text(st))] if wide else [])])
    header = ["Light", "Account", "Owner", "Renewal in", "Window", "Indicator", "Overdue",
              *(["Next action"] if wide else [])]
    if len(rows) >= PLAIN_FROM:
        console.print(plain_table(header, rows, right={3, 6}, rule=True), soft_wrap=True)
    else:
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
    if not wide and statuses:
        console.print("Next actions:")
        for st in statuses:
            console.print(Text(f"  {st.account}: {_next_text(st)}"), soft_wrap=False)
    for bad in broken:
        first = bad.findings[0]
        console.print(f"{bad.shown} does not load (line {first.line}: {first.code} {first.message}): "
                      f"run `saveplan check {bad.shown}`", soft_wrap=True)
    if after:
        _print_closed(after, console)
    console.print("One plan in detail: saveplan status PLAN")


def _print_detail(st: PlanStatus, config: WorkspaceConfig, out: TextIO) -> None:
    from rich.text import Text

    from saveplan.render.status import reading_lines, timeline_bar
    from saveplan.status import STATE_WORDS, advice, person_name, timeline_events

    console = _console(out, soft_wrap=True)
    plan = st.plan
    title = Text(st.account, style="bold")
    if plan.is_closed:
        from saveplan.render.lifecycle import stage_words

        on = plan.outcome.on if plan.outcome else None
        outcome = f" on {on}" if on else ""
        title.append(f"  {plan.status}{outcome} ({stage_words(st.life) if st.life else 'closed'})",
                     style="bold")
        title.append(f"  ● {st.light}", style=LIGHT_STYLE[st.light])
    else:
        title.append(f"  ● {st.light}", style=LIGHT_STYLE[st.light])
    console.print(title)
    console.print(f"{st.path} · {plan.status} · owner {person_name(plan.owner, config)} ({plan.owner})"
                  f" · ARR {plan.account.arr:,.0f}")
    left = st.days_to_renewal
    when = f"{left} days left" if left >= 0 else f"passed {-left} days ago"
    if plan.is_closed:
        console.print(f"Renewal {plan.account.renewal_date}")
    else:
        console.print(f"Renewal {plan.account.renewal_date}: {when}, {st.window} window")
    ind = plan.leading_indicator
    line = f"Indicator: {STATE_WORDS[st.indicator]}"
    if ind is not None:
        line += f": {ind.metric}"
        if st.latest is not None:
            line += f", latest {st.latest.value:g} on {st.latest.on}"
        if ind.target is not None:
            line += f", target {'at least' if ind.direction == 'at_least' else 'at most'} {ind.target:g}"
        if st.check_date is not None:
            passed = "passed" if st.check_date < st.today else (
                "today" if st.check_date == st.today else "to come")
            line += f" (check {st.check_date}, {passed})"
    console.print(line)
    console.print(f"Light {st.light}: {'; '.join(st.reasons)}")
    if plan.is_closed and st.life is not None:
        from saveplan.render.lifecycle import schedule_lines

        console.print()
        console.print(Text("After the outcome", style="bold"))
        lines = schedule_lines(st.life, st.slug or "PLAN")
        for line in lines or ["  nothing scheduled"]:
            console.print(line)
    console.print()
    events = timeline_events(st, config)
    console.print(Text("Timeline", style="bold"))
    console.print("  " + timeline_bar(st, events))
    for e in events:
        console.print(f"  {e.mark} {e.day}  {e.text}")
    console.print("  ✓ done   ○ due   ! overdue   ◆ indicator check   ▼ today", style="dim")
    if ind is not None:
        console.print()
        word = "at least" if ind.direction == "at_least" else "at most"
        target = f" (target {word} {ind.target:g})" if ind.target is not None else ""
        console.print(Text(f"Readings: {ind.metric}{target}", style="bold"))
        for reading in reading_lines(st):
            console.print(f"  {reading}")
    tips = advice(st)
    if tips:
        console.print()
        console.print(Text("What the method suggests", style="bold"))
        for tip in tips:
            console.print(f"  - {tip}")


def schedule_json(st: PlanStatus) -> list[dict[str, object]]:
    """The scheduled touches of a closed plan, for `status PLAN --format json`."""
    if st.life is None:
        return []
    return [{"kind": t.kind, "on": t.on.isoformat(), "label": t.label,
             "done": t.recorded.on.isoformat() if t.recorded is not None else None,
             "late": t.is_late(st.today)} for t in st.life.schedule]


def _closed_key(st: PlanStatus) -> tuple[int, str, str, str]:
    from saveplan.status import LIGHT_RANK

    nxt = st.next_touch
    return (LIGHT_RANK[st.light], nxt.on.isoformat() if nxt else "9999", st.account.casefold(),
            st.path)


def status(plan: str | None = None, *, fmt: str = "text", today: str | None = None,
           workspace: Path | None = None, out: TextIO | None = None,
           every: bool = False, owner: str | None = None) -> int:
    """Print the status of every open plan (and of the closed plans still in recovery or
    win-back; `every`: all plans; `owner`: only theirs), or of one. Always 0 when it could look."""
    from saveplan.dates import resolve_today
    from saveplan.plans import load_plan, load_plans
    from saveplan.status import advice, plan_status, sort_statuses, timeline_events
    from saveplan.workspace import open_workspace, require_valid_config, resolve_plan

    stream = out or sys.stdout
    day = resolve_today(today)
    ws = open_workspace(workspace)
    require_valid_config(ws)
    if plan is not None:
        loaded = load_plan(resolve_plan(plan, ws))
        st = plan_status(loaded.plan, ws.config, day, path=loaded.shown, slug=loaded.path.stem)
        if fmt == "json":
            row = st.to_json()
            row["advice"] = advice(st)
            row["schedule"] = schedule_json(st)
            row["timeline"] = [{"date": e.day.isoformat(), "kind": e.kind, "text": e.text}
                               for e in timeline_events(st, ws.config)]
            stream.write(json.dumps([row], indent=2, ensure_ascii=False) + "\n")
        else:
            _print_detail(st, ws.config, stream)
        return 0
    good, bad = load_plans(ws)
    who = check_owner(owner, ws.config.people)
    good = [g for g in good if who is None or g.plan.owner == who]
    every_status = [plan_status(g.plan, ws.config, day, path=g.shown, slug=g.path.stem) for g in good]
    statuses = sort_statuses([st for st in every_status if not st.plan.is_closed])
    after = sorted((st for st in every_status if st.plan.is_closed and (every or st.calls_for_work)),
                   key=_closed_key)
    if fmt == "json":
        from itertools import chain

        from saveplan.console import write_json_list

        write_json_list(stream, chain((broken_row(b) for b in bad),
                                      (st.to_json() for st in statuses + after)))
    else:
        _print_list(statuses, bad, len(good) - len(statuses) - len(after), day, stream, after)
    return 0


def register(app: typer.Typer) -> None:
    @app.command("status")
    def status_command(
        plan: Annotated[str | None, typer.Argument(
            metavar="PLAN", help="One plan in detail: a plan file or its slug.",
            show_default=False)] = None,
        fmt: Annotated[ListFormat, format_option()] = ListFormat.text,
        every: Annotated[bool, typer.Option(
            "--all", help="List every plan, closed ones too.")] = False,
        owner: Owner = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """Where every open plan stands: indicator state, traffic light, next action.

        Indicator: pending (no reading, check to come), on_track (latest reading meets
        the target), behind (misses, check to come), off_track (misses, check passed),
        missed (check passed, no reading). Light: red for off_track, missed, a renewal
        passed or an emergency window not on track; green for on_track with nothing
        overdue; yellow otherwise. Most urgent first.

        Closed plans are listed after them while they still call for work: a saved plan
        in recovery, a churned or exited one until its last win-back touch, with the
        next scheduled touch (JSON: `stage`, `next_touch`). --all lists every plan.

        Examples:

          saveplan status                          # open plans, then recovery and win-back

          saveplan status --all                    # every plan, closed ones too

          saveplan status northwind-analytics      # one plan: timeline, readings, advice

          saveplan status --format json --today 2026-12-05
        """
        return status(plan, fmt=fmt.value, today=today, workspace=workspace, every=every, owner=owner)

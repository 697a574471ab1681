"""`saveplan triage`: rank the open plans for a risk review (SPEC "Triage").

The decisions are made in `saveplan.triage` (pure); this module only loads the plans
and prints: a table (text), a JSON array (json) or a risk-review agenda (markdown).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from saveplan.commands.options import AgendaFormat, Owner, Today, WorkspaceDir, check_owner, format_option
from saveplan.console import PLAIN_FROM, indent, plain_table, plain_wrap, print_tidy, print_unloaded
from saveplan.render.text import md_escape, strip_controls

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

    from rich.console import Console, RenderableType

    from saveplan.plans import BrokenPlan
    from saveplan.triage import Triage

def triage(*, workspace: Path | None = None, fmt: str = "text", explain: bool = False,
           today: str | None = None, out: TextIO | None = None, err: TextIO | None = None,
           owner: str | None = None) -> int:
    """Rank every draft or active plan (of `owner`'s plans). 0 on success (also when some plans do not load:
    they are listed as needing `saveplan check`); 2 on a usage or workspace problem."""
    from saveplan import triage as core
    from saveplan.dates import resolve_today
    from saveplan.plans import load_plans
    from saveplan.workspace import open_workspace, require_valid_config

    day = resolve_today(today)
    ws = open_workspace(workspace)
    require_valid_config(ws)
    good, bad = load_plans(ws)
    who = check_owner(owner, ws.config.people)
    good = [g for g in good if who is None or g.plan.owner == who]
    ranked = core.triage(((p.shown, p.plan) for p in good), ws.config, day)
    stream = out or sys.stdout
    if fmt == "json":
        _json(ranked, stream)
        _broken_note(bad, err or sys.stderr)
    elif fmt == "markdown":
        stream.write(_markdown(ranked, bad, day, explain))
    else:
        _text(ranked, bad, day, explain, stream)
    return 0


# -- json ---------------------------------------------------------------------------------

def _json(ranked: list[Triage], out: TextIO) -> None:
    from saveplan.console import write_json_list

    write_json_list(out, (t.as_json() for t in ranked))


def _broken_note(bad: list[BrokenPlan], err: TextIO) -> None:
    for b in bad:
        first = b.findings[0]
        err.write(f"saveplan: {b.shown} not triaged: {first.code} at line {first.line} "
                  f"(run `saveplan check {b.shown}`)\n")


# -- text ---------------------------------------------------------------------------------

def _summary(ranked: list[Triage]) -> str:
    work = [t for t in ranked if not t.graceful_exit]
    parts = [f"{len(ranked)} open plan{'' if len(ranked) == 1 else 's'}"]
    reviews = sum(t.review for t in ranked)
    if reviews:
        parts.append(f"{reviews} for review (three strikes)")
    exits = len(ranked) - len(work)
    if exits:
        parts.append(f"{exits} graceful-exit candidate{'' if exits == 1 else 's'}")
    return ", ".join(parts)


def _indicator(t: Triage) -> str:
    return t.indicator.replace("_", " ")


def _totals_line(ranked: list[Triage]) -> str:
    """`Totals: ARR at risk 144,000; expected ARR saved 67,200; windows: ...; effort: ...`."""
    from saveplan.triage import money, totals

    tot = totals(ranked)
    windows = ", ".join(f"{n} {w}" for w, n in tot.per_window.items() if n)
    efforts = ", ".join(f"{n} {e}" for e, n in tot.per_effort.items() if n)
    return (f"Totals: ARR at risk {money(tot.arr_at_risk)}; expected ARR saved "
            f"{money(tot.expected_saved)}; per window: {windows}; per effort: {efforts}")


def _headline(ranked: list[Triage], day: date) -> str:
    return f"Risk review, {day.isoformat()}: {_summary(ranked)}"


WIDE = 130  # at this console width or more the ranking is one table row a plan


def _prob(t: Triage) -> str:
    return t.probability + ("" if t.probability_source == "given" else "*")


def _strikes(t: Triage) -> str:
    return f"{t.strikes}{' review' if t.review else ''}"


def _text(ranked: list[Triage], bad: list[BrokenPlan], day: date, explain: bool, out: TextIO) -> None:
    print_tidy(out, lambda console: _draw(console, ranked, bad, day, explain))


def _draw(console: Console, ranked: list[Triage], bad: list[BrokenPlan], day: date, explain: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    from saveplan.triage import EFFORT_MEANINGS, money

    if not ranked:
        console.print("No open plans to triage (triage ranks plans that are draft or active).")
    else:
        console.print(Text(_headline(ranked, day), style="bold"))
        work = [t for t in ranked if not t.graceful_exit]
        exits = [t for t in ranked if t.graceful_exit]
        if work:
            console.print()
            if console.width >= WIDE:
                names = ("#", "Account", "Owner", "Renewal", "Days", "Window", "Value", "Prob.",
                         "Effort", "Light", "Indicator", "Late", "Strikes", "Exp. value")
                rights = ("#", "Days", "Late", "Strikes", "Exp. value")
                rows = [(str(n), t.account, t.owner, t.renewal_date.isoformat(),
                         str(t.days_to_renewal), t.window, t.value_tier, _prob(t),
                         t.effort + ("!" if t.fit else ""), t.light, _indicator(t), str(t.overdue),
                         _strikes(t), money(t.expected_value)) for n, t in enumerate(work, 1)]
                if len(rows) >= PLAIN_FROM:
                    right = {i for i, name in enumerate(names) if name in rights}
                    console.print(plain_table(names, [[Text(c) for c in row] for row in rows], right=right,
                                              header_style="bold"), soft_wrap=True)
                else:
                    table = Table(box=None, pad_edge=False, header_style="bold")
                    for name in names:
                        table.add_column(name, justify="right" if name in rights else "left",
                                         no_wrap=name not in ("Account", "Owner"))
                    for cells in rows:
                        table.add_row(*(Text(c) for c in cells))  # Text: names are not markup
                    console.print(table)
            else:
                block: list[str] = []
                for n, t in enumerate(work, 1):
                    title = Text.assemble((f"{n:>2}. {t.account}", "bold"),
                                          f" ({t.owner}): {t.effort} effort" + ("!" if t.fit else ""))
                    body = (f"value {t.value_tier}, probability {_prob(t)}, expected value "
                            f"{money(t.expected_value)}\n{t.window} window, {t.days_to_renewal} days to "
                            f"renewal, {t.strikes} strike{'' if t.strikes == 1 else 's'}"
                            f"{' (review)' if t.review else ''}\n{t.light} light, indicator "
                            f"{_indicator(t)}, {t.overdue} overdue")
                    if len(work) >= PLAIN_FROM:  # plain lines, printed at once
                        block += plain_wrap(title.plain, console.width, "")
                        block += plain_wrap(body, console.width, "    ")
                    else:
                        console.print(title)
                        console.print(indent(body, 4))
                _print_block(console, block)
            if any(t.probability_source == "derived" for t in work):
                console.print("* derived from the plan (see --explain)")
        many = len(ranked) >= PLAIN_FROM  # then each section is wrapped plainly and printed at once
        full = [t for t in work if t.effort == "full"]
        if full:
            console.print()
            console.print(Text("To decide (full effort):", style="bold"))
            block = []
            for t in full:
                head = f"  {strip_controls(t.account, keep_newlines=False)} ({t.path})"
                decide = strip_controls(t.decide, keep_newlines=False)
                if many:
                    block += [head, *plain_wrap(decide, console.width, "    ")]
                else:
                    console.print(head, markup=False)
                    console.print(indent(Text(decide), 4))
            _print_block(console, block)
        fits = [t for t in work if t.fit]
        if fits:
            console.print()
            console.print(Text("! Does not fit its effort level or window:", style="bold yellow"))
            block = []
            for t in fits:
                head = f"  {t.account} ({t.path})"
                if many:
                    block.append(head)
                    for note in t.fit:
                        block += plain_wrap(note, console.width, "    - ", "      ")
                else:
                    console.print(head, markup=False)
                    console.print(indent(_bullets(t.fit), 4))
            _print_block(console, block)
        if exits:
            console.print()
            console.print(Text("Candidates for a graceful exit (value and probability both low):",
                               style="bold"))
            block = []
            for t in exits:
                head = f"  {t.account} ({t.path}, owner {t.owner})"
                body = (f"ARR {money(t.arr)}, {t.days_to_renewal} days to renewal. Exit gracefully (data "
                        "export, transition help), debrief, win-back touches at 3, 6 and 12 months.")
                if many:
                    block += [head, *plain_wrap(body, console.width, "    ")]
                else:
                    console.print(head, markup=False)
                    console.print(indent(body, 4))
            _print_block(console, block)
        shown = dict.fromkeys(t.effort for t in work)
        if shown:
            console.print()
            console.print(Text("Effort levels:", style="bold"))
            for effort in EFFORT_MEANINGS:
                if effort in shown:
                    console.print(f"  {effort:<9} {EFFORT_MEANINGS[effort].describe()}")
        console.print()
        console.print(_totals_line(ranked), markup=False)
        if explain:
            for t in ranked:
                console.print()
                console.print(Text(f"{t.account}  {t.path}", style="bold"))
                grid = Table.grid(padding=(0, 2))
                grid.add_column(no_wrap=True)
                grid.add_column()
                for label, text in _explain_rows(t):
                    grid.add_row(label, Text(text))
                console.print(indent(grid, 2))
    print_unloaded(console, bad, "Not triaged")


def _print_block(console: Console, lines: list[str]) -> None:
    """Lines already wrapped, printed in one go (no markup, nothing wrapped again)."""
    from rich.text import Text

    if lines:
        console.print(Text("\n".join(lines)), soft_wrap=True)


def _bullets(lines: Iterable[str]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row("-", Text(line))
    return grid


def _explain_rows(t: Triage) -> list[tuple[str, str]]:
    """Why each tier was chosen: (label, text) rows, the derivation one line a factor."""
    from saveplan.triage import HIGH_AT, LOW_AT, STRIKES_FOR_REVIEW, money

    d = t.derivation
    if t.probability_source == "given":
        prob = f"{t.probability}, given in the plan; the rule says {d.level}:"
    else:
        prob = f"{t.probability}, derived by the rule:"
    rows = [("value tier", f"{t.value_tier}: {t.value_reason}"), ("probability", prob)]
    rows += [("", f"{f.points:+d}  {f.reason}") for f in d.factors]
    rows.append(("", f"= {d.score}: {d.score_level} (high at {HIGH_AT} or more, low at {LOW_AT} or less)"))
    if d.adjustment:
        rows.append(("", f"then {d.adjustment}"))
    rows += [("effort", f"{t.effort}: {t.effort_reason}"),
             ("", t.meaning.describe()),
             ("window", f"{t.window}: {t.window_reason}"),
             ("strikes", f"{t.strikes}" + (": three strikes, a save plan review" if t.review
                                          else f" (a review at {STRIKES_FOR_REVIEW})")),
             ("expected", f"{money(t.expected_value)} = ARR {money(t.arr)} x {t.midpoint:g} "
                          f"({t.probability})")]
    rows += [("fit", note) for note in t.fit]
    return rows


# -- markdown: the risk-review agenda -----------------------------------------------------

def _cell(text: str) -> str:
    from saveplan.render.text import md_escape

    return md_escape(text)  # plan text is literal in Markdown: no markup, no control characters


def _markdown(ranked: list[Triage], bad: list[BrokenPlan], day: date, explain: bool) -> str:
    from saveplan.triage import WINDOW_MEANINGS, money

    out = [f"# Risk review agenda, {day.isoformat()}", ""]
    if not ranked:
        out += ["No open plans to triage (draft or active).", ""]
    else:
        out += [_summary(ranked) + ". In the order to discuss "
                "them: the most urgent window first, then the larger effort (an off-track or missed "
                "indicator first within an effort), then value, then save probability.", ""]
        work = [t for t in ranked if not t.graceful_exit]
        exits = [t for t in ranked if t.graceful_exit]
        if work:
            out += ["| # | Account | Owner | Renewal | Days | Window | Value | Probability | Effort "
                    "| Light | Indicator | Overdue | Strikes | Expected value |",
                    "|---:|---|---|---|---:|---|---|---|---|---|---|---:|---:|---:|"]
            for n, t in enumerate(work, 1):
                prob = t.probability + ("" if t.probability_source == "given" else " (derived)")
                strikes = f"{t.strikes}{' (review)' if t.review else ''}"
                out.append(f"| {n} | {_cell(t.account)} | {_cell(t.owner)} | {t.renewal_date} | "
                           f"{t.days_to_renewal} | {t.window} | {t.value_tier} | {prob} | {t.effort} | "
                           f"{t.light} | {_indicator(t)} | {t.overdue} | {strikes} | "
                           f"{money(t.expected_value)} |")
            out.append("")
            for n, t in enumerate(work, 1):
                out += [f"## {n}. {_cell(t.account)} ({t.effort} effort)", "",
                        f"- Plan: `{t.path}`, owner {_cell(t.owner)}, {t.status}",
                        f"- Renewal {t.renewal_date}: {t.days_to_renewal} days, {t.window} window "
                        f"({WINDOW_MEANINGS[t.window]})",
                        f"- Value {t.value_tier} (ARR {money(t.arr)}); probability {t.probability} "
                        f"({t.probability_source}); expected value {money(t.expected_value)}",
                        f"- Effort {t.effort}: {t.meaning.describe()}",
                        f"- Light {t.light}; indicator {_indicator(t)}; {t.overdue} action"
                        f"{'' if t.overdue == 1 else 's'} overdue"]
                if t.review:
                    out.append(f"- Three strikes: {t.strikes} risk signals, review the save plan")
                out += [f"- Does not fit: {_cell(note)}" for note in t.fit]
                out.append(f"- To decide: {md_escape(t.decide)}")
                if explain:
                    out += ["", "  Why:", "", "  ```"]
                    out += [f"  {label:<12} {text}".rstrip() for label, text in _explain_rows(t)]
                    out.append("  ```")
                out.append("")
        if exits:
            out += ["## Candidates for a graceful exit", ""]
            out += [f"- **{_cell(t.account)}** (`{t.path}`, owner {_cell(t.owner)}): value low, probability "
                    f"low, ARR {money(t.arr)}, renewal {t.renewal_date}. Exit gracefully (data export, "
                    "transition help), debrief, win-back touches at 3, 6 and 12 months."
                    for t in exits]
            out.append("")
        out += ["## Totals", "", _totals_line(ranked).removeprefix("Totals: ").replace("; ", "\n- ")
                .join(["- ", ""]), ""]
    if bad:
        out += ["## Not triaged: fix with `saveplan check`", ""]
        for b in bad:
            first = b.findings[0]
            out.append(f"- `{first.path}` line {first.line}: {first.code} {_cell(first.message)}")
        out.append("")
    return "\n".join(out)


def register(app: typer.Typer) -> None:
    @app.command("triage")
    def triage_command(
        fmt: Annotated[AgendaFormat, format_option()] = AgendaFormat.text,
        explain: Annotated[bool, typer.Option(
            "--explain", help="Show, per plan, why each tier was chosen (the scored table).")] = False,
        owner: Owner = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """Rank the open plans (draft or active) for a risk review: value tier, save
        probability, effort, time window, strikes and expected value.

        The most urgent window comes first, then the higher value, then the higher
        probability. Plans whose effort is `none` (value and probability both low) are
        shown as candidates for a graceful exit. `--explain` shows, per plan, why.

        Examples:

          saveplan triage --today 2026-11-25

          saveplan triage --explain                   # why each tier was chosen

          saveplan triage --format markdown > agenda.md   # paste into the meeting doc

          saveplan triage --format json | jq '.[] | select(.review)'
        """
        return triage(workspace=workspace, fmt=fmt.value, explain=explain, today=today, owner=owner)

"""How `saveplan triage` shows the ranking saveplan.triage decides: a terminal view (one
table row a plan when wide, one block a plan otherwise, plain rows for many), a JSON array
and a risk-review agenda in Markdown. Nothing here ranks or judges a plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from saveplan import words
from saveplan.console import (
    PLAIN_FROM,
    indent,
    plain_wrap,
    print_lines,
    print_plain_table,
    print_tidy,
    print_unloaded,
)
from saveplan.findings import left_out
from saveplan.render.text import md_escape, strip_controls
from saveplan.triage import (
    EFFORT_MEANINGS,
    HIGH_AT,
    LOW_AT,
    STRIKES_FOR_REVIEW,
    WINDOW_MEANINGS,
    Triage,
    totals,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

    from rich.console import Console, RenderableType

    from saveplan.plans import BrokenPlan

WIDE = 130  # at this console width or more the ranking is one table row a plan
EXIT_STEPS = ("Exit gracefully (data export, transition help), debrief, win-back touches at 3, 6 "
              "and 12 months.")

# -- words shared by every format ------------------------------------------------------------

def summary(ranked: list[Triage]) -> str:
    """`4 open plans, 1 for review (three strikes), 1 graceful-exit candidate`."""
    parts = [words.count(len(ranked), "open plan")]
    reviews = sum(t.review for t in ranked)
    if reviews:
        parts.append(f"{reviews} for review (three strikes)")
    exits = sum(t.graceful_exit for t in ranked)
    if exits:
        parts.append(words.count(exits, "graceful-exit candidate"))
    return ", ".join(parts)


def indicator(t: Triage) -> str:
    return t.indicator.replace("_", " ")


def totals_line(ranked: list[Triage]) -> str:
    """`Totals: ARR at risk 144,000; expected ARR saved 67,200; per window: ...; per effort: ...`."""
    tot = totals(ranked)
    windows = ", ".join(f"{n} {w}" for w, n in tot.per_window.items() if n)
    efforts = ", ".join(f"{n} {e}" for e, n in tot.per_effort.items() if n)
    return (f"Totals: ARR at risk {words.money(tot.arr_at_risk)}; expected ARR saved "
            f"{words.money(tot.expected_saved)}; per window: {windows}; per effort: {efforts}")


def explain_rows(t: Triage) -> list[tuple[str, str]]:
    """Why each tier was chosen: (label, text) rows, the derivation one line a factor."""
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
             ("expected", f"{words.money(t.expected_value)} = ARR {words.money(t.arr)} x {t.midpoint:g} "
                          f"({t.probability})")]
    rows += [("fit", note) for note in t.fit]
    return rows


# -- json ------------------------------------------------------------------------------------

def write_json(ranked: list[Triage], bad: list[BrokenPlan], out: TextIO, err: TextIO) -> None:
    """The ranking as a JSON array on `out`; each plan that did not load, one line on `err`."""
    from saveplan.console import write_json_list

    write_json_list(out, (t.as_json() for t in ranked))
    for b in bad:
        err.write(left_out(b.shown, b.findings[0], "not triaged") + "\n")


# -- the terminal ------------------------------------------------------------------------------

def _prob(t: Triage) -> str:
    return t.probability + ("" if t.probability_source == "given" else "*")


def _strikes(t: Triage) -> str:
    return f"{t.strikes}{' review' if t.review else ''}"


def print_text(ranked: list[Triage], bad: list[BrokenPlan], day: date, explain: bool, out: TextIO) -> None:
    print_tidy(out, lambda console: draw(console, ranked, bad, day, explain))


def draw(console: Console, ranked: list[Triage], bad: list[BrokenPlan], day: date, explain: bool) -> None:
    """The headline, the ranking, what to decide, what does not fit, the graceful exits, the
    effort levels shown, the totals, the reasons (`explain`) and the plans not triaged."""
    from rich.text import Text

    if not ranked:
        console.print("No open plans to triage (triage ranks plans that are draft or active).")
    else:
        console.print(Text(f"Risk review, {day.isoformat()}: {summary(ranked)}", style="bold"))
        work = [t for t in ranked if not t.graceful_exit]
        exits = [t for t in ranked if t.graceful_exit]
        if work:
            console.print()
            if console.width >= WIDE:
                _ranking_table(console, work)
            else:
                _ranking_blocks(console, work)
            if any(t.probability_source == "derived" for t in work):
                console.print("* derived from the plan (see --explain)")
        many = len(ranked) >= PLAIN_FROM  # then each section is wrapped plainly and printed at once
        _sections(console, work, exits, many)
        shown = dict.fromkeys(t.effort for t in work)
        if shown:
            console.print()
            console.print(Text("Effort levels:", style="bold"))
            for effort in EFFORT_MEANINGS:
                if effort in shown:
                    console.print(f"  {effort:<9} {EFFORT_MEANINGS[effort].describe()}")
        console.print()
        console.print(totals_line(ranked), markup=False)
        if explain:
            _explain(console, ranked)
    print_unloaded(console, bad, "Not triaged")


def _ranking_table(console: Console, work: list[Triage]) -> None:
    """One row a plan (plain rows when many)."""
    from rich.table import Table
    from rich.text import Text

    names = ("#", "Account", "Owner", "Renewal", "Days", "Window", "Value", "Prob.",
             "Effort", "Light", "Indicator", "Late", "Strikes", "Exp. value")
    rights = ("#", "Days", "Late", "Strikes", "Exp. value")
    rows = [(str(n), t.account, t.owner, t.renewal_date.isoformat(),
             str(t.days_to_renewal), t.window, t.value_tier, _prob(t),
             t.effort + ("!" if t.fit else ""), t.light, indicator(t), str(t.overdue),
             _strikes(t), words.money(t.expected_value)) for n, t in enumerate(work, 1)]
    if len(rows) >= PLAIN_FROM:
        right = {i for i, name in enumerate(names) if name in rights}
        print_plain_table(console, names, rows, right=right, header_style="bold")  # str: not markup
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in names:
        table.add_column(name, justify="right" if name in rights else "left",
                         no_wrap=name not in ("Account", "Owner"))
    for cells in rows:
        table.add_row(*(Text(c) for c in cells))  # Text: names are not markup
    console.print(table)


def _ranking_blocks(console: Console, work: list[Triage]) -> None:
    """A narrower terminal: a title and three lines a plan."""
    from rich.text import Text

    block: list[str] = []
    for n, t in enumerate(work, 1):
        title = Text.assemble((f"{n:>2}. {t.account}", "bold"),
                              f" ({t.owner}): {t.effort} effort" + ("!" if t.fit else ""))
        body = (f"value {t.value_tier}, probability {_prob(t)}, expected value "
                f"{words.money(t.expected_value)}\n{t.window} window, {t.days_to_renewal} days to "
                f"renewal, {words.count(t.strikes, 'strike')}"
                f"{' (review)' if t.review else ''}\n{t.light} light, indicator "
                f"{indicator(t)}, {t.overdue} overdue")
        if len(work) >= PLAIN_FROM:  # plain lines, printed at once
            block += plain_wrap(title.plain, console.width, "")
            block += plain_wrap(body, console.width, "    ")
        else:
            console.print(title)
            console.print(indent(body, 4))
    print_lines(console, block)


def _sections(console: Console, work: list[Triage], exits: list[Triage], many: bool) -> None:
    """To decide (full effort), does not fit, graceful exits: a head line a plan, its text
    indented (`many`: wrapped plainly and printed at once)."""
    from rich.text import Text

    full = [t for t in work if t.effort == "full"]
    if full:
        console.print()
        console.print(Text("To decide (full effort):", style="bold"))
        block: list[str] = []
        for t in full:
            head = f"  {strip_controls(t.account, keep_newlines=False)} ({t.path})"
            decide = strip_controls(t.decide, keep_newlines=False)
            if many:
                block += [head, *plain_wrap(decide, console.width, "    ")]
            else:
                console.print(head, markup=False)
                console.print(indent(Text(decide), 4))
        print_lines(console, block)
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
        print_lines(console, block)
    if exits:
        console.print()
        console.print(Text("Candidates for a graceful exit (value and probability both low):",
                           style="bold"))
        block = []
        for t in exits:
            head = f"  {t.account} ({t.path}, owner {t.owner})"
            body = f"ARR {words.money(t.arr)}, {t.days_to_renewal} days to renewal. {EXIT_STEPS}"
            if many:
                block += [head, *plain_wrap(body, console.width, "    ")]
            else:
                console.print(head, markup=False)
                console.print(indent(body, 4))
        print_lines(console, block)


def _explain(console: Console, ranked: list[Triage]) -> None:
    from rich.table import Table
    from rich.text import Text

    for t in ranked:
        console.print()
        console.print(Text(f"{t.account}  {t.path}", style="bold"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for label, text in explain_rows(t):
            grid.add_row(label, Text(text))
        console.print(indent(grid, 2))




def _bullets(lines: Iterable[str]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row("-", Text(line))
    return grid


# -- markdown: the risk-review agenda -------------------------------------------------------

ORDER_NOTE = (". In the order to discuss them: the most urgent window first, then the larger effort "
              "(an off-track or missed indicator first within an effort), then value, then save "
              "probability.")
TABLE_HEAD = ["| # | Account | Owner | Renewal | Days | Window | Value | Probability | Effort "
              "| Light | Indicator | Overdue | Strikes | Expected value |",
              "|---:|---|---|---|---:|---|---|---|---|---|---|---:|---:|---:|"]


def _md_plan(n: int, t: Triage, explain: bool) -> list[str]:
    """One plan's section of the agenda (plan text escaped: literal, no markup)."""
    money = words.money
    out = [f"## {n}. {md_escape(t.account)} ({t.effort} effort)", "",
           f"- Plan: `{t.path}`, owner {md_escape(t.owner)}, {t.status}",
           f"- Renewal {t.renewal_date}: {t.days_to_renewal} days, {t.window} window "
           f"({WINDOW_MEANINGS[t.window]})",
           f"- Value {t.value_tier} (ARR {money(t.arr)}); probability {t.probability} "
           f"({t.probability_source}); expected value {money(t.expected_value)}",
           f"- Effort {t.effort}: {t.meaning.describe()}",
           f"- Light {t.light}; indicator {indicator(t)}; {words.count(t.overdue, 'action')} overdue"]
    if t.review:
        out.append(f"- Three strikes: {t.strikes} risk signals, review the save plan")
    out += [f"- Does not fit: {md_escape(note)}" for note in t.fit]
    out.append(f"- To decide: {md_escape(t.decide)}")
    if explain:
        out += ["", "  Why:", "", "  ```"]
        out += [f"  {label:<12} {text}".rstrip() for label, text in explain_rows(t)]
        out.append("  ```")
    return [*out, ""]


def markdown(ranked: list[Triage], bad: list[BrokenPlan], day: date, explain: bool) -> str:
    """The risk-review agenda: the ranking as a table, a section a plan, the graceful exits,
    the totals and the plans not triaged."""
    money = words.money
    out = [f"# Risk review agenda, {day.isoformat()}", ""]
    if not ranked:
        out += ["No open plans to triage (draft or active).", ""]
    else:
        out += [summary(ranked) + ORDER_NOTE, ""]
        work = [t for t in ranked if not t.graceful_exit]
        exits = [t for t in ranked if t.graceful_exit]
        if work:
            out += TABLE_HEAD
            for n, t in enumerate(work, 1):
                prob = t.probability + ("" if t.probability_source == "given" else " (derived)")
                strikes = f"{t.strikes}{' (review)' if t.review else ''}"
                out.append(f"| {n} | {md_escape(t.account)} | {md_escape(t.owner)} | {t.renewal_date} | "
                           f"{t.days_to_renewal} | {t.window} | {t.value_tier} | {prob} | {t.effort} | "
                           f"{t.light} | {indicator(t)} | {t.overdue} | {strikes} | "
                           f"{money(t.expected_value)} |")
            out.append("")
            for n, t in enumerate(work, 1):
                out += _md_plan(n, t, explain)
        if exits:
            out += ["## Candidates for a graceful exit", ""]
            out += [f"- **{md_escape(t.account)}** (`{t.path}`, owner {md_escape(t.owner)}): value low, "
                    f"probability low, ARR {money(t.arr)}, renewal {t.renewal_date}. {EXIT_STEPS}"
                    for t in exits]
            out.append("")
        out += ["## Totals", "", totals_line(ranked).removeprefix("Totals: ").replace("; ", "\n- ")
                .join(["- ", ""]), ""]
    if bad:
        out += ["## Not triaged: fix with `saveplan check`", ""]
        for b in bad:
            first = b.findings[0]
            out.append(f"- `{first.path}` line {first.line}: {first.code} {md_escape(first.message)}")
        out.append("")
    return "\n".join(out)

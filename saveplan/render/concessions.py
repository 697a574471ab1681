"""`saveplan concessions`: the concessions (saveplan.approvals) as a table on a wide console,
two lines each on a narrow one, or JSON; and the approval matrix in force."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

from saveplan.words import count

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from saveplan.approvals import ConcessionRow, MatrixRow
    from saveplan.plans import BrokenPlan

WIDE = 110  # at this console width or more the list is a table
NAMES = ("OK", "Account", "Kind", "Size", "Approver", "Role", "Needs", "Tied", "Sunset", "Where")


def where(row: ConcessionRow) -> str:
    """`path:line` of a concession (its line read where its plan was loaded)."""
    return f"{row.path}:{row.line}"


def json_rows(rows: Iterable[ConcessionRow]) -> Iterator[dict[str, object]]:
    """One object a concession, with the line it is on (for `console.write_json_list`)."""
    return ({**r.as_json(), "line": r.line} for r in rows)


def yes(value: str | None) -> str:
    """Whether a concession is tied to a commitment / has a sunset."""
    return "yes" if value else "no"


def headline(rows: list[ConcessionRow]) -> str:
    """"3 concessions in 2 plans, 1 not within an approver's authority (listed first)"."""
    beyond = sum(not r.within_authority for r in rows)
    head = f"{count(len(rows), 'concession')} in {count(len(dict.fromkeys(r.path for r in rows)), 'plan')}"
    if beyond:
        head += f", {beyond} not within an approver's authority (listed first)"
    return head


def print_concessions(out: TextIO, rows: list[ConcessionRow], bad: list[BrokenPlan]) -> None:
    """The listing: rows with their lines (`approvals.concession_step`), and the plans left out."""
    from saveplan.console import print_tidy

    print_tidy(out, lambda console: _draw(console, rows, bad))


def _ok(within_authority: bool) -> Text:
    from rich.text import Text

    return Text("yes", style="green") if within_authority else Text("NO ", style="bold red")


def _draw(console: Console, rows: list[ConcessionRow], bad: list[BrokenPlan]) -> None:
    from rich.text import Text

    from saveplan.approvals import attention_first
    from saveplan.console import indent, print_unloaded

    if not rows:
        console.print("No concessions in any plan.")
    else:
        console.print(Text(headline(rows), style="bold"))
        console.print()
        ordered = attention_first(rows)
        (_table if console.width >= WIDE else _grid)(console, ordered)
        problems = [r for r in ordered if r.problem]
        if problems:
            console.print()
            console.print(Text("Not within authority (never promise what you cannot approve):",
                               style="bold red"))
            for r in problems:
                what = f"{r.kind} {r.size}".strip()
                console.print(indent(f"{where(r)}: {r.account}, {what}: {r.problem}", 2))
        console.print()
        console.print("`saveplan concessions --matrix` shows who may approve what.")
    print_unloaded(console, bad, "Not listed")


def _cells(r: ConcessionRow) -> tuple[str, ...]:
    """A row's cells after OK, as written (never markup)."""
    return (r.account, r.kind, r.size, r.approved_by or "-", r.approver_role or "-",
            r.required_role or "-", yes(r.tied_to), yes(r.sunset), where(r))


def _table(console: Console, ordered: list[ConcessionRow]) -> None:
    from rich.table import Table
    from rich.text import Text

    from saveplan.console import PLAIN_FROM, print_plain_table

    if len(ordered) >= PLAIN_FROM:  # plain strings are not markup there: no Text a cell
        ok = {True: _ok(True), False: _ok(False)}
        print_plain_table(console, NAMES, ([ok[r.within_authority], *_cells(r)] for r in ordered),
                          right={3}, header_style="bold")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in NAMES:
        table.add_column(name, no_wrap=name not in ("Account", "Approver"),
                         justify="right" if name == "Size" else "left")
    for r in ordered:
        table.add_row(_ok(r.within_authority), *(Text(c) for c in _cells(r)))  # Text: names are not markup
    console.print(table)


def _grid(console: Console, ordered: list[ConcessionRow]) -> None:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for r in ordered:
        by = (f"approved by {r.approved_by} ({r.approver_role or 'no known role'})"
              if r.approved_by else "no approver")
        needs = f"needs a {r.required_role}" if r.required_role else "no role may approve it"
        grid.add_row(_ok(r.within_authority), Text.assemble(
            (f"{r.account}: ", "bold"), f"{r.kind} {r.size}".strip(), f", {by}, {needs}\n",
            f"tied to a commitment: {yes(r.tied_to)}, sunset: {yes(r.sunset)}; ",
            (where(r), "dim")))
    console.print(grid)


def matrix_json(rows: list[MatrixRow]) -> str:
    return json.dumps([r.as_json() for r in rows], indent=2) + "\n"


def print_matrix(out: TextIO, rows: list[MatrixRow], config_file: str | None, has_roster: bool) -> None:
    """The matrix in force; `config_file` is the saveplan.yaml it comes from (None: built-in)."""
    from saveplan.console import print_tidy

    source = f"from {config_file}" if config_file is not None else "built-in (docs/method.md)"
    print_tidy(out, lambda console: _draw_matrix(console, rows, source, has_roster))


def _draw_matrix(console: Console, rows: list[MatrixRow], source: str, has_roster: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(Text(f"Approval matrix in force, {source}", style="bold"))
    console.print()
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("Role", "Discount up to", "May also approve", "People"):
        table.add_column(name, justify="right" if name == "Discount up to" else "left")
    for r in rows:
        cells = (r.role, f"{r.discount_max:g}%", ", ".join(r.may) or "-", ", ".join(r.people) or "-")
        table.add_row(*(Text(c) for c in cells))
    console.print(table)
    console.print()
    console.print("Roles are ordered csm < manager < director < vp: a role may approve all that a lower "
                  "one may. A concession needs the least role that may approve it.")
    if not has_roster:
        console.print("No roster: `approved_by` names a role directly (e.g. approved_by: director).")

"""`saveplan concessions`: every concession, who approved it, and the role it needs.

The rows come from `saveplan.approvals` (pure), which judges them with the same matrix
functions as SP401; this module loads the plans and prints.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from saveplan.commands.options import ListFormat, Today, WorkspaceDir, format_option
from saveplan.console import PLAIN_FROM, indent, plain_table, print_tidy, print_unloaded

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from saveplan.approvals import ConcessionRow, MatrixRow
    from saveplan.findings import Loc
    from saveplan.models import Plan
    from saveplan.plans import BrokenPlan, PlanFile
    from saveplan.workspace import Workspace


WIDE = 110  # at this console width or more the list is a table


def concessions(*, workspace: Path | None = None, fmt: str = "text", show_matrix: bool = False,
                out: TextIO | None = None, err: TextIO | None = None) -> int:
    """List every concession (or, with show_matrix, the approval matrix in force).
    0 on success, also when a concession is beyond authority (`saveplan check` fails on
    that); 2 on a usage or workspace problem."""
    from saveplan.approvals import concession_rows
    from saveplan.plans import load_plans
    from saveplan.workspace import open_workspace, require_valid_config

    ws = open_workspace(workspace)
    require_valid_config(ws)
    stream = out or sys.stdout
    if show_matrix:
        _matrix(ws, fmt, stream)
        return 0
    good, bad = load_plans(ws, wanted=concession_locs)
    rows = concession_rows(((p.shown, p.plan) for p in good), ws.config)
    docs = {p.shown: p for p in good}  # one index: a scan per row was quadratic
    if fmt == "json":
        from saveplan.console import write_json_list

        write_json_list(stream, (_with_line(r, docs) for r in rows))
        for b in bad:
            first = b.findings[0]
            (err or sys.stderr).write(f"saveplan: {b.shown} not listed: {first.code} at line "
                                      f"{first.line} (run `saveplan check {b.shown}`)\n")
    else:
        _text(rows, docs, bad, stream)
    return 0


def concession_locs(plan: Plan) -> list[Loc]:
    """The key paths whose lines the listing prints: each concession's."""
    return [("concessions", i) for i in range(len(plan.concessions))]


def _line_of(row: ConcessionRow, docs: Mapping[str, PlanFile]) -> int:
    return docs[row.path].line(("concessions", row.index))


def _with_line(row: ConcessionRow, docs: Mapping[str, PlanFile]) -> dict[str, object]:
    return {**row.as_json(), "line": _line_of(row, docs)}


def _text(rows: list[ConcessionRow], docs: Mapping[str, PlanFile], bad: list[BrokenPlan],
          out: TextIO) -> None:

    print_tidy(out, lambda console: _draw(console, rows, docs, bad))


def _draw(console: Console, rows: list[ConcessionRow], docs: Mapping[str, PlanFile],
          bad: list[BrokenPlan]) -> None:
    from rich.table import Table
    from rich.text import Text

    from saveplan.approvals import attention_first

    if not rows:
        console.print("No concessions in any plan.")
    else:
        beyond = sum(not r.within_authority for r in rows)
        plans_with = len(dict.fromkeys(r.path for r in rows))
        head = (f"{len(rows)} concession{'' if len(rows) == 1 else 's'} in {plans_with} "
                f"plan{'' if plans_with == 1 else 's'}")
        if beyond:
            head += f", {beyond} not within an approver's authority (listed first)"
        console.print(Text(head, style="bold"))
        console.print()
        ordered = attention_first(rows)
        if console.width >= WIDE:
            names = ("OK", "Account", "Kind", "Size", "Approver", "Role", "Needs", "Tied", "Sunset",
                     "Where")
            lines = [[_ok(r), *(Text(c) for c in (
                r.account, r.kind, r.size, r.approved_by or "-", r.approver_role or "-",
                r.required_role or "-", _yes(r.tied_to), _yes(r.sunset), f"{r.path}:{_line_of(r, docs)}"))]
                for r in ordered]  # Text: names are not markup
            if len(lines) >= PLAIN_FROM:
                console.print(plain_table(names, lines, right={3}, header_style="bold"), soft_wrap=True)
            else:
                table = Table(box=None, pad_edge=False, header_style="bold")
                for name in names:
                    table.add_column(name, no_wrap=name not in ("Account", "Approver"),
                                     justify="right" if name == "Size" else "left")
                for line in lines:
                    table.add_row(*line)
                console.print(table)
        else:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column()
            for r in ordered:
                by = (f"approved by {r.approved_by} ({r.approver_role or 'no known role'})"
                      if r.approved_by else "no approver")
                needs = f"needs a {r.required_role}" if r.required_role else "no role may approve it"
                grid.add_row(_ok(r), Text.assemble(
                    (f"{r.account}: ", "bold"), f"{r.kind} {r.size}".strip(), f", {by}, {needs}\n",
                    f"tied to a commitment: {_yes(r.tied_to)}, sunset: {_yes(r.sunset)}; ",
                    (f"{r.path}:{_line_of(r, docs)}", "dim")))
            console.print(grid)
        problems = [r for r in ordered if r.problem]
        if problems:
            console.print()
            console.print(Text("Not within authority (never promise what you cannot approve):",
                               style="bold red"))
            for r in problems:
                what = f"{r.kind} {r.size}".strip()
                console.print(indent(f"{r.path}:{_line_of(r, docs)}: {r.account}, {what}: {r.problem}", 2))
        console.print()
        console.print("`saveplan concessions --matrix` shows who may approve what.")
    print_unloaded(console, bad, "Not listed")


def _ok(row: ConcessionRow) -> Text:
    from rich.text import Text

    return Text("yes", style="green") if row.within_authority else Text("NO ", style="bold red")


def _yes(value: str | None) -> str:
    """Whether a concession is tied to a commitment / has a sunset."""
    return "yes" if value else "no"


def _matrix(ws: Workspace, fmt: str, out: TextIO) -> None:
    from saveplan.approvals import matrix

    rows = matrix(ws.config)
    if fmt == "json":
        import json

        out.write(json.dumps([r.as_json() for r in rows], indent=2) + "\n")
        return
    from saveplan.workspace import display_path

    source = (f"from {display_path(ws.config_path)}" if "approval" in ws.config.model_fields_set
              else "built-in (METHOD.md)")
    print_tidy(out, lambda console: _draw_matrix(console, rows, source, ws.config.has_roster))


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


def register(app: typer.Typer) -> None:
    @app.command("concessions")
    def concessions_command(
        fmt: Annotated[ListFormat, format_option()] = ListFormat.text,
        show_matrix: Annotated[bool, typer.Option(
            "--matrix", help="Print the approval matrix in force (built-in or from saveplan.yaml).")] = False,
        workspace: WorkspaceDir = None,
        today: Today = None,
    ) -> int:
        """List every concession across the plans: account, kind, size, who approved it and
        their role, the least role that may approve it, and whether it is tied to a
        commitment and has a sunset. Those beyond the approver's authority come first.

        `--format json` gives one object per concession, in file order. `saveplan check`
        is what fails CI on a concession beyond authority (SP401); this command lists.

        Examples:

          saveplan concessions

          saveplan concessions --matrix               # who may approve what

          saveplan concessions --format json | jq '.[] | select(.within_authority | not)'
        """
        if today is not None:  # accepted as every command takes it; the listing is not dated
            from saveplan.dates import resolve_today

            resolve_today(today)
        return concessions(workspace=workspace, fmt=fmt.value, show_matrix=show_matrix)

"""`saveplan concessions`: every concession, who approved it, and the role it needs.

The rows come from `saveplan.approvals` (pure), which judges them with the same matrix
functions as SP401; the output is saveplan/render/concessions.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import ListFormat, Today, WorkspaceDir, format_option


def concessions(*, workspace: Path | None = None, fmt: str = "text", show_matrix: bool = False,
                out: TextIO | None = None, err: TextIO | None = None) -> int:
    """List every concession (or, with show_matrix, the approval matrix in force).
    0 on success, also when a concession is beyond authority (`saveplan check` fails on
    that); 2 on a usage or workspace problem."""
    from saveplan.approvals import concession_locs, concession_step, custom_matrix, listed, matrix
    from saveplan.console import write_json_list
    from saveplan.findings import left_out
    from saveplan.plans import map_plans
    from saveplan.render import concessions as show
    from saveplan.workspace import display_path, open_workspace, require_valid_config

    ws = open_workspace(workspace)
    require_valid_config(ws)
    stream = out or sys.stdout
    if show_matrix:
        rows = matrix(ws.config)
        if fmt == "json":
            stream.write(show.matrix_json(rows))
        else:
            shown = display_path(ws.config_path) if custom_matrix(ws.config) else None
            show.print_matrix(stream, rows, shown, ws.config.has_roster)
        return 0
    per_plan, bad = map_plans(ws, concession_step, ws.config, wanted=concession_locs)
    found = listed(per_plan)
    if fmt == "json":
        write_json_list(stream, show.json_rows(found))
        for b in bad:
            (err or sys.stderr).write(left_out(b.shown, b.findings[0], "not listed") + "\n")
    else:
        show.print_concessions(stream, found, bad)
    return 0


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

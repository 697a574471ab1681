"""`saveplan board [-o FILE.html] [--since REF]`: the risk-review meeting on one page
(the contract, "Board"). Thin: load the plans, build the board (`saveplan.analysis.board`), add the
movers from git when asked (`saveplan.analysis.history`), render it
(`saveplan.render.board`), write it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import Today, WorkspaceDir

DEFAULT_OUTPUT = Path("board.html")


def board(*, output: Path | None = None, since: str | None = None, today: str | None = None,
          workspace: Path | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Write the board to `output` (default board.html; `-` for stdout). 0 when written;
    2 on a usage problem (`--since` outside a git repository, an unknown revision)."""
    from saveplan.analysis.board import HORIZON_DAYS, board_of, board_step, unloaded
    from saveplan.dates import resolve_today
    from saveplan.errors import UsageError
    from saveplan.fileio import atomic_write
    from saveplan.plans import map_plans
    from saveplan.render.board import board_pieces
    from saveplan.render.edits import board_written
    from saveplan.workspace import display_path, open_workspace, require_valid_config

    day = resolve_today(today)
    ws = open_workspace(workspace)
    require_valid_config(ws)
    revision = None
    if since is not None:  # before any other work: outside git, --since is a usage error
        from saveplan import gitlog

        root = gitlog.repo_root(ws.root)
        revision = (root, gitlog.resolve(root, since))
    seen, bad = map_plans(ws, board_step, (ws.config, day, HORIZON_DAYS))
    result = board_of(seen, ws.config, day)
    result.unloaded = unloaded([(b.shown, b.findings[0]) for b in bad])
    if revision is not None:
        from saveplan.analysis.history import movers_since

        root, rev = revision
        result.movers = movers_since(ws, root, rev, [(s.file, s.now) for s in seen if s.file], bad, day)
        result.since, result.since_ref = rev.describe, rev.ref
    target = output or DEFAULT_OUTPUT
    if str(target) == "-":
        (out or sys.stdout).writelines(board_pieces(result))
        return 0
    try:
        atomic_write(target, board_pieces(result))
    except OSError as exc:
        raise UsageError(f"-o {target}: cannot write it: {exc.strerror or exc}") from None
    (err or sys.stderr).write(board_written(display_path(target), result))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("board")
    def board_command(
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", metavar="FILE.html",
            help="Where to write the page (default: board.html here; '-' for stdout).",
            show_default=False)] = None,
        since: Annotated[str | None, typer.Option(
            "--since", metavar="REF",
            help="Show the movers: plans whose light, indicator or status changed since this git "
                 "revision (HEAD~1, a tag, a commit) or date (the last commit before it).",
            show_default=False)] = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """The risk-review board: one self-contained HTML page for the meeting.

        Tiles (open plans, ARR at risk, expected ARR saved, plans per light), the agenda in
        triage order, a chart of the open plans by days to renewal and ARR, each plan's
        indicator readings against its target, the deadlines of the next 14 days, closed
        plans in recovery or win-back, the program metrics. With --since, the movers, read
        from the git history of the plan files. Nothing is loaded from the network and no
        script runs: open it in any browser, project it, print it.

        Examples:

          saveplan board -o board.html

          saveplan board --since 2026-11-18        # what moved since last week's review

          saveplan board --since HEAD~5 -o - > board.html
        """
        return board(output=output, since=since, today=today, workspace=workspace)

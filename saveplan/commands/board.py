"""`saveplan board [-o FILE.html] [--since REF]`: the risk-review meeting on one page
(the contract, "Board"). Thin: load the plans, build the board (`saveplan.analysis.board`), add the
movers from git when asked (`saveplan.gitlog`, `saveplan.analysis.movers`), render it
(`saveplan.render.board`), write it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from saveplan.commands.options import Today, WorkspaceDir

if TYPE_CHECKING:
    from datetime import date

    from saveplan.analysis.movers import Mover
    from saveplan.gitlog import Revision
    from saveplan.models import Plan
    from saveplan.plans import BrokenPlan, PlanFile
    from saveplan.workspace import Workspace

DEFAULT_OUTPUT = Path("board.html")


def board(*, output: Path | None = None, since: str | None = None, today: str | None = None,
          workspace: Path | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Write the board to `output` (default board.html; `-` for stdout). 0 when written;
    2 on a usage problem (`--since` outside a git repository, an unknown revision)."""
    from saveplan.analysis.board import Unloaded, build_board
    from saveplan.dates import resolve_today
    from saveplan.errors import UsageError
    from saveplan.fileio import atomic_write
    from saveplan.plans import load_plans
    from saveplan.render.board import render_board
    from saveplan.workspace import display_path, open_workspace, require_valid_config

    day = resolve_today(today)
    ws = open_workspace(workspace)
    require_valid_config(ws)
    revision = None
    if since is not None:  # before any other work: outside git, --since is a usage error
        from saveplan import gitlog

        root = gitlog.repo_root(ws.root)
        revision = (root, gitlog.resolve(root, since))
    good, bad = load_plans(ws)
    result = build_board([(g.shown, g.plan) for g in good], ws.config, day)
    result.unloaded = [Unloaded(b.shown, f"line {b.findings[0].line}: {b.findings[0].code} "
                                         f"{b.findings[0].message}") for b in bad]
    if revision is not None:
        root, rev = revision
        result.movers = _movers(ws, root, rev, good, bad, day)
        result.since, result.since_ref = rev.describe, rev.ref
    page = render_board(result)
    target = output or DEFAULT_OUTPUT
    if str(target) == "-":
        (out or sys.stdout).write(page)
        return 0
    try:
        atomic_write(target, page)
    except OSError as exc:
        raise UsageError(f"-o {target}: cannot write it: {exc.strerror or exc}") from None
    moved = "" if result.movers is None else f", {len(result.movers)} moved since {rev.ref}"
    (err or sys.stderr).write(f"{display_path(target)}: the board of {result.open_plans} open "
                              f"plan{'s' if result.open_plans != 1 else ''}{moved}\n")
    return 0


def _movers(ws: Workspace, root: Path, rev: Revision, good: list[PlanFile], bad: list[BrokenPlan],
            day: date) -> list[Mover]:
    """The plans as they were at `rev` (judged on that day, at the latest today) against
    the plans as they are now. A file that did not load counts as status `invalid`."""
    import os

    from saveplan import gitlog
    from saveplan.analysis.movers import Row, movers, snapshot_row
    from saveplan.workspace import PLANS_DIR

    then_day = min(rev.day, day)

    def key(path: Path) -> str:
        return Path(os.path.relpath(path, ws.root)).as_posix()

    now = {key(g.path): snapshot_row(g.plan, ws.config, day) for g in good}
    now.update({key(b.path): Row(b.path.stem, "invalid", None, None) for b in bad})
    before: dict[str, Row] = {}
    for rel, raw in gitlog.read_files(root, rev, ws.plans_dir).items():
        plan = _plan_of(raw)
        path = f"{PLANS_DIR}/{rel}"
        before[path] = (Row(Path(rel).stem, "invalid", None, None) if plan is None
                        else snapshot_row(plan, ws.config, then_day))
    return movers(before, now)


def _plan_of(raw: bytes) -> Plan | None:
    """A plan from a file's bytes, by the rule `saveplan.plans.try_load` uses (a plan with
    only unknown keys still loads), or None."""
    from saveplan.loader import LoadError, decode, parse
    from saveplan.models import Plan
    from saveplan.validation import usable, validate

    try:
        doc = parse(decode(raw))
    except LoadError:
        return None
    plan, problems = validate(Plan, doc.data)
    if not usable(plan, problems):
        return None
    return plan


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

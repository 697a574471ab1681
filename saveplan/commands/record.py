"""`saveplan record PLAN VALUE` and `saveplan done PLAN ACTION`: the two edits of the
mid-plan loop. Both change only the lines they must (see saveplan/edit.py), refuse with
exit 2 and write nothing when the edit is not sound, and are safe to run concurrently.
Both refuse a closed plan (saved, churned, exited: `saveplan touch` records what happens
after the outcome) and a date before `started` or after today (contract 1.1)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from saveplan.commands.options import PlanRef, Today, WorkspaceDir, on_date
from saveplan.completion import action_refs

if TYPE_CHECKING:
    from saveplan.workspace import Workspace

ON_HELP = ("The date (default: today): YYYY-MM-DD, 'yesterday', or -N days. "
           "Not after today, nor before the plan started.")
OnDate = Annotated[str | None, typer.Option("--on", metavar="DATE", help=ON_HELP, show_default=False)]


def _open(plan: str, workspace: Path | None) -> tuple[Workspace, Path]:
    from saveplan.workspace import open_workspace, require_valid_config, resolve_plan

    ws = open_workspace(workspace)
    require_valid_config(ws)
    return ws, resolve_plan(plan, ws)


def record(plan: str, value: str, *, on: str | None = None, today: str | None = None,
           workspace: Path | None = None, out: TextIO | None = None) -> int:
    """Add a leading-indicator reading. 0 written, 2 refused (nothing written)."""
    from saveplan import changes
    from saveplan.dates import resolve_today
    from saveplan.edit import apply_edit, parse_value
    from saveplan.render.edits import recorded
    from saveplan.workspace import display_path

    day = resolve_today(today)
    number = parse_value(value)
    when = on_date(on, day, "a reading")
    ws, path = _open(plan, workspace)
    edit = apply_edit(path, changes.reading(path.stem, when, number), ws.config, day)
    status = changes.status_after(edit, ws.config, day, path)
    (out or sys.stdout).write(recorded(display_path(path), edit, status))
    return 0


def done(plan: str, action: str, *, on: str | None = None, today: str | None = None,
         workspace: Path | None = None, out: TextIO | None = None) -> int:
    """Mark an action done. 0 written (or already done), 2 refused (nothing written)."""
    from saveplan import changes
    from saveplan.dates import resolve_today
    from saveplan.edit import apply_edit
    from saveplan.render.edits import marked_done
    from saveplan.workspace import display_path

    day = resolve_today(today)
    when = on_date(on, day, "an action")
    ws, path = _open(plan, workspace)
    edit = apply_edit(path, changes.action_done(path.stem, action, when, replace=on is not None),
                      ws.config, day)
    status = changes.status_after(edit, ws.config, day, path)
    (out or sys.stdout).write(marked_done(display_path(path), edit, status, day, dated=on is not None))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("record", context_settings={"ignore_unknown_options": True})
    def record_command(
        plan: PlanRef,
        value: Annotated[str, typer.Argument(metavar="VALUE", help="The reading, a number.",
                                             show_default=False)],
        on: OnDate = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """Record a reading of the plan's leading indicator (default date: today).

        Only the new reading's line is added: comments, order and quoting stay as they
        were. An edit that would break the plan is refused (exit 2, nothing written).

        Examples:

          saveplan record northwind-analytics 2               # read today

          saveplan record northwind-analytics 2 --on 2026-12-03

          saveplan record plans/proseware.yaml -1             # a path works too
        """
        return record(plan, value, on=on, today=today, workspace=workspace)

    @app.command("done")
    def done_command(
        plan: PlanRef,
        action: Annotated[str, typer.Argument(
            metavar="ACTION", autocompletion=action_refs,
            help="The action's id, or its number (1 is the first).",
            show_default=False)],
        on: OnDate = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """Mark an action done (default date: today).

        A `done: DATE` line is added after the action's `due:`; nothing else changes.
        An action already done keeps its date unless --on gives another one.

        Examples:

          saveplan done northwind-analytics 1                 # the first action, today

          saveplan done proseware workaround --on 2026-11-20  # by its id
        """
        return done(plan, action, on=on, today=today, workspace=workspace)

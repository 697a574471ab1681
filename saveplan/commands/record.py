"""`saveplan record PLAN VALUE` and `saveplan done PLAN ACTION`: the two edits of the
mid-plan loop. Both change only the lines they must (see saveplan/edit.py), refuse with
exit 2 and write nothing when the edit is not sound, and are safe to run concurrently.
Both refuse a closed plan (saved, churned, exited: `saveplan touch` records what happens
after the outcome) and a date before `started` or after today (contract 1.1)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from saveplan.commands.options import PlanRef, Today, WorkspaceDir, on_date
from saveplan.completion import action_refs

if TYPE_CHECKING:
    from saveplan.edit import Edit
    from saveplan.status import PlanStatus
    from saveplan.workspace import Workspace

ON_HELP = ("The date (default: today): YYYY-MM-DD, 'yesterday', or -N days. "
           "Not after today, nor before the plan started.")
OnDate = Annotated[str | None, typer.Option("--on", metavar="DATE", help=ON_HELP, show_default=False)]


def _open(plan: str, workspace: Path | None) -> tuple[Workspace, Path]:
    from saveplan.workspace import open_workspace, require_valid_config, resolve_plan

    ws = open_workspace(workspace)
    require_valid_config(ws)
    return ws, resolve_plan(plan, ws)


def _after(edit: Edit, ws: Workspace, path: Path, day: date) -> PlanStatus | None:
    """The plan's status after the edit (from the text just written)."""
    from saveplan.loader import parse
    from saveplan.models import Plan
    from saveplan.status import plan_status
    from saveplan.validation import validate
    from saveplan.workspace import display_path

    plan, _ = validate(Plan, parse(edit.text).data)
    if plan is None:  # pragma: no cover - verify() made sure it loads
        return None
    return plan_status(plan, ws.config, day, path=display_path(path), slug=path.stem)


def record(plan: str, value: str, *, on: str | None = None, today: str | None = None,
           workspace: Path | None = None, out: TextIO | None = None) -> int:
    """Add a leading-indicator reading. 0 written, 2 refused (nothing written)."""
    from saveplan.dates import resolve_today
    from saveplan.edit import add_reading, apply_edit, parse_value, require_open
    from saveplan.status import STATE_WORDS, advice
    from saveplan.workspace import display_path

    stream = out or sys.stdout
    day = resolve_today(today)
    number = parse_value(value)
    when = on_date(on, day, "a reading")
    ws, path = _open(plan, workspace)

    def make(text: str) -> Edit:
        require_open(text, when, doing="indicator readings",
                     instead=f"record a follow-up with `saveplan touch {path.stem} KIND` (check_in, "
                             "review, business_review, health_check); `saveplan status "
                             f"{path.stem}` shows what is due")
        return add_reading(text, when, number)

    edit = apply_edit(path, make, ws.config, day)
    shown = display_path(path)
    status = _after(edit, ws, path, day)
    detail = ""
    if status is not None and status.plan.leading_indicator is not None:
        ind = status.plan.leading_indicator
        word = "at least" if ind.direction == "at_least" else "at most"
        target = f", target {word} {ind.target:g}" if ind.target is not None else ""
        detail = f" ({ind.metric}{target})"
    stream.write(f"{shown}:{edit.line}: {edit.message}{detail}\n")
    if status is not None:
        stream.write(f"Indicator: {STATE_WORDS[status.indicator]}; light: {status.light}\n")
        for line in advice(status)[:1]:
            stream.write(f"Next: {line}\n")
    return 0


def done(plan: str, action: str, *, on: str | None = None, today: str | None = None,
         workspace: Path | None = None, out: TextIO | None = None) -> int:
    """Mark an action done. 0 written (or already done), 2 refused (nothing written)."""
    from saveplan.dates import resolve_today
    from saveplan.edit import apply_edit, mark_done, require_open
    from saveplan.workspace import display_path

    stream = out or sys.stdout
    day = resolve_today(today)
    when = on_date(on, day, "an action")
    ws, path = _open(plan, workspace)

    def make(text: str) -> Edit:
        require_open(text, when, doing="action updates",
                     instead=f"the save attempt is over: record a contact with `saveplan touch "
                             f"{path.stem} KIND`; to reopen the plan, set status: active by hand")
        return mark_done(text, action, when, replace=on is not None)

    edit = apply_edit(path, make, ws.config, day)
    shown = display_path(path)
    suffix = "" if edit.changed else "; nothing written" + (
        " (use --on DATE to change the date)" if on is None else "")
    stream.write(f"{shown}:{edit.line}: {edit.message}{suffix}\n")
    status = _after(edit, ws, path, day)
    if status is not None:
        nxt = status.next_action
        if nxt is None:
            stream.write("Every action is done.\n")
        else:
            late = " (overdue)" if nxt.is_overdue(day) else ""
            stream.write(f"Next: action {nxt.label}, due {nxt.due}{late}: {nxt.action.do} "
                         f"({nxt.action.owner})\n")
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

"""`saveplan close PLAN saved|churned|exited`: set the plan's status and its outcome in one
careful edit (saveplan/edit.py `close_plan`), then print what comes next: the follow-ups
of a save or the win-back touches of a loss, the recovery period and the debrief."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import PlanRef, Today, WorkspaceDir, on_date
from saveplan.commands.record import OnDate, _open


class Closing(StrEnum):
    saved = "saved"
    churned = "churned"
    exited = "exited"


class Category(StrEnum):
    product_fit = "product_fit"
    service_experience = "service_experience"
    value_perception = "value_perception"
    circumstantial = "circumstantial"


def close(plan: str, outcome: str, *, on: str | None = None, arr: str | None = None,
          reason: str | None = None, category: str | None = None, hours: str | None = None,
          today: str | None = None, workspace: Path | None = None, out: TextIO | None = None) -> int:
    """Close a plan as saved, churned or exited. 0 written, 2 refused (nothing written)."""
    from saveplan import changes
    from saveplan.dates import resolve_today
    from saveplan.edit import apply_edit
    from saveplan.render.edits import closed
    from saveplan.workspace import display_path

    day = resolve_today(today)
    when = on_date(on, day, "an outcome")
    values = changes.outcome_values(outcome, when, arr=arr, reason=reason, category=category,
                                    hours=hours)
    ws, path = _open(plan, workspace)
    edit = apply_edit(path, changes.close(outcome, values), ws.config, day)
    after = changes.lifecycle_after(edit, ws.config, day)
    (out or sys.stdout).write(closed(display_path(path), edit, when, after, path.stem))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("close")
    def close_command(
        plan: PlanRef,
        outcome: Annotated[Closing, typer.Argument(
            metavar="saved|churned|exited", help="How the plan ended.", case_sensitive=False,
            show_default=False)],
        on: OnDate = None,
        arr: Annotated[str | None, typer.Option(
            "--arr", metavar="N", help="ARR kept after the renewal (saved; default: the "
            "account's ARR).", show_default=False)] = None,
        reason: Annotated[str | None, typer.Option(
            "--reason", metavar="TEXT", help="Why they left (required for churned and exited).",
            show_default=False)] = None,
        category: Annotated[Category | None, typer.Option(
            "--category", help="The cause of the outcome (default: the root cause's category).",
            case_sensitive=False, show_default=False)] = None,
        hours: Annotated[str | None, typer.Option(
            "--hours", metavar="N", help="Hours the team spent on the save (for save ROI).",
            show_default=False)] = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """Close a plan: set `status` and write `outcome` in one careful edit.

        Saved keeps the account's ARR unless --arr says otherwise; churned and exited
        need --reason. A plan already closed is refused (exit 2, nothing written). Then
        it prints what comes next: the 30/60/90-day follow-ups of a save, or the win-back
        touches of a loss, and the debrief.

        Examples:

          saveplan close northwind-analytics saved --on 2027-02-10

          saveplan close northwind-analytics saved --arr 70000 --hours 26

          saveplan close contoso-ltd churned --reason "Chose a cheaper tool" --category circumstantial
        """
        return close(plan, outcome.value, on=on, arr=arr, reason=reason,
                     category=category.value if category else None, hours=hours, today=today,
                     workspace=workspace)

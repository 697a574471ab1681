"""`saveplan touch PLAN KIND`: record a follow-up or win-back contact on a closed plan
(appends to `touches` in one careful edit, saveplan/edit.py `add_touch`), then say what
the lifecycle calls for next."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import PlanRef, Today, WorkspaceDir, on_date
from saveplan.commands.record import OnDate, _open


class Kind(StrEnum):
    check_in = "check_in"
    review = "review"
    business_review = "business_review"
    health_check = "health_check"
    win_back = "win_back"
    next_renewal = "next_renewal"


class Result(StrEnum):
    renewed = "renewed"
    churned = "churned"
    won_back = "won_back"


def touch(plan: str, kind: str, *, on: str | None = None, note: str | None = None,
          result: str | None = None, today: str | None = None, workspace: Path | None = None,
          out: TextIO | None = None) -> int:
    """Record a touch on a closed plan. 0 written, 2 refused (nothing written)."""
    from saveplan import changes
    from saveplan.dates import resolve_today
    from saveplan.edit import apply_edit
    from saveplan.render.edits import touched
    from saveplan.workspace import display_path

    day = resolve_today(today)
    changes.check_result(kind, result)
    when = on_date(on, day, "a touch")
    values = changes.touch_values(kind, when, note=note, result=result)
    ws, path = _open(plan, workspace)
    edit = apply_edit(path, changes.touch(kind, values), ws.config, day)
    after = changes.lifecycle_after(edit, ws.config, day)
    (out or sys.stdout).write(touched(display_path(path), edit, after, day, path.stem))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("touch")
    def touch_command_(
        plan: PlanRef,
        kind: Annotated[Kind, typer.Argument(
            metavar="KIND", help="check_in | review | business_review | health_check | win_back "
            "| next_renewal", case_sensitive=False, show_default=False)],
        on: OnDate = None,
        note: Annotated[str | None, typer.Option(
            "--note", metavar="TEXT", help="What was said or seen.", show_default=False)] = None,
        result: Annotated[Result | None, typer.Option(
            "--result", help="For win_back (won_back | churned) and next_renewal (renewed | "
            "churned) only.", case_sensitive=False, show_default=False)] = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """Record a follow-up or win-back contact on a closed plan (default date: today).

        After a save: check_in, review and business_review at 30, 60 and 90 days, and a
        health_check at least every 14 days in the recovery period; next_renewal with
        --result renewed|churned records how the next renewal went. After a loss:
        win_back at 3, 6 and 12 months (--result won_back when they come back). An open
        plan is refused: close it first.

        Examples:

          saveplan touch northwind-analytics check_in --note "Delivering on every commitment"

          saveplan touch northwind-analytics next_renewal --on 2028-02-14 --result renewed

          saveplan touch contoso-ltd win_back --result won_back
        """
        return touch(plan, kind.value, on=on, note=note,
                     result=result.value if result else None, today=today, workspace=workspace)

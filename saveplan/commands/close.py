"""`saveplan close PLAN saved|churned|exited`: set the plan's status and its outcome in one
careful edit (saveplan/edit.py `close_plan`), then print what comes next: the follow-ups
of a save or the win-back touches of a loss, the recovery period and the debrief."""

from __future__ import annotations

import math
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

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


def _number(text: str | None, option: str) -> int | float | None:
    """A number >= 0 given on the command line (`84000`, `26.5`)."""
    from saveplan.errors import UsageError

    if text is None:
        return None
    try:
        value = float(text.strip().replace("_", ""))
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a number", hint=f"e.g. {option} 84000") from None
    if not math.isfinite(value) or value < 0:
        raise UsageError(f"{option} {text!r} must be a number of at least 0")
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def close(plan: str, outcome: str, *, on: str | None = None, arr: str | None = None,
          reason: str | None = None, category: str | None = None, hours: str | None = None,
          today: str | None = None, workspace: Path | None = None, out: TextIO | None = None) -> int:
    """Close a plan as saved, churned or exited. 0 written, 2 refused (nothing written)."""
    from saveplan.analysis.lifecycle import lifecycle
    from saveplan.dates import resolve_today
    from saveplan.edit import apply_edit, close_plan
    from saveplan.errors import UsageError
    from saveplan.loader import parse
    from saveplan.models import Plan
    from saveplan.render.lifecycle import schedule_lines
    from saveplan.validation import validate
    from saveplan.workspace import display_path

    stream = out or sys.stdout
    day = resolve_today(today)
    when = on_date(on, day, "an outcome")
    kept = _number(arr, "--arr")
    spent = _number(hours, "--hours")
    why = reason.strip() if reason is not None else None
    if outcome in ("churned", "exited"):
        if not why:
            raise UsageError(f"closing as {outcome} needs --reason: why they left",
                             hint='e.g. --reason "Chose a cheaper tool after the budget cut"')
        if kept not in (None, 0):
            raise UsageError(f"--arr {arr}: a {outcome} account keeps no ARR",
                             hint="a renewal at a lower ARR is a save: close it as saved --arr N")
        kept = 0
    values: dict[str, Any] = {"on": when}
    for key, value in (("arr", kept), ("reason", why or None), ("category", category),
                       ("hours", spent)):
        if value is not None:
            values[key] = value
    ws, path = _open(plan, workspace)
    edit = apply_edit(path, lambda text: close_plan(text, outcome, values), ws.config, day)
    shown = display_path(path)
    closed, _ = validate(Plan, parse(edit.text).data)
    detail = ""
    if (closed is not None and closed.status == "saved" and closed.outcome is not None
            and closed.outcome.arr is not None):
        detail = f" (ARR kept {closed.outcome.arr:,.0f} of {closed.account.arr:,.0f})"
    stream.write(f"{shown}:{edit.line}: {edit.message} on {when}{detail}\n")
    if closed is not None:
        life = lifecycle(closed, ws.config, day)
        lines = schedule_lines(life, path.stem)
        if lines:
            stream.write("What comes next:\n" + "".join(line + "\n" for line in lines))
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

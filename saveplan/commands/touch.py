"""`saveplan touch PLAN KIND`: record a follow-up or win-back contact on a closed plan
(appends to `touches` in one careful edit, saveplan/edit.py `add_touch`), then say what
the lifecycle calls for next."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

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


# which results a kind may carry (the contract: result for win_back and next_renewal only)
RESULTS: dict[str, tuple[str, ...]] = {
    "win_back": ("won_back", "churned"),
    "next_renewal": ("renewed", "churned"),
}


def touch(plan: str, kind: str, *, on: str | None = None, note: str | None = None,
          result: str | None = None, today: str | None = None, workspace: Path | None = None,
          out: TextIO | None = None) -> int:
    """Record a touch on a closed plan. 0 written, 2 refused (nothing written)."""
    from saveplan.analysis.lifecycle import lifecycle
    from saveplan.dates import resolve_today
    from saveplan.edit import add_touch, apply_edit
    from saveplan.errors import UsageError
    from saveplan.loader import parse
    from saveplan.models import Plan
    from saveplan.render.lifecycle import stage_words, touch_command, when_words
    from saveplan.validation import validate
    from saveplan.workspace import display_path

    stream = out or sys.stdout
    day = resolve_today(today)
    allowed = RESULTS.get(kind)
    if result is not None and allowed is None:
        raise UsageError(f"--result is for win_back and next_renewal touches, not {kind}",
                         hint="leave --result out, or say what happened with --note")
    if result is not None and allowed is not None and result not in allowed:
        raise UsageError(f"--result {result}: a {kind} touch's result is {' or '.join(allowed)}")
    when = on_date(on, day, "a touch")
    values: dict[str, Any] = {"on": when, "kind": kind}
    if note is not None and note.strip():
        values["note"] = note.strip()
    if result is not None:
        values["result"] = result
    ws, path = _open(plan, workspace)

    def make(text: str) -> Any:
        data = parse(text).data
        if kind == "next_renewal" and data.get("status") in ("churned", "exited"):
            raise UsageError(f"a next_renewal touch records how a saved account renewed; this plan "
                             f"is {data.get('status')}", hint="a lost account gets win_back touches")
        return add_touch(text, values)

    edit = apply_edit(path, make, ws.config, day)
    shown = display_path(path)
    stream.write(f"{shown}:{edit.line}: recorded the {edit.message}\n")
    after, _ = validate(Plan, parse(edit.text).data)
    if after is not None:
        life = lifecycle(after, ws.config, day)
        nxt = life.next_touch
        if nxt is not None:
            stream.write(f"Next: the {nxt.label} on {nxt.on} ({when_words(nxt.on, day)}): "
                         f"{touch_command(path.stem, nxt)}\n")
        elif life.stage == "closed":
            stream.write("Every scheduled touch is recorded: the plan is closed.\n")
        by = life.recovery_touch_by
        if by is not None:
            stream.write(f"In recovery until {life.recovery_until}: the next touch by {by}.\n")
        if life.stage != "closed" and nxt is None:
            stream.write(f"Stage: {stage_words(life)}.\n")
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

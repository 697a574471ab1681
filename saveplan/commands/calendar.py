"""`saveplan calendar`: an iCalendar (.ics) file of every open plan's dates, and of the
scheduled touches of the closed plans still in recovery or win-back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import Owner, Today, WorkspaceDir, check_owner


def calendar(plans: list[str] | None = None, *, output: Path | None = None, today: str | None = None,
             workspace: Path | None = None, out: TextIO | None = None,
             err: TextIO | None = None, owner: str | None = None) -> int:
    """Write the .ics of the open plans and the closed ones still in recovery or win-back
    (of `owner`'s plans, or of the plans named) to stdout or `output`."""
    from saveplan.dates import resolve_today
    from saveplan.errors import UsageError
    from saveplan.fileio import atomic_write
    from saveplan.plans import load_plan, map_plans
    from saveplan.render.edits import calendar_skipped, calendar_written
    from saveplan.render.ics import calendar_chunks, calendar_step, plan_ics
    from saveplan.workspace import display_path, open_workspace, require_valid_config, resolve_plan

    day = resolve_today(today)
    ws = open_workspace(workspace)
    require_valid_config(ws)
    if plans:
        named = [load_plan(resolve_plan(ref, ws)) for ref in plans]
        parts = [plan_ics(loaded.plan, loaded.path.stem, ws.config, day).encode("utf-8") for loaded in named]
    else:
        who = check_owner(owner, ws.config.people)
        parts, bad = map_plans(ws, calendar_step, (ws.config, day, who))
        (err or sys.stderr).write("".join(calendar_skipped(b.shown) for b in bad))
    if output is not None:
        try:
            atomic_write(output, calendar_chunks(parts, day))
        except OSError as exc:
            raise UsageError(f"-o {output}: cannot write it: {exc.strerror or exc}") from None
        events = sum(part.count(b"BEGIN:VEVENT") for part in parts)
        (err or sys.stderr).write(calendar_written(display_path(output), events, len(parts)))
        return 0
    if out is not None:
        out.writelines(chunk.decode("utf-8") for chunk in calendar_chunks(parts, day))
        return 0
    sys.stdout.flush()  # bytes, so the CRLF line ends reach the file as they are on every platform
    sys.stdout.buffer.writelines(calendar_chunks(parts, day))
    sys.stdout.buffer.flush()
    return 0


def register(app: typer.Typer) -> None:
    @app.command("calendar")
    def calendar_command(
        plans: Annotated[list[str] | None, typer.Argument(
            metavar="PLAN", help="Only these plans (default: every draft and active plan, and "
            "the closed ones in recovery or win-back).",
            show_default=False)] = None,
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", metavar="FILE", help="Write the .ics here (atomically) instead of "
            "to stdout.", show_default=False)] = None,
        owner: Owner = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """An iCalendar (.ics) of the open plans' action due dates, indicator check dates and
        renewal dates, as all-day events, and the scheduled follow-up and win-back touches
        of the closed plans still in recovery or win-back.

        Each event's UID comes from the plan's slug and what the event is, so importing or
        subscribing to a newer file updates the events rather than duplicating them.

        Examples:

          saveplan calendar -o saveplans.ics          # then import it into your calendar

          saveplan calendar northwind-analytics > northwind.ics
        """
        return calendar(plans, output=output, today=today, workspace=workspace, owner=owner)

"""`saveplan agenda`: everything due across the plans in the next N days, overdue first
(the computation is saveplan/analysis/agenda.py, the output saveplan/render/agenda.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import AgendaFormat, Owner, Today, WorkspaceDir, format_option


def agenda(*, owner: str | None = None, days: int = 7, fmt: str = "text", today: str | None = None,
           workspace: Path | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Print the agenda. 0 printed (plans that do not load are named on stderr), 2 a usage
    or workspace problem."""
    from saveplan.analysis.agenda import agenda_of, agenda_step
    from saveplan.commands.options import check_owner
    from saveplan.dates import resolve_today
    from saveplan.errors import UsageError
    from saveplan.findings import left_out
    from saveplan.plans import map_plans
    from saveplan.render.agenda import write_agenda
    from saveplan.workspace import open_workspace, require_valid_config

    if days < 0:
        raise UsageError(f"--days {days}: give a number of days, 0 or more")
    day = resolve_today(today)
    ws = open_workspace(workspace)
    require_valid_config(ws)
    who = check_owner(owner, ws.config.people)
    rows, bad = map_plans(ws, agenda_step, (ws.config, day, days, who))
    (err or sys.stderr).write("".join(left_out(b.shown, b.findings[0]) + "\n" for b in bad))
    items = agenda_of(rows)
    write_agenda(fmt, items, ws.config, day, days, who, out or sys.stdout)
    return 0


def register(app: typer.Typer) -> None:
    @app.command("agenda")
    def agenda_command(
        owner: Owner = None,
        days: Annotated[int, typer.Option("--days", metavar="N",
                                          help="How far ahead to look, in days.")] = 7,
        fmt: Annotated[AgendaFormat, format_option()] = AgendaFormat.text,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """Everything due across the plans in the next N days (7 by default), overdue
        first: open actions, indicator checks, weekly customer updates, and after the
        outcome the follow-up and win-back touches.

        With --owner, the plans that person owns and the actions they own elsewhere.

        Examples:

          saveplan agenda --owner maria                 # my week

          saveplan agenda --days 14 --format markdown > week.md

          saveplan agenda --format json | jq '.[] | select(.overdue)'
        """
        return agenda(owner=owner, days=days, fmt=fmt.value, today=today, workspace=workspace)

"""`saveplan report PLAN`: the weekly update for every stakeholder, in Markdown."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import PlanRef, Today, WorkspaceDir


def report(plan: str, *, week_of: str | None = None, today: str | None = None,
           workspace: Path | None = None, out: TextIO | None = None) -> int:
    """Print the weekly update of one plan. 0 printed, 2 unknown or invalid plan."""
    from saveplan.dates import parse_cli_date, resolve_today
    from saveplan.plans import load_plan
    from saveplan.report import weekly_report
    from saveplan.workspace import open_workspace, require_valid_config, resolve_plan

    day = resolve_today(today)
    week = parse_cli_date(week_of, today=day, option="--week-of") if week_of else None
    ws = open_workspace(workspace)
    require_valid_config(ws)
    loaded = load_plan(resolve_plan(plan, ws))
    text = weekly_report(loaded.plan, ws.config, day, week_of=week, slug=loaded.path.stem)
    (out or sys.stdout).write(text)
    return 0


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_command(
        plan: PlanRef,
        week_of: Annotated[str | None, typer.Option(
            "--week-of", metavar="DATE",
            help="Any day of the week to report (default: this week). The plan is shown as it "
                 "stood at the end of that week, or today if sooner.", show_default=False)] = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """The weekly update of a plan, in Markdown, for every stakeholder: summary,
        done this week, next steps with owners and dates, challenges, commercial path.

        Paste it into an email or a chat message; review it before you send it (the
        commercial path is the plan you decided in advance).

        Examples:

          saveplan report northwind-analytics

          saveplan report northwind-analytics --week-of 2026-11-30 > update.md
        """
        return report(plan, week_of=week_of, today=today, workspace=workspace)

"""`saveplan report PLAN`: the weekly update, for the customer (safe to send, the default)
or for the team (the internal view); `--sent` records it in the plan's `updates`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import PlanRef, Today, WorkspaceDir, on_date


class ReportFor(StrEnum):
    customer = "customer"
    team = "team"


def report(plan: str, *, audience: str = "customer", week_of: str | None = None,
           sent: bool = False, on: str | None = None, today: str | None = None,
           workspace: Path | None = None, out: TextIO | None = None,
           err: TextIO | None = None) -> int:
    """Print the weekly update of one plan, and with `sent` record it. 0 printed (and
    recorded), 2 refused: unknown or invalid plan, a placeholder in a customer update, a
    bad date, an edit that could not be made safely (nothing written)."""
    from saveplan import changes
    from saveplan.dates import parse_cli_date, resolve_today
    from saveplan.edit import apply_edit
    from saveplan.errors import UsageError
    from saveplan.plans import load_plan
    from saveplan.render.edits import sent as sent_line
    from saveplan.render.report import placeholders_shown, weekly_report
    from saveplan.workspace import display_path, open_workspace, require_valid_config, resolve_plan

    if on is not None and not sent:
        raise UsageError("--on is the date an update was sent: use it with --sent")
    day = resolve_today(today)
    week = parse_cli_date(week_of, today=day, option="--week-of") if week_of else None
    ws = open_workspace(workspace)
    require_valid_config(ws)
    loaded = load_plan(resolve_plan(plan, ws))
    when = on_date(on, day, "an update", loaded.plan.started) if sent else day
    if audience == "customer":
        changes.ready_to_send(loaded.shown, placeholders_shown(loaded.plan))
    make = changes.update_sent(loaded.plan, loaded.shown, when, audience) if sent else None
    text = weekly_report(loaded.plan, ws.config, day, week_of=week, slug=loaded.path.stem,
                         audience="team" if audience == "team" else "customer")
    stream = out or sys.stdout
    stream.write(text)
    if make is not None:
        stream.flush()
        edit = apply_edit(loaded.path, make, ws.config, day)
        (err or sys.stderr).write(sent_line(display_path(loaded.path), edit))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_command(
        plan: PlanRef,
        audience: Annotated[ReportFor, typer.Option(
            "--for", help="customer: safe to send (no commercial path, concessions, probability "
                          "or internal states); team: the internal view with all of them.",
            case_sensitive=False)] = ReportFor.customer,
        sent: Annotated[bool, typer.Option(
            "--sent", help="Record the update as sent: append {on, to} to the plan's `updates` "
                           "(a careful edit), after printing it.")] = False,
        on: Annotated[str | None, typer.Option(
            "--on", metavar="DATE", help="With --sent: the day it was sent (default: today; not "
                                         "after today).", show_default=False)] = None,
        week_of: Annotated[str | None, typer.Option(
            "--week-of", metavar="DATE",
            help="Any day of the week to report (default: this week). The plan is shown as it "
                 "stood at the end of that week, or today if sooner.", show_default=False)] = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """The weekly update of a plan, in Markdown: summary, done this week, next steps
        with owners and dates, challenges, what we need from the customer.

        The customer's update (the default) is addressed to every stakeholder by name and
        speaks in their KPIs; it is refused while the plan still holds a placeholder that
        `saveplan new` wrote. The team's view adds the indicator state, the commercial path
        and its next move, and the concessions. See docs/weekly-update.md.

        Examples:

          saveplan report northwind-analytics > update.md

          saveplan report northwind-analytics --sent          # print it and record it as sent

          saveplan report northwind-analytics --for team      # the internal view
        """
        return report(plan, audience=audience.value, week_of=week_of, sent=sent, on=on,
                      today=today, workspace=workspace)

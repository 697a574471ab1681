"""`saveplan status [PLAN]`: every open plan at a glance (indicator, light, next action),
then the closed plans still in recovery or win-back (stage, next touch), or one plan in
detail with its timeline, readings, follow-ups and what the method suggests. The states
come from saveplan.status; saveplan.render.status draws them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import ListFormat, Owner, Today, WorkspaceDir, check_owner, format_option


def status(plan: str | None = None, *, fmt: str = "text", today: str | None = None,
           workspace: Path | None = None, out: TextIO | None = None,
           every: bool = False, owner: str | None = None) -> int:
    """Print the status of every open plan (and of the closed plans still in recovery or
    win-back; `every`: all plans; `owner`: only theirs), or of one. Always 0 when it could look."""
    from saveplan.dates import resolve_today
    from saveplan.plans import load_plan, map_plans
    from saveplan.render import status as render
    from saveplan.status import listing_of, plan_status
    from saveplan.workspace import open_workspace, require_valid_config, resolve_plan

    stream = out or sys.stdout
    day = resolve_today(today)
    ws = open_workspace(workspace)
    require_valid_config(ws)
    if plan is not None:
        loaded = load_plan(resolve_plan(plan, ws))
        st = plan_status(loaded.plan, ws.config, day, path=loaded.shown, slug=loaded.path.stem)
        (render.write_detail_json if fmt == "json" else render.print_detail)(st, ws.config, stream)
        return 0
    who = check_owner(owner, ws.config.people)
    rows, bad = map_plans(ws, render.list_step, (ws.config, day, who, fmt == "json"))
    found = listing_of(rows, day, every=every)
    (render.write_list_json if fmt == "json" else render.print_list)(found, bad, stream)
    return 0


def register(app: typer.Typer) -> None:
    @app.command("status")
    def status_command(
        plan: Annotated[str | None, typer.Argument(
            metavar="PLAN", help="One plan in detail: a plan file or its slug.",
            show_default=False)] = None,
        fmt: Annotated[ListFormat, format_option()] = ListFormat.text,
        every: Annotated[bool, typer.Option(
            "--all", help="List every plan, closed ones too.")] = False,
        owner: Owner = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """Where every open plan stands: indicator state, traffic light, next action.

        Indicator: pending (no reading, check to come), on_track (latest reading meets
        the target), behind (misses, check to come), off_track (misses, check passed),
        missed (check passed, no reading). Light: red for off_track, missed, a renewal
        passed or an emergency window not on track; green for on_track with nothing
        overdue; yellow otherwise. Most urgent first.

        Closed plans are listed after them while they still call for work: a saved plan
        in recovery, a churned or exited one until its last win-back touch, with the
        next scheduled touch (JSON: `stage`, `next_touch`). --all lists every plan.

        Examples:

          saveplan status                          # open plans, then recovery and win-back

          saveplan status --all                    # every plan, closed ones too

          saveplan status northwind-analytics      # one plan: timeline, readings, advice

          saveplan status --format json --today 2026-12-05
        """
        return status(plan, fmt=fmt.value, today=today, workspace=workspace, every=every, owner=owner)

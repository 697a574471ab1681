"""`saveplan metrics`: is the save program working? Loads the plans, filters the period,
computes (saveplan.analysis.metrics) and renders (saveplan.render.metrics)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import AgendaFormat, Today, WorkspaceDir, format_option


class GroupBy(StrEnum):
    quarter = "quarter"
    owner = "owner"
    playbook = "playbook"
    category = "category"
    value_tier = "value_tier"


def metrics(*, since: str | None = None, until: str | None = None, by: str | None = None,
            fmt: str = "text", today: str | None = None, workspace: Path | None = None,
            out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Print the program's figures. 0 on success (plans that do not load are listed on
    stderr and left out); 2 on a usage or workspace problem."""
    import json

    from saveplan.analysis.metrics import metrics_of, record_step
    from saveplan.dates import parse_cli_date, resolve_today
    from saveplan.errors import UsageError
    from saveplan.findings import left_out
    from saveplan.plans import map_plans
    from saveplan.render import metrics as render
    from saveplan.workspace import open_workspace, require_valid_config

    day = resolve_today(today)
    start = parse_cli_date(since, today=day, option="--since") if since else None
    end = parse_cli_date(until, today=day, option="--until") if until else None
    if start and end and start > end:
        raise UsageError(f"--since {start} is after --until {end}")
    ws = open_workspace(workspace)
    require_valid_config(ws)
    records, bad = map_plans(ws, record_step, (ws.config, start, end))
    body = metrics_of(records, ws.config, by=by)
    period = {"since": str(start) if start else None, "until": str(end) if end else None, "by": by}
    if fmt == "json":
        text = json.dumps(render.as_json(body), indent=2, ensure_ascii=False) + "\n"
    else:
        text = (render.markdown if fmt == "markdown" else render.text)(body, **period)
    (out or sys.stdout).write(text)
    (err or sys.stderr).write("".join(left_out(b.shown, b.findings[0]) + "\n" for b in bad))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("metrics")
    def metrics_command(
        since: Annotated[str | None, typer.Option(
            "--since", metavar="DATE", help="Only plans started on or after this date.",
            show_default=False)] = None,
        until: Annotated[str | None, typer.Option(
            "--until", metavar="DATE", help="Only plans started on or before this date.",
            show_default=False)] = None,
        by: Annotated[GroupBy | None, typer.Option(
            "--by", help="Also give the figures per group.", case_sensitive=False,
            show_default=False)] = None,
        fmt: Annotated[AgendaFormat, format_option()] = AgendaFormat.text,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """The save program's figures: attempts, save rate, saved and lost ARR, time to save,
        response time, save ROI, retention after a save, win-backs, and why accounts left,
        beside the method's benchmarks (a save rate of 50-60% is solid).

        The period counts plans by their `started` date, both bounds included. A figure that
        cannot be computed (nothing decided, no hours recorded) is null, and the text says why.

        Examples:

          saveplan metrics --since 2026-01-01 --until 2026-12-31

          saveplan metrics --by quarter --format markdown > review.md
        """
        return metrics(since=since, until=until, by=by.value if by else None, fmt=fmt.value,
                       today=today, workspace=workspace)

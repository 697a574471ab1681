"""`saveplan triage`: rank the open plans for a risk review (SPEC "Triage").

The decisions are made in `saveplan.triage` (pure); saveplan.render.triage prints them: a
table (text), a JSON array (json) or a risk-review agenda (markdown).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import AgendaFormat, Owner, Today, WorkspaceDir, check_owner, format_option


def triage(*, workspace: Path | None = None, fmt: str = "text", explain: bool = False,
           today: str | None = None, out: TextIO | None = None, err: TextIO | None = None,
           owner: str | None = None) -> int:
    """Rank every draft or active plan (of `owner`'s plans). 0 on success (also when some plans do not load:
    they are listed as needing `saveplan check`); 2 on a usage or workspace problem."""
    from saveplan import triage as core
    from saveplan.dates import resolve_today
    from saveplan.plans import map_plans
    from saveplan.render import triage as render
    from saveplan.workspace import open_workspace, require_valid_config

    day = resolve_today(today)
    ws = open_workspace(workspace)
    require_valid_config(ws)
    who = check_owner(owner, ws.config.people)
    rows, bad = map_plans(ws, core.triage_step, (ws.config, day, who))
    ranked = core.rank(rows)
    stream = out or sys.stdout
    if fmt == "json":
        render.write_json(ranked, bad, stream, err or sys.stderr)
    elif fmt == "markdown":
        stream.write(render.markdown(ranked, bad, day, explain))
    else:
        render.print_text(ranked, bad, day, explain, stream)
    return 0


def register(app: typer.Typer) -> None:
    @app.command("triage")
    def triage_command(
        fmt: Annotated[AgendaFormat, format_option()] = AgendaFormat.text,
        explain: Annotated[bool, typer.Option(
            "--explain", help="Show, per plan, why each tier was chosen (the scored table).")] = False,
        owner: Owner = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """Rank the open plans (draft or active) for a risk review: value tier, save
        probability, effort, time window, strikes and expected value.

        The most urgent window comes first, then the higher value, then the higher
        probability. Plans whose effort is `none` (value and probability both low) are
        shown as candidates for a graceful exit. `--explain` shows, per plan, why.

        Examples:

          saveplan triage --today 2026-11-25

          saveplan triage --explain                   # why each tier was chosen

          saveplan triage --format markdown > agenda.md   # paste into the meeting doc

          saveplan triage --format json | jq '.[] | select(.review)'
        """
        return triage(workspace=workspace, fmt=fmt.value, explain=explain, today=today, owner=owner)

"""`saveplan new NAME --playbook ID --renewal DATE --arr N --owner ID`: a draft save plan
from a playbook, written to plans/<slug>.yaml, that `saveplan check` passes (the inputs:
saveplan/drafting.py; the plan and its writing: saveplan/authoring.py; the output:
saveplan/render/authoring.py)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from saveplan.commands.options import Today, WorkspaceDir
from saveplan.completion import playbook_ids
from saveplan.drafting import Ask, target_path
from saveplan.errors import UsageError

if TYPE_CHECKING:
    from saveplan.authoring import PlanRequest
    from saveplan.library import LoadedPlaybook

__all__ = ["new", "register", "target_path", "write_plan"]  # `saveplan import` writes with these too


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def prompt(text: str, default: str | None) -> str:
    """Ask on the terminal (typer); Ctrl-C or Ctrl-D cancels with nothing written."""
    try:
        return str(typer.prompt(text, default=default, show_default=default is not None))
    except typer.Abort:
        raise UsageError("cancelled; nothing was written") from None


def new(name: str | None, *, playbook: str | None = None, renewal: str | None = None,
        arr: str | None = None, owner: str | None = None, start: str | None = None,
        signals: Sequence[str] = (), force: bool = False, interactive: bool = False,
        workspace: Path | None = None, today: str | None = None, ask: Ask | None = None,
        out: TextIO | None = None) -> int:
    """Write plans/<slug>.yaml from a playbook. 0 written; 2 refused, nothing written."""
    from saveplan import drafting as d
    from saveplan.authoring import PlanRequest
    from saveplan.dates import parse_cli_date, resolve_today
    from saveplan.library import load_library
    from saveplan.render import authoring as show
    from saveplan.workspace import open_workspace, require_valid_config

    stream = out or sys.stdout
    day = resolve_today(today)
    ws = open_workspace(workspace)
    require_valid_config(ws)
    inputs = d.Inputs(interactive, ask or prompt, lambda refused: stream.write(show.retry_note(refused)))
    seen = [d.parse_signal(s) for s in signals]
    library = load_library(ws)

    def choose() -> str | None:
        pick = d.pick_playbook(playbook, seen, library, interactive)
        if pick.guessed and pick.id is not None:
            stream.write(show.using_playbook(pick.id, seen))
        if not pick.ask:
            return pick.id
        stream.write(show.playbook_menu(library, pick.id))
        return inputs.get(None, "Playbook (number or id)", lambda t: d.parse_playbook(t, library).id,
                          default=pick.id)

    chosen = None if interactive else choose()
    if not interactive:
        d.require((("NAME", name), ("--playbook", chosen), ("--renewal", renewal), ("--arr", arr),
                   ("--owner", owner)))
    account, slug = inputs.get(name, "Account name", d.parse_name)
    target = d.target_path(ws, slug)
    d.refuse_existing(target, force)
    if interactive:
        chosen = choose()
    if chosen is None:  # only a terminal gets here without one, and it was asked
        raise UsageError("missing --playbook", hint="see `saveplan playbooks`")
    loaded = library.get(chosen)
    started = parse_cli_date(start, today=day, option="--start") if start is not None else day
    renewal_date = inputs.get(renewal, "Renewal date (YYYY-MM-DD)",
                              lambda t: d.parse_renewal(t, day, started))
    arr_value = inputs.get(arr, "ARR (annual recurring revenue)", d.parse_arr)
    people = ws.config.people
    owner_id = inputs.get(owner, show.owner_question(people), lambda t: d.parse_owner(t, people))
    request = PlanRequest(name=account, playbook=loaded.playbook, renewal=renewal_date, arr=arr_value,
                          owner=owner_id, started=started, config=ws.config, signals=tuple(seen), slug=slug)
    return write_plan(request, target, force=force, today=day, out=stream, source=loaded)


def write_plan(request: PlanRequest, target: Path, *, force: bool, today: date, out: TextIO,
               source: LoadedPlaybook) -> int:
    """Write the plan (saveplan.authoring.write_draft: never an invalid one) and say so. 0."""
    from saveplan.authoring import scale_for, write_draft
    from saveplan.render.authoring import plan_written
    from saveplan.workspace import display_path

    findings = write_draft(request, target, force=force, today=today, source=source)
    out.write(plan_written(request, display_path(target), source, findings, today,
                           pulled_in=scale_for(request) is not None))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("new")
    def new_command(
        name: Annotated[str | None, typer.Argument(
            metavar="NAME", help="The account's name, e.g. \"Contoso Ltd\": the file is "
            "plans/<slug>.yaml (contoso-ltd.yaml).", show_default=False)] = None,
        playbook: Annotated[str | None, typer.Option(
            "--playbook", "-p", metavar="ID", autocompletion=playbook_ids,
            help="The playbook (see `saveplan playbooks`).",
            show_default=False)] = None,
        renewal: Annotated[str | None, typer.Option(
            "--renewal", "-r", metavar="DATE", help="The renewal date, e.g. 2027-04-01.",
            show_default=False)] = None,
        arr: Annotated[str | None, typer.Option(
            "--arr", metavar="N", help="Annual recurring revenue, e.g. 60000 or 60k.",
            show_default=False)] = None,
        owner: Annotated[str | None, typer.Option(
            "--owner", metavar="ID", help="The CSM who owns the plan (a roster id where "
            "saveplan.yaml has a roster).", show_default=False)] = None,
        start: Annotated[str | None, typer.Option(
            "--start", metavar="DATE", help="Day 0 of the plan (default: today).",
            show_default=False)] = None,
        signal: Annotated[list[str] | None, typer.Option(
            "--signal", "-s", metavar="SIGNAL", help="A risk signal seen (repeatable), e.g. "
            "champion_left; without --playbook, the best-matching playbook is used.",
            show_default=False)] = None,
        no_input: Annotated[bool, typer.Option(
            "--no-input", help="Never ask: a missing value is an error (exit 2).")] = False,
        force: Annotated[bool, typer.Option(
            "--force", help="Replace the plan file if it exists.")] = False,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """Write a draft save plan from a playbook to plans/<slug>.yaml.

        The plan gets the playbook's actions (owners mapped to your roster, customer
        roles as stakeholders to name), its leading indicator and commercial path, and
        its guidance as comments to read and delete. Dates stay relative ('day 7') and
        are pulled in when the renewal is closer than the playbook's last date. The plan
        passes `saveplan check`; an existing file is never replaced without --force.

        On a terminal, missing values are asked for; with --no-input (or no terminal)
        they are an error.

        Examples:

          saveplan new "Contoso Ltd" -p champion-departure -r 2027-04-01 --arr 60000 -o maria

          saveplan new "Fabrikam" -s usage_decline -s health_drop -r +60 --arr 25k -o maria

          saveplan new "Fabrikam"                  # asks for the rest
        """
        interactive = not no_input and stdin_is_terminal()
        return new(name, playbook=playbook, renewal=renewal, arr=arr, owner=owner, start=start,
                   signals=signal or [], force=force, interactive=interactive, workspace=workspace,
                   today=today)

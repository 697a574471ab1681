"""Options shared by the commands, so every command spells them the same way."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from saveplan.completion import plan_slugs
from saveplan.dates import TODAY_ENV

Today = Annotated[
    str | None,
    typer.Option("--today", envvar=TODAY_ENV, metavar="YYYY-MM-DD",
                 help=f"The date to work with (default: the clock, or {TODAY_ENV}). "
                      "Pin it in CI so runs are reproducible.", show_default=False),
]
WORKSPACE_ENV = "SAVEPLAN_WORKSPACE"  # also how `saveplan --workspace DIR COMMAND` reaches the command
WorkspaceDir = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", metavar="DIR", envvar=WORKSPACE_ENV,
                 help="The workspace folder (default: the first folder up from here with "
                      "saveplan.yaml or plans/).", show_default=False),
]

PlanRef = Annotated[
    str,
    typer.Argument(metavar="PLAN", help="A plan file, or its slug (the file name without .yaml).",
                   show_default=False, autocompletion=plan_slugs),
]


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"
    gitlab = "gitlab"


class ListFormat(StrEnum):
    text = "text"
    json = "json"


class AgendaFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def format_option() -> typer.models.OptionInfo:
    option: typer.models.OptionInfo = typer.Option(
        "--format", "-f", help="Output format.", case_sensitive=False
    )
    return option


Owner = Annotated[
    str | None,
    typer.Option("--owner", metavar="ID",
                 help="Only the plans this person owns (a roster id): \"my plans\".",
                 show_default=False),
]


def check_owner(owner: str | None, people: object) -> str | None:
    """`--owner ID`: a roster id where the workspace has a roster (UsageError otherwise)."""
    from saveplan.errors import UsageError

    if owner is None:
        return None
    ids = list(people) if isinstance(people, dict) else []
    if ids and owner not in ids:
        raise UsageError(f"--owner {owner}: not on the roster in saveplan.yaml",
                         hint="give a roster id: " + ", ".join(ids))
    return owner


def on_date(on: str | None, today: date, what: str, started: date | None = None) -> date:
    """`--on` of an editing command: today when not given; never after today (`what` is
    recorded once it has happened) and, given `started`, never before the plan started."""
    from saveplan.dates import parse_cli_date
    from saveplan.errors import InvalidDate

    if on is None or not on.strip():
        return today
    day = parse_cli_date(on, today=today, option="--on")
    if day > today:
        raise InvalidDate(f"--on {on}: {day} is after today ({today}); {what} is recorded once it "
                          "has happened", hint="pass --today YYYY-MM-DD if the clock is wrong")
    if started is not None and day < started:
        raise InvalidDate(f"--on {on}: {day} is before the plan started ({started})")
    return day

"""`saveplan check [PATH...]`: the method's rules, for CI, pre-commit and people."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import CheckFormat, Today, WorkspaceDir, format_option


def check(paths: list[Path], *, workspace: Path | None = None, fmt: str = "text",
          strict: bool = False, today: str | None = None, jobs: int | None = None,
          out: TextIO | None = None) -> int:
    """Check plan files (default: the workspace's plans/). 0 clean, 1 findings that fail."""
    from saveplan.checker import check_files
    from saveplan.dates import resolve_today
    from saveplan.reporters import REPORTERS
    from saveplan.workspace import collect_plans, open_workspace

    day = resolve_today(today)
    ws = open_workspace(workspace)
    files = collect_plans(paths, ws)
    result = check_files(files, ws.config, day, extra=ws.config_findings, jobs=jobs)
    REPORTERS[fmt]().report(result, out or sys.stdout)
    return 1 if result.failed(strict) else 0


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check_command(
        paths: Annotated[list[Path] | None, typer.Argument(
            metavar="PATH", help="Plan files or folders (default: the workspace's plans/).",
            show_default=False)] = None,
        fmt: Annotated[CheckFormat, format_option()] = CheckFormat.text,
        strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
        today: Today = None,
        workspace: WorkspaceDir = None,
        jobs: Annotated[int | None, typer.Option(
            "--jobs", "-j", envvar="SAVEPLAN_JOBS", min=1, metavar="N",
            help="Worker processes (default: the machine's cores from 200 files up, else 1).",
            show_default=False)] = None,
    ) -> int:
        """Check save plans against the method: owners, dates, one leading indicator,
        a commercial path decided in advance, concessions within authority.

        Exit 0: no error (warnings allowed). 1: at least one error (or a warning with
        --strict). 2: a usage problem (bad option, missing path, no plan).

        Examples:

          saveplan check                                 # every plan in plans/

          saveplan check plans/northwind-analytics.yaml --today 2026-11-25

          saveplan check --format github --strict        # in GitHub Actions
        """
        return check(paths or [], workspace=workspace, fmt=fmt.value, strict=strict, today=today,
                     jobs=jobs)

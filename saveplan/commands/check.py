"""`saveplan check [PATH...]`: the method's rules, for CI, pre-commit and people.

`check` is the plain command (options -> checker.check_paths -> a reporter -> exit code) and
imports no typer: `cli.main` runs it directly for a plain one-plan check (the pre-commit
case). Only `register` builds the typer command (so its annotations are evaluated where
they are written: no `from __future__ import annotations` here)."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

if TYPE_CHECKING:
    import typer


def check(paths: list[Path], *, workspace: Path | None = None, fmt: str = "text",
          strict: bool = False, today: str | None = None, jobs: int | None = None,
          select: list[str] | None = None, ignore: list[str] | None = None,
          out: TextIO | None = None) -> int:
    """Check plan files (default: the workspace's plans/). 0 clean, 1 findings that fail."""
    from saveplan.checker import check_paths
    from saveplan.render.reporters import REPORTERS

    result = check_paths(paths, workspace=workspace, today=today, jobs=jobs, select=select,
                         ignore=ignore)
    REPORTERS[fmt]().report(result, out or sys.stdout)
    return 1 if result.failed(strict) else 0


def register(app: "typer.Typer") -> None:
    import typer

    from saveplan.commands.options import CheckFormat, Today, WorkspaceDir, format_option
    from saveplan.completion import rule_codes

    @app.command("check")
    def check_command(
        paths: Annotated[list[Path] | None, typer.Argument(
            metavar="PATH", help="Plan files or folders (default: the workspace's plans/); "
            "saveplan.yaml checks the workspace file and every plan against it.",
            show_default=False)] = None,
        fmt: Annotated[CheckFormat, format_option()] = CheckFormat.text,
        strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
        select: Annotated[list[str] | None, typer.Option(
            "--select", metavar="CODE[,CODE...]", autocompletion=rule_codes, show_default=False,
            help="Report only these codes or prefixes (SP3: every dated rule); "
            "comma-separated, repeatable.")] = None,
        ignore: Annotated[list[str] | None, typer.Option(
            "--ignore", metavar="CODE[,CODE...]", autocompletion=rule_codes, show_default=False,
            help="Do not report these codes or prefixes; added to check.ignore in "
            "saveplan.yaml.")] = None,
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
        --strict). 2: a usage problem (bad option, missing path, no plan). Paths are
        relative to the repository root (or GITHUB_WORKSPACE) in every format.
        `saveplan rules CODE` explains a code.

        Examples:

          saveplan check                                 # every plan in plans/

          saveplan check plans/northwind-analytics.yaml --today 2026-11-25

          saveplan check --format github --strict        # in GitHub Actions

          saveplan check --format sarif > saveplan.sarif # GitHub code scanning

          saveplan check --ignore SP3                    # leave the dated rules to CI
        """
        return check(paths or [], workspace=workspace, fmt=fmt.value, strict=strict, today=today,
                     jobs=jobs, select=select, ignore=ignore)

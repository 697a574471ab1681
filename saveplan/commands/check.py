"""`saveplan check [PATH...]`: the method's rules, for CI, pre-commit and people."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import CheckFormat, Today, WorkspaceDir, format_option
from saveplan.completion import rule_codes


def _split_config(paths: list[Path], workspace: Path | None) -> tuple[list[Path], Path | None, bool]:
    """`saveplan.yaml` among the paths (as pre-commit passes it when it changes) means:
    check that workspace file and every plan against it. Returns the other paths, the
    workspace to use and whether a workspace file was given."""
    from saveplan.workspace import CONFIG_NAME

    configs = [p for p in paths if p.name == CONFIG_NAME and p.is_file()]
    rest = [p for p in paths if p not in configs]
    if not configs:
        return rest, workspace, False
    return rest, workspace if workspace is not None else configs[0].parent, True


def _plans_if_any(folder: Path) -> list[Path]:
    from saveplan.workspace import YAML_SUFFIXES

    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


def check(paths: list[Path], *, workspace: Path | None = None, fmt: str = "text",
          strict: bool = False, today: str | None = None, jobs: int | None = None,
          select: list[str] | None = None, ignore: list[str] | None = None,
          out: TextIO | None = None) -> int:
    """Check plan files (default: the workspace's plans/). 0 clean, 1 findings that fail."""
    from saveplan.checker import (
        check_files,
        from_root,
        parse_codes,
        repository_root,
        select_findings,
    )
    from saveplan.dates import resolve_today
    from saveplan.reporters import REPORTERS
    from saveplan.workspace import collect_plans, display_path, open_workspace

    day = resolve_today(today)
    chosen = parse_codes(select or [], "--select")
    dropped = parse_codes(ignore or [], "--ignore")
    paths, workspace, whole = _split_config(paths, workspace)
    ws = open_workspace(workspace)
    dropped += parse_codes(ws.config.check.ignore, f"{display_path(ws.config_path)}: check.ignore")
    files = collect_plans(paths, ws) if paths or not whole else []
    if whole:  # the workspace file changed: every plan is checked against it
        files = list(dict.fromkeys([*files, *_plans_if_any(ws.plans_dir)]))
    result = check_files(files, ws.config, day, extra=ws.config_findings, jobs=jobs)
    if whole:
        result.files += 1
        result.paths.insert(0, display_path(ws.config_path))
    result = select_findings(result, chosen, dropped)
    result = from_root(result, repository_root(ws.root))
    REPORTERS[fmt]().report(result, out or sys.stdout)
    return 1 if result.failed(strict) else 0


def register(app: typer.Typer) -> None:
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

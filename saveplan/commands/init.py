"""`saveplan init [DIR]`: a new workspace: saveplan.yaml, plans/, playbooks/ (copies of the
built-in playbooks), a pre-commit config and a GitHub Actions workflow (the files and their
writing: saveplan/init_workspace.py; the output: saveplan/render/authoring.py). An existing
file is never replaced: it is skipped, and the output says so."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer


def init(directory: Path | None = None, *, out: TextIO | None = None) -> int:
    """Scaffold a workspace in DIR (default: here). 0 done (existing files are skipped)."""
    from saveplan.commands.schema import schema_text
    from saveplan.init_workspace import scaffold
    from saveplan.render.authoring import init_report

    done = scaffold(directory if directory is not None else Path("."), schema_text(),
                    schema_text(playbook=True))
    (out or sys.stdout).write(init_report(done))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("init")
    def init_command(
        directory: Annotated[Path | None, typer.Argument(
            metavar="DIR", help="The folder for the workspace (default: the current one; created "
            "if missing).", show_default=False)] = None,
    ) -> int:
        """Create a workspace: saveplan.yaml (roster and approval matrix), plans/,
        playbooks/ (copies of the built-in playbooks to edit), a pre-commit config and a
        GitHub Actions workflow that runs `saveplan check --format github`.

        Existing files are never replaced: they are skipped, and the output says so.

        Examples:

          saveplan init                 # here

          saveplan init cs-saves        # in a new folder cs-saves/
        """
        return init(directory)

"""`saveplan schema [--playbook]`: the JSON Schema (draft-07) of the plan file, or of a
playbook file, for editors."""

from __future__ import annotations

import sys
from typing import Annotated, Any, TextIO

import typer

# the work is saveplan/schema.py; loaded when asked for, so `saveplan --help` stays quick


def playbook_json_schema() -> dict[str, Any]:
    from saveplan import schema as core

    return core.playbook_json_schema()


def schema_text(playbook: bool = False) -> str:
    from saveplan import schema as core

    return core.schema_text(playbook)


def schema(out: TextIO | None = None, *, playbook: bool = False) -> int:
    (out or sys.stdout).write(schema_text(playbook))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("schema")
    def schema_command(
        playbook: Annotated[bool, typer.Option(
            "--playbook", help="The schema of a playbook file instead of a plan file.")] = False,
    ) -> int:
        """Print the JSON Schema (draft-07) of the plan file, for editor completion and
        diagnostics (`--playbook`: of a playbook file).

        `saveplan init` writes both (saveplan.schema.json, saveplan.playbook.schema.json)
        and .vscode/settings.json that points plans/ and playbooks/ at them; `saveplan new`
        names the schema at the top of each plan:

          # yaml-language-server: $schema=../saveplan.schema.json
        """
        return schema(playbook=playbook)

"""`saveplan schema`: the plan file's JSON Schema (draft-07), for editors."""

from __future__ import annotations

import sys
from typing import TextIO

import typer


def schema(out: TextIO | None = None) -> int:
    import json

    from saveplan.schema import plan_json_schema

    (out or sys.stdout).write(json.dumps(plan_json_schema(), indent=2) + "\n")
    return 0


def register(app: typer.Typer) -> None:
    @app.command("schema")
    def schema_command() -> int:
        """Print the JSON Schema (draft-07) of the plan file, for editor completion.

        Save it and point your editor at it, e.g. at the top of a plan:

          # yaml-language-server: $schema=../saveplan.schema.json
        """
        return schema()

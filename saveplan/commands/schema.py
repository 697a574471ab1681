"""`saveplan schema [--playbook]`: the JSON Schema (draft-07) of the plan file, or of a
playbook file, for editors."""

from __future__ import annotations

import sys
from typing import Annotated, Any, TextIO

import typer


def playbook_json_schema() -> dict[str, Any]:
    """The playbook file's JSON Schema (docs/playbook-format.md), draft-07 like the plan's."""
    from saveplan.models.playbook import Playbook
    from saveplan.schema import DRAFT_07, _strip_nulls, add_titles

    body = _strip_nulls(Playbook.model_json_schema(ref_template="#/definitions/{model}",
                                                   mode="validation"))
    definitions = body.pop("$defs", {})
    body.pop("title", None)
    add_titles(body["properties"], definitions)
    return {"$schema": DRAFT_07, "$id": "https://saveplan.dev/schema/playbook-v1.json",
            "title": "saveplan playbook file (version 1)", **body, "definitions": definitions}


def schema_text(playbook: bool = False) -> str:
    import json

    from saveplan.schema import plan_json_schema

    return json.dumps(playbook_json_schema() if playbook else plan_json_schema(), indent=2) + "\n"


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

"""`saveplan rules [CODE]`: every rule code, what it checks and how to fix it (what
docs/rules.md says of each: saveplan/rule_docs.py; the output: saveplan/render/rules.py)."""

from __future__ import annotations

import sys
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import ListFormat, format_option
from saveplan.completion import rule_codes


def rules(code: str | None = None, *, fmt: str = "text", out: TextIO | None = None) -> int:
    """Print the codes, or one in full. 0 printed; 2 no code is or starts with CODE."""
    from saveplan.render.rules import rules_json, rules_text
    from saveplan.rule_docs import rule_rows

    rows = rule_rows(code)
    (out or sys.stdout).write(rules_json(rows) if fmt == "json" else rules_text(rows, code))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("rules")
    def rules_command(
        code: Annotated[str | None, typer.Argument(
            metavar="CODE", autocompletion=rule_codes, show_default=False,
            help="A code (SP203) to explain in full, or a prefix (SP3) to list.")] = None,
        fmt: Annotated[ListFormat, format_option()] = ListFormat.text,
    ) -> int:
        """Every rule code of `saveplan check`: its severity and what it is about; with
        a CODE, what it checks exactly and how to fix it.

        Examples:

          saveplan rules                # every code

          saveplan rules SP302          # what it checks, how to fix it

          saveplan rules SP3            # the dated rules
        """
        return rules(code, fmt=fmt.value)

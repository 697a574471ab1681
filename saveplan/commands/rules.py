"""`saveplan rules [CODE]`: every rule code, what it checks and how to fix it.

One source of truth: docs/rules.md (shipped in the package as `saveplan.docs`). Each
code's entry is its bullet `- **CODE** ...` in a family section; its fix is its bullet
under `## How to fix`. tests/test_rules_doc.py fails when a code of findings.CODES has
no entry or no fix, or when the page names a code that does not exist."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import ListFormat, format_option
from saveplan.completion import rule_codes

DOCS_PACKAGE = "saveplan.docs"
FIX_SECTION = "How to fix"
_BULLET = re.compile(r"^- \*\*([A-Z]{2}\d{3})\*\*\s*(.*)$")


@dataclass
class RuleDoc:
    code: str
    section: str = ""
    checks: list[str] = field(default_factory=list)
    fix: list[str] = field(default_factory=list)


def rules_page() -> str:
    """docs/rules.md: from the package in a wheel, from the source tree in a checkout."""
    from importlib.resources import files

    try:
        return files(DOCS_PACKAGE).joinpath("rules.md").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # an editable install: the source tree
        return (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")


def parse_rules_page(text: str) -> dict[str, RuleDoc]:
    """Every code's entries on the page, in the page's order."""
    docs: dict[str, RuleDoc] = {}
    section, current = "", None
    for line in text.splitlines():
        if line.startswith("## "):
            section, current = line[3:].strip(), None
            continue
        bullet = _BULLET.match(line)
        if bullet:
            code, rest = bullet.groups()
            doc = docs.setdefault(code, RuleDoc(code))
            current = doc.fix if section == FIX_SECTION else doc.checks
            if section != FIX_SECTION and not doc.section:
                doc.section = section
            current.append(rest.strip())
        elif current is not None and line.startswith("  ") and line.strip():
            current[-1] += " " + line.strip()
        else:
            current = None
    return docs


def _plain(text: str) -> str:
    return text.replace("`", "")


def rules(code: str | None = None, *, fmt: str = "text", out: TextIO | None = None) -> int:
    import json

    from saveplan.errors import UsageError
    from saveplan.findings import CODES

    stream = out or sys.stdout
    docs = parse_rules_page(rules_page())
    chosen = list(CODES)
    if code is not None:
        wanted = code.strip().upper()
        chosen = [c for c in CODES if c.startswith(wanted)]
        if not chosen:
            raise UsageError(f"no rule code is or starts with '{code}'",
                             hint="`saveplan rules` lists every code")
    rows = []
    for c in chosen:
        doc = docs.get(c, RuleDoc(c))
        rows.append({"code": c, "severity": CODES[c].severity.value, "summary": CODES[c].summary,
                     "family": doc.section, "checks": " ".join(doc.checks), "fix": " ".join(doc.fix)})
    if fmt == "json":
        stream.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    if len(rows) > 1 or code is None:
        for r in rows:
            stream.write(f"{r['code']}  {r['severity']:<7}  {r['summary']}\n")
        stream.write("\n`saveplan rules CODE` explains one: what it checks and how to fix it.\n")
        return 0
    [r] = rows
    stream.write(f"{r['code']} ({r['severity']}): {r['summary']}\n")
    if r["family"]:
        stream.write(f"Family: {_plain(r['family'])}\n")
    stream.write(f"\nWhat it checks: {_plain(r['checks'])}\n")
    stream.write(f"\nHow to fix: {_plain(r['fix'])}\n")
    stream.write("\nTo leave it out: saveplan check --ignore " + r["code"]
                 + ", or check: {ignore: [" + r["code"] + "]} in saveplan.yaml.\n")
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

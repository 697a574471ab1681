"""What docs/rules.md says about each rule code: what it checks and how to fix it.

One source of truth: docs/rules.md (shipped in the package as `saveplan.docs`). Each
code's entry is its bullet `- **CODE** ...` in a family section; its fix is its bullet
under `## How to fix`. tests/commands/test_check_rules_doc.py fails when a code of
findings.CODES has no entry or no fix, or when the page names a code that does not exist."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

DOCS_PACKAGE = "saveplan.docs"
FIX_SECTION = "How to fix"
_BULLET = re.compile(r"^- \*\*([A-Z]{2}\d{3})\*\*\s*(.*)$")

RuleRow = dict[str, str]  # code, severity, summary, family, checks, fix (the JSON keys, in order)


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
        return (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")


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


def rule_rows(code: str | None = None, page: str | None = None) -> list[RuleRow]:
    """Every code (or those that are or start with `code`), in findings.CODES order, with
    what the page says of it. UsageError when no code matches."""
    from saveplan.errors import UsageError
    from saveplan.findings import CODES

    docs = parse_rules_page(rules_page() if page is None else page)
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
    return rows

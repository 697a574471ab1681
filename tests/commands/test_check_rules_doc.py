"""`saveplan rules [CODE]` and its one source, docs/rules.md: every code of findings.CODES
has an entry and a fix there, and the page names no other code."""

from __future__ import annotations

import json
import re
from typing import Any

from saveplan.findings import CODES
from saveplan.rule_docs import FIX_SECTION, parse_rules_page, rules_page

from ..builders import REPO

Run = Any


def test_the_page_the_command_reads_is_docs_rules_md() -> None:
    assert rules_page() == (REPO / "docs" / "rules.md").read_text(encoding="utf-8")


def test_docs_rules_md_lists_exactly_the_codes() -> None:
    page = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\*\*([A-Z]{2}\d{3})\*\*", page))
    assert sorted(named - set(CODES)) == [], "codes on docs/rules.md that findings.CODES lacks"
    assert sorted(set(CODES) - named) == [], "codes of findings.CODES missing from docs/rules.md"


def test_every_code_says_what_it_checks_and_how_to_fix_it() -> None:
    docs = parse_rules_page(rules_page())
    assert [c for c in CODES if not docs.get(c) or not docs[c].checks] == []
    assert [c for c in CODES if not docs.get(c) or not docs[c].fix] == []


def test_the_parser_notices_a_missing_fix() -> None:
    docs = parse_rules_page(f"## Method\n- **SP201** too few\n  actions.\n\n## {FIX_SECTION}\n"
                            "- **SP202** give an owner\n")
    assert docs["SP201"].checks == ["too few actions."] and docs["SP201"].fix == []
    assert docs["SP201"].section == "Method" and docs["SP202"].checks == []


def test_rules_lists_every_code(run: Run) -> None:
    result = run("rules")
    assert result.code == 0
    listed = [line.split()[0] for line in result.out.splitlines() if re.match(r"[A-Z]{2}\d{3} ", line)]
    assert listed == list(CODES)
    assert "SP203  error    an action due after the renewal date\n" in result.out


def test_rules_code_explains_it(run: Run) -> None:
    result = run("rules", "sp302")
    assert result.code == 0
    assert result.out.startswith("SP302 (error): the indicator check date passed with no reading\n")
    assert ("What it checks: the indicator check date is before today and no reading is dated on "
            "or before today.\n") in result.out
    assert "How to fix: record the reading (saveplan record PLAN VALUE --on DATE).\n" in result.out


def test_rules_prefix_and_json(run: Run) -> None:
    rows = json.loads(run("rules", "SP3", "--format", "json").out)
    assert [r["code"] for r in rows] == [c for c in CODES if c.startswith("SP3")]
    assert all(r["checks"] and r["fix"] for r in rows)


def test_rules_unknown_code_exits_2(run: Run) -> None:
    result = run("rules", "SP999")
    assert result.code == 2 and "no rule code is or starts with 'SP999'" in result.err

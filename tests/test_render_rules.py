"""saveplan.rule_docs (what docs/rules.md says of each code) and render/rules.py (its text
and JSON), with exact strings."""

from __future__ import annotations

import json

import pytest

from saveplan.errors import UsageError
from saveplan.render.rules import rules_json, rules_text
from saveplan.rule_docs import rule_rows

PAGE = ("## Method: `actions`\n- **SP201** `actions` holds 3\n  to 5 actions.\n\n"
        "## How to fix\n- **SP201** add or merge `actions`.\n")
ROW = {"code": "SP201", "severity": "error", "summary": "too few", "family": "Method: `actions`",
       "checks": "`actions` holds 3 to 5 actions.", "fix": "add or merge `actions`."}


def test_a_row_joins_the_page_to_the_code_list() -> None:
    [row] = rule_rows("sp201", page=PAGE)
    assert list(row) == ["code", "severity", "summary", "family", "checks", "fix"]
    assert (row["code"], row["family"], row["checks"], row["fix"]) == (
        "SP201", "Method: `actions`", "`actions` holds 3 to 5 actions.", "add or merge `actions`.")


def test_a_code_the_page_lacks_has_empty_entries() -> None:
    [row] = rule_rows("SP202", page=PAGE)
    assert (row["family"], row["checks"], row["fix"]) == ("", "", "")


def test_a_prefix_lists_every_code_it_starts() -> None:
    rows = rule_rows("SP2", page=PAGE)
    assert len(rows) > 1 and all(r["code"].startswith("SP2") for r in rows)


def test_no_code_matches_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as raised:
        rule_rows("XX9", page=PAGE)
    assert str(raised.value) == ("no rule code is or starts with 'XX9'\n"
                                 "  hint: `saveplan rules` lists every code")


def test_one_code_in_full_without_backticks() -> None:
    assert rules_text([ROW], "SP201") == (
        "SP201 (error): too few\n"
        "Family: Method: actions\n\n"
        "What it checks: actions holds 3 to 5 actions.\n\n"
        "How to fix: add or merge actions.\n\n"
        "To leave it out: saveplan check --ignore SP201, or check: {ignore: [SP201]} in saveplan.yaml.\n")


def test_one_code_without_a_family_has_no_family_line() -> None:
    assert rules_text([{**ROW, "family": ""}], "SP201").splitlines()[:2] == [
        "SP201 (error): too few", ""]


def test_the_list_is_one_line_a_code_severity_padded() -> None:
    other = {**ROW, "code": "SP302", "severity": "warning", "summary": "late"}
    assert rules_text([ROW, other]) == (
        "SP201  error    too few\nSP302  warning  late\n\n"
        "`saveplan rules CODE` explains one: what it checks and how to fix it.\n")
    assert rules_text([ROW]).startswith("SP201  error    too few\n\n")  # no CODE asked: a list


def test_json_keeps_the_keys_in_order_and_unicode_as_is() -> None:
    text = rules_json([{**ROW, "summary": "né"}])
    assert text.endswith("}\n]\n") and '"summary": "né"' in text
    assert json.loads(text) == [{**ROW, "summary": "né"}]

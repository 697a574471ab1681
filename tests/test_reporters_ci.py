"""The CI formats of `saveplan check`: SARIF 2.1.0 valid under the OASIS schema, JUnit XML
with a failure per error, GitLab Code Quality with stable fingerprints."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from saveplan.checker import CheckResult
from saveplan.findings import Finding
from saveplan.render.reporters import REPORTERS

SCHEMA = Path(__file__).resolve().parents[1] / ".." / "shared" / "schemas" / "sarif-schema-2.1.0.json"

RESULT = CheckResult(
    files=3,
    paths=["plans/a b.yaml", "plans/clean.yaml", "plans/c.yaml"],
    findings=[
        Finding("SP203", "action 3 is due 2027-03-01, after the renewal date", (), "plans/a b.yaml", 41, 5),
        Finding("SP301", "action 1 is overdue <since> & \x01 2026-11-28", (), "plans/a b.yaml", 30, 5),
        Finding("SP203", "action 2 is due 2027-03-02, after the renewal date", (), "plans/a b.yaml", 37, 5),
        Finding("SP100", "not UTF-8", (), "plans/c.yaml", 0, 0),
        Finding("SP102", "people.maria.role: 'intern' is not allowed", (), "saveplan.yaml", 3, 10),
    ],
)


def render(fmt: str, result: CheckResult = RESULT) -> str:
    out = io.StringIO()
    REPORTERS[fmt]().report(result, out)
    return out.getvalue()


def test_sarif_is_one_rule_a_code_and_one_result_a_finding() -> None:
    body = json.loads(render("sarif"))
    assert body["version"] == "2.1.0"
    [run] = body["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["SP100", "SP102", "SP203", "SP301"]
    assert [r["defaultConfiguration"]["level"] for r in rules] == ["error", "error", "error", "warning"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("SP203", "error"), ("SP301", "warning"), ("SP203", "error"), ("SP100", "error"), ("SP102", "error")]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    first = results[0]["locations"][0]["physicalLocation"]
    assert first == {"artifactLocation": {"uri": "plans/a%20b.yaml"},
                     "region": {"startLine": 41, "startColumn": 5}}
    # a finding with no line has no region (SARIF lines start at 1)
    assert "region" not in results[3]["locations"][0]["physicalLocation"]


@pytest.mark.skipif(not SCHEMA.is_file(), reason="the OASIS SARIF schema is in ../shared")
@pytest.mark.parametrize("result", [RESULT, CheckResult(files=1, paths=["plans/x.yaml"])])
def test_sarif_validates_against_the_oasis_schema(result: CheckResult) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema)
    errors = [e.message for e in validator.iter_errors(json.loads(render("sarif", result)))]
    assert errors == []


def test_sarif_schema_catches_a_broken_report() -> None:
    """The validation above can fail: a result without a message is refused."""
    if not SCHEMA.is_file():
        pytest.skip("the OASIS SARIF schema is in ../shared")
    jsonschema = pytest.importorskip("jsonschema")
    body = json.loads(render("sarif"))
    del body["runs"][0]["results"][0]["message"]
    assert list(jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).iter_errors(body))


def test_junit_is_a_testcase_a_file_and_a_failure_an_error() -> None:
    root = ET.fromstring(render("junit"))  # parses: the control character was replaced
    assert root.tag == "testsuites" and root.get("failures") == "4" and root.get("tests") == "4"
    [suite] = root
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert list(cases) == ["plans/a b.yaml", "plans/clean.yaml", "plans/c.yaml", "saveplan.yaml"]
    failures = {name: [f.get("type") for f in case.iter("failure")] for name, case in cases.items()}
    assert failures == {"plans/a b.yaml": ["SP203", "SP203"], "plans/clean.yaml": [],
                        "plans/c.yaml": ["SP100"], "saveplan.yaml": ["SP102"]}
    first = cases["plans/a b.yaml"].find("failure")
    assert first is not None and first.text == (
        "plans/a b.yaml:41:5  SP203  action 3 is due 2027-03-01, after the renewal date")
    out = cases["plans/a b.yaml"].find("system-out")
    assert out is not None and out.text == (
        "plans/a b.yaml:30:5  warning  SP301  action 1 is overdue <since> & \ufffd 2026-11-28")


def test_junit_of_a_clean_run_has_no_failure() -> None:
    root = ET.fromstring(render("junit", CheckResult(files=2, paths=["plans/a.yaml", "plans/b.yaml"])))
    assert root.get("failures") == "0" and len(list(root.iter("testcase"))) == 2
    assert list(root.iter("failure")) == []


def gitlab(result: CheckResult = RESULT) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads(render("gitlab", result))
    return issues


def test_gitlab_code_quality_issues() -> None:
    issues = gitlab()
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("SP203", "major", {"path": "plans/a b.yaml", "lines": {"begin": 41}}),
        ("SP301", "minor", {"path": "plans/a b.yaml", "lines": {"begin": 30}}),
        ("SP203", "major", {"path": "plans/a b.yaml", "lines": {"begin": 37}}),
        ("SP100", "major", {"path": "plans/c.yaml", "lines": {"begin": 1}}),
        ("SP102", "major", {"path": "saveplan.yaml", "lines": {"begin": 3}}),
    ]
    assert issues[0]["description"] == "SP203 action 3 is due 2027-03-01, after the renewal date"


def test_gitlab_fingerprints_are_unique_and_stable_when_lines_move() -> None:
    before = [i["fingerprint"] for i in gitlab()]
    assert len(set(before)) == len(before) and all(len(f) == 64 for f in before)
    moved = CheckResult(files=3, paths=RESULT.paths,
                        findings=[Finding(f.code, f.message, f.loc, f.path, f.line + 3, f.column)
                                  for f in RESULT.findings])
    assert [i["fingerprint"] for i in gitlab(moved)] == before
    # the same finding twice in one file still gets two fingerprints
    twice = CheckResult(files=1, findings=[RESULT.findings[0], RESULT.findings[0]])
    first, second = (i["fingerprint"] for i in gitlab(twice))
    assert first == before[0] and second != first

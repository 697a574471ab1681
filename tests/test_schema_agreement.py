"""The JSON Schema (`saveplan schema`, what the editor shows) and `check` (what CI says)
agree (SPEC, contract 1.1): a plan the schema rejects draws an error from check, and a plan
with no schema-level finding is valid under the schema. Schema-level findings are SP1xx and
the codes the SPEC reports in their place (docs/rules.md): SP201 (actions missing, too few
or too many), SP202 (an action's owner or due missing), SP210 (no indicator, or a target
that is not a number), SP220 (no commercial path). Proved over every rule case and a
fuzzed corpus of damaged reference plans."""

from __future__ import annotations

import copy
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saveplan.checker import check_document
from saveplan.loader import LoadError, parse, read_document
from saveplan.models import WorkspaceConfig
from saveplan.schema import plan_json_schema
from tests.builders import CASES, REFERENCE_PLAN

SCHEMA_LEVEL = {"SP101", "SP102", "SP103", "SP201", "SP202", "SP210", "SP220"}
VALIDATOR = jsonschema.Draft7Validator(plan_json_schema(), format_checker=jsonschema.FormatChecker())
TODAY = date(2026, 11, 25)


def _as_json(value: Any) -> Any:
    """YAML data as an editor's schema validator sees it: dates are ISO strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


def _verdicts(data: Any) -> tuple[bool, set[str], bool]:
    """(schema valid, schema-level codes from check, check has an error)."""
    valid = VALIDATOR.is_valid(_as_json(data))
    doc = parse("{}")
    doc.data = data
    _, found = check_document(doc, WorkspaceConfig(), TODAY)
    return valid, {f.code for f in found} & SCHEMA_LEVEL, any(f.is_error for f in found)


def _agree(data: Any, where: str) -> None:
    valid, codes, has_error = _verdicts(data)
    if not valid:
        errors = [e.message for e in VALIDATOR.iter_errors(_as_json(data))][:3]
        assert has_error, f"{where}: the schema rejects it ({errors}) but check finds no error"
    assert valid == (not codes), (f"{where}: schema {'accepts' if valid else 'rejects'} it, "
                                  f"check's schema-level codes are {sorted(codes)}")


PLAN_CASES = sorted(p for p in CASES.rglob("*.yaml")
                    if p.name != "saveplan.yaml" and "playbook" not in str(p.relative_to(CASES)))


@pytest.mark.parametrize("path", PLAN_CASES, ids=[str(p.relative_to(CASES)) for p in PLAN_CASES])
def test_schema_and_check_agree_on_every_rule_case(path: Path) -> None:
    try:
        doc = read_document(path)
    except LoadError:
        pytest.skip("not YAML: neither validator gets a document")
    _agree(doc.data, str(path.relative_to(CASES)))


REFERENCE = read_document(REFERENCE_PLAN).data


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, (*prefix, i))
    return found


PATHS = _paths(REFERENCE)
DAMAGE = st.sampled_from([True, False, None, "", "84000", "3", "Day 5", "day  5", "week 2", "day 5",
                          0, -1, 3.5, "2027-02-30", "2027-02-15", "lots", [], {}, ["x"], {"x": 1},
                          date(2027, 2, 15), date(3050, 1, 1), "maria", "discount", "active"])


# 400 fixed examples in CI; SAVEPLAN_FUZZ=6000 explores new ones (6,000 found no disagreement)
@settings(max_examples=int(os.environ.get("SAVEPLAN_FUZZ", "400")), deadline=None,
          derandomize="SAVEPLAN_FUZZ" not in os.environ, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), DAMAGE | st.just("<delete>")), min_size=1, max_size=3))
def test_schema_and_check_agree_on_damaged_plans(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = copy.deepcopy(REFERENCE)
    for path, value in changes:
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if value == "<delete>":
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    _agree(data, json.dumps(changes, default=str)[:300])

from __future__ import annotations

from typing import Any

import pytest

from saveplan.models import Plan, WorkspaceConfig
from saveplan.validation import known_keys, validate

from .builders import plan_data


def minimal(**extra: Any) -> dict[str, Any]:
    return plan_data("Contoso", 1000, "2027-04-01", "2026-11-25", **extra)


def codes(data: Any) -> list[tuple[str, tuple[Any, ...], str]]:
    _, found = validate(Plan, data)
    return [(f.code, f.loc, f.message) for f in found]


def test_minimal_plan_is_valid_and_rule_owned_keys_are_optional() -> None:
    plan, found = validate(Plan, minimal())
    assert found == [] and plan is not None
    assert plan.status == "draft" and plan.actions == [] and plan.leading_indicator is None


def test_missing_required_key_is_sp101_at_the_parent() -> None:
    data = minimal()
    del data["account"]["arr"]
    assert codes(data) == [("SP101", ("account", "arr"), "missing required key 'arr' in account")]


def test_unknown_key_suggests_the_known_one_and_rules_still_run() -> None:
    data = minimal(leading_indicatr={"metric": "x", "target": 1, "check": "day 3"})
    plan, found = validate(Plan, data)
    assert [(f.code, f.message) for f in found] == [
        ("SP103", "unknown key 'leading_indicatr'; did you mean 'leading_indicator'?")]
    assert plan is not None and plan.leading_indicator is None  # set aside: SP210 will follow


def test_unknown_key_without_a_close_match_lists_the_known_ones() -> None:
    data = minimal(actions=[{"do": "x", "zzz": 1}])
    assert codes(data)[0][2] == ("unknown key 'zzz' in actions[1]; known keys here: "
                                 "do, done, due, id, note, owner")


@pytest.mark.parametrize(
    ("patch", "loc", "message"),
    [
        ({"status": "paused"}, ("status",),
         "status: 'paused' is not allowed; use one of 'draft', 'active', 'saved', 'churned' or 'exited'"),
        ({"started": "next week"}, ("started",),
         "started must be a date written YYYY-MM-DD, not 'next week'"),
        ({"owner": ""}, ("owner",), "owner must not be empty"),
        ({"actions": "call them"}, ("actions",), "actions must be a list, not 'call them'"),
        ({"risk": "high"}, ("risk",), "risk must be a mapping of keys, not 'high'"),
    ],
)
def test_wrong_values_are_sp102_with_a_readable_message(patch: dict[str, Any], loc: tuple[Any, ...],
                                                        message: str) -> None:
    assert codes(minimal(**patch)) == [("SP102", loc, message)]


def test_non_numeric_arr_and_infinity_are_sp102() -> None:
    data = minimal()
    data["account"]["arr"] = "lots"
    assert codes(data)[0][:2] == ("SP102", ("account", "arr"))
    data["account"]["arr"] = float("inf")
    assert codes(data)[0][:2] == ("SP102", ("account", "arr"))


def test_non_numeric_target_is_sp210_not_sp102() -> None:
    data = minimal(leading_indicator={"metric": "logins", "target": "three", "check": "day 10"})
    plan, found = validate(Plan, data)
    assert [(f.code, f.loc) for f in found] == [("SP210", ("leading_indicator", "target"))]
    assert plan is not None and plan.leading_indicator is not None
    assert plan.leading_indicator.target is None


def test_bad_due_date_keeps_the_plan_for_the_rules() -> None:
    data = minimal(actions=[{"do": "x", "owner": "maria", "due": "tomorrow"}])
    plan, found = validate(Plan, data)
    assert [(f.code, f.loc) for f in found] == [("SP102", ("actions", 0, "due"))]
    assert plan is not None and plan.actions[0].due is None


def test_unreadable_required_value_stops_the_rules() -> None:
    data = minimal()
    data["account"]["renewal_date"] = "soon"
    plan, found = validate(Plan, data)
    assert plan is None and [f.code for f in found] == ["SP102"]


def test_null_lists_mean_empty() -> None:
    plan, found = validate(Plan, minimal(actions=None, commercial_path=None))
    assert found == [] and plan is not None and plan.actions == [] and plan.commercial_path == []


def test_known_keys_walks_lists_and_dicts() -> None:
    assert known_keys(Plan, ("risk", "root_cause")) == ["category", "evidence", "summary"]
    assert known_keys(WorkspaceConfig, ("people", "maria")) == ["crm_id", "email", "name", "role"]
    assert known_keys(Plan, ("account", "name")) == []


def test_workspace_config_merges_partial_approval_with_defaults() -> None:
    config, found = validate(WorkspaceConfig, {"approval": {"manager": {"discount_max": 20}}})
    assert found == [] and config is not None
    assert config.approval["manager"].discount_max == 20
    assert config.approval["manager"].may == ["payment_terms", "enhanced_support"]
    assert config.approval["vp"].discount_max == 100


def test_workspace_config_rejects_inverted_tiers() -> None:
    _, found = validate(WorkspaceConfig, {"value_tiers": {"high": 100, "medium": 500}})
    assert [(f.code, f.loc) for f in found] == [("SP102", ("value_tiers",))]


# -- one pass: a schema problem sets aside only its smallest part -------------------------

def test_a_broken_list_item_is_set_aside_alone_and_the_rest_is_placed_back() -> None:
    from saveplan.findings import Finding
    from saveplan.validation import drop_repeats, validate_parts

    actions = [{"do": "a", "owner": "maria", "due": "day 1"}, {"owner": "maria", "due": "day 2"},
               {"do": "c", "owner": "maria", "due": "day 3"}]
    parts = validate_parts(Plan, minimal(actions=actions))
    assert parts.model is not None and [a.do for a in parts.model.actions] == ["a", "c"]
    assert parts.set_aside == [("actions", 1)]
    # a rule's finding about repaired item 1 is about the file's action 3, label and all
    method = [Finding("SP301", "action 2 was due 2026-11-28", ("actions", 1)),
              Finding("SP201", "the plan has 2 actions", ("actions",)),
              Finding("SP203", "action 1 is due", ("actions", 0, "due"))]
    kept = drop_repeats(parts, method)
    assert [(f.code, f.loc, f.message) for f in kept] == [
        ("SP101", ("actions", 1, "do"), "missing required key 'do' in actions[2]"),
        ("SP301", ("actions", 2), "action 3 was due 2026-11-28"),
        ("SP203", ("actions", 0, "due"), "action 1 is due")]  # SP201 waits: a count is not known


def test_a_bad_required_value_sets_aside_its_optional_section() -> None:
    from saveplan.validation import validate_parts

    data = minimal(risk={"signals": [{"type": "usage_decline"}], "root_cause": {"category": "pricing"}})
    parts = validate_parts(Plan, data)
    assert parts.set_aside == [("risk", "root_cause")]
    assert parts.model is not None and parts.model.risk is not None
    assert parts.model.root_cause is None and len(parts.model.signals) == 1
    # callers that use the model as it is (edits, playbooks) still get no model
    assert validate(Plan, data)[0] is None


def test_a_bad_value_of_the_account_still_stops_the_rules() -> None:
    from saveplan.validation import validate_parts

    data = minimal()
    data["account"]["arr"] = True
    assert validate_parts(Plan, data).model is None

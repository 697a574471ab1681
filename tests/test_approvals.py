"""Concession rows against the approval matrix (saveplan.approvals), pure."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from saveplan.approvals import attention_first, concession_rows, judge, matrix
from saveplan.models import Plan, WorkspaceConfig
from saveplan.models.plan import Concession
from saveplan.rules import Context
from saveplan.rules.concessions import approved_with_authority

from .builders import plan_data, roster

ROSTER = roster("maria", "sam", "jordan", "alex", names=False)
DEFAULTS = WorkspaceConfig()
PERSON = {"csm": "maria", "manager": "sam", "director": "jordan", "vp": "alex"}
ROLES = ("csm", "manager", "director", "vp")


def plan_with(*concessions: dict[str, Any], name: str = "Northwind Analytics") -> Plan:
    return Plan.model_validate(plan_data(name, concessions=list(concessions)))


# (kind, percent) -> the least role that may approve it under the default matrix
LEAST: list[tuple[str, float | None, str]] = [
    ("discount", 0, "csm"),
    ("discount", 5, "csm"),
    ("discount", 5.5, "manager"),
    ("discount", 15, "manager"),
    ("discount", 15.1, "director"),
    ("discount", 25, "director"),
    ("discount", 26, "vp"),
    ("discount", 100, "vp"),
    ("payment_terms", None, "csm"),
    ("enhanced_support", None, "manager"),
    ("contract_terms", None, "director"),
    ("custom", None, "vp"),
]


@pytest.mark.parametrize(("kind", "percent", "least"), LEAST)
@pytest.mark.parametrize("role", ROLES)
def test_matrix_for_each_role_and_kind(kind: Any, percent: float | None, least: str, role: str) -> None:
    """A role may approve it when it is the least role or above (csm < manager < director < vp),
    by roster id or by role word; the row agrees with SP401."""
    within = ROLES.index(role) >= ROLES.index(least)
    for approver, config in ((PERSON[role], ROSTER), (role, DEFAULTS)):
        c = {"kind": kind, "percent": percent, "approved_by": approver}
        [row] = concession_rows([("p.yaml", plan_with(c))], config)
        assert (row.approver_role, row.required_role, row.within_authority) == (role, least, within)
        sp401 = list(approved_with_authority(plan_with(c), Context(date(2026, 11, 25), config)))
        assert bool(sp401) is not within


def test_a_custom_matrix_from_the_workspace() -> None:
    cfg = WorkspaceConfig.model_validate({"approval": {
        "csm": {"discount_max": 0, "may": []},
        "manager": {"discount_max": 10},
        "director": {"may": ["payment_terms", "enhanced_support", "contract_terms", "custom"]}}})
    assert judge(Concession(kind="discount", percent=12, approved_by="director"), cfg) == (
        "director", "director", None)
    assert judge(Concession(kind="payment_terms", approved_by="csm"), cfg) == (
        "csm", "manager", "beyond a csm's authority: needs a manager")
    assert judge(Concession(kind="custom", approved_by="director"), cfg)[1:] == ("director", None)


@pytest.mark.parametrize(("concession", "expected"), [
    ({"kind": "enhanced_support"}, (None, "manager", "no approver")),
    ({"kind": "enhanced_support", "approved_by": "  "}, (None, "manager", "no approver")),
    ({"kind": "discount", "percent": 10, "approved_by": "pat"},
     (None, "manager", "'pat' has no known role (not on the roster, not a role)")),
    ({"kind": "discount", "approved_by": "sam"}, ("manager", None, "a discount without `percent`")),
    ({"kind": "discount", "percent": 20, "approved_by": "sam"},
     ("manager", "director", "beyond a manager's authority: needs a director")),
    ({"kind": "discount", "percent": 20, "approved_by": "director"}, ("director", "director", None)),
])
def test_what_is_wrong(concession: dict[str, Any], expected: tuple[Any, ...]) -> None:
    assert judge(Concession.model_validate(concession), ROSTER) == expected


def test_no_role_may_approve_it() -> None:
    cfg = WorkspaceConfig.model_validate({"approval": {"vp": {"discount_max": 50}}})
    assert judge(Concession(kind="discount", percent=60, approved_by="vp"), cfg) == (
        "vp", None, "no role in the approval matrix may approve it")


def test_rows_in_file_order_with_the_contract_keys() -> None:
    a = plan_with({"kind": "discount", "percent": 20, "approved_by": "sam", "tied_to": "Two years",
                   "sunset": "Year one only"},
                  {"kind": "enhanced_support", "approved_by": "sam", "tied_to": ""})
    b = plan_with({"kind": "payment_terms", "approved_by": "maria"}, name="Tailspin Toys")
    rows = concession_rows([("plans/a.yaml", a), ("plans/b.yaml", b)], ROSTER)
    assert [(r.path, r.index, r.kind) for r in rows] == [
        ("plans/a.yaml", 0, "discount"), ("plans/a.yaml", 1, "enhanced_support"),
        ("plans/b.yaml", 0, "payment_terms")]
    assert rows[0].as_json() == {
        "path": "plans/a.yaml", "account": "Northwind Analytics", "status": "draft", "number": 1,
        "kind": "discount", "percent": 20, "approved_by": "sam", "approver_role": "manager",
        "required_role": "director", "within_authority": False,
        "problem": "beyond a manager's authority: needs a director",
        "tied_to": "Two years", "sunset": "Year one only"}
    assert isinstance(rows[0].as_json()["percent"], int)
    assert rows[1].as_json()["percent"] is None
    assert rows[1].tied_to is None  # an empty text is no commitment
    assert concession_rows([("p", plan_with({"kind": "discount", "percent": 7.5, "approved_by": "sam"}))],
                           ROSTER)[0].as_json()["percent"] == 7.5


def test_attention_first_keeps_file_order_within_each_group() -> None:
    p = plan_with({"kind": "payment_terms", "approved_by": "maria"},
                  {"kind": "custom", "approved_by": "sam"},
                  {"kind": "enhanced_support", "approved_by": "sam"},
                  {"kind": "contract_terms"})
    rows = attention_first(concession_rows([("p.yaml", p)], ROSTER))
    assert [r.kind for r in rows] == ["custom", "contract_terms", "payment_terms", "enhanced_support"]


def test_the_matrix_in_force_is_cumulative() -> None:
    assert [r.as_json() for r in matrix(ROSTER)] == [
        {"role": "csm", "discount_max": 5, "may": ["payment_terms"], "people": ["maria"]},
        {"role": "manager", "discount_max": 15, "may": ["payment_terms", "enhanced_support"],
         "people": ["sam"]},
        {"role": "director", "discount_max": 25,
         "may": ["payment_terms", "enhanced_support", "contract_terms"], "people": ["jordan"]},
        {"role": "vp", "discount_max": 100,
         "may": ["payment_terms", "enhanced_support", "contract_terms", "custom"], "people": ["alex"]},
    ]
    odd = WorkspaceConfig.model_validate({"approval": {"csm": {"discount_max": 20},
                                                       "manager": {"discount_max": 10}}})
    assert [r.discount_max for r in matrix(odd)] == [20, 20, 25, 100]

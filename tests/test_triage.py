"""Triage rules (saveplan.triage), pure: no files, no clock, no CLI."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest

from saveplan.models import Plan, WorkspaceConfig
from saveplan.triage import (
    EFFORT_MEANINGS,
    arr_tier,
    derive_probability,
    effort_for,
    fit_notes,
    level_for_score,
    plan_span,
    sort_key,
    triage,
    triage_plan,
    value_tier,
)

from .builders import plan_data

TODAY = date(2026, 11, 25)
DEFAULTS = WorkspaceConfig()

# The reference plan's shape; each test changes what it is about.
BASE = plan_data(
    status="active",
    risk={
        "signals": [{"type": "usage_decline"}, {"type": "engagement_decline"}],
        "root_cause": {"category": "service_experience"},
    },
    stakeholders=[
        {"role": "economic_buyer", "name": "Priya Shah"},
        {"role": "champion", "name": "Lee Park"},
        {"role": "executive_sponsor", "name": "Ana Ruiz"},
    ],
    actions=[
        {"do": "Workflow session", "owner": "maria", "due": "day 5"},
        {"do": "Three reports", "owner": "Lee Park", "due": "day 10"},
        {"do": "Usage summary to the VP", "owner": "maria", "due": "day 14"},
    ],
    leading_indicator={"metric": "Admin logins in week two", "target": 3, "check": "day 10"},
    commercial_path=[{"when": "value shown", "kind": "renewal", "offer": "Annual renewal"}],
)


def make(**changes: Any) -> Plan:
    """The base plan with dotted-key changes: make(**{"account.arr": 5000})."""
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = data
        for key in parents:
            node = node[key]
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return Plan.model_validate(data)


def signals(*types: str) -> list[dict[str, str]]:
    return [{"type": t} for t in types]


def config(**settings: Any) -> WorkspaceConfig:
    return WorkspaceConfig.model_validate(settings)


# -- value tier ---------------------------------------------------------------------------

@pytest.mark.parametrize(("arr", "tier"), [
    (0, "low"), (9999.99, "low"), (10000, "medium"), (10000.01, "medium"),
    (49999, "medium"), (50000, "high"), (250000, "high"),
])
def test_value_tier_by_arr_at_or_above_the_thresholds(arr: float, tier: str) -> None:
    assert arr_tier(arr, DEFAULTS) == tier
    assert value_tier(make(**{"account.arr": arr}), DEFAULTS)[0] == tier


@pytest.mark.parametrize(("arr", "tier"), [(19999, "low"), (20000, "medium"), (99999, "medium"),
                                           (100000, "high")])
def test_value_tiers_come_from_the_workspace(arr: float, tier: str) -> None:
    cfg = config(value_tiers={"high": 100000, "medium": 20000})
    assert arr_tier(arr, cfg) == tier


@pytest.mark.parametrize(("arr", "flags", "tier"), [
    (4000, ["logo"], "medium"),
    (10000, ["reference"], "high"),
    (49999, ["case_study", "growth"], "high"),  # several flags: still one tier
    (50000, ["growth"], "high"),  # high stays high
    (4000, ["logo", "reference", "case_study", "growth"], "medium"),
    (4000, [], "low"),
])
def test_a_strategic_flag_raises_the_tier_once(arr: float, flags: list[str], tier: str) -> None:
    plan = make(**{"account.arr": arr, "account.strategic": flags})
    assert value_tier(plan, DEFAULTS)[0] == tier


def test_value_reasons_name_the_thresholds_and_the_bump() -> None:
    assert value_tier(make(**{"account.arr": 50000}), DEFAULTS)[1] == (
        "ARR 50,000 is at or above the high threshold (50,000)")
    assert value_tier(make(**{"account.arr": 4000, "account.strategic": ["logo"]}), DEFAULTS)[1] == (
        "ARR 4,000 is below the medium threshold (10,000); raised to medium by strategic value (logo)")
    assert value_tier(make(**{"account.arr": 90000, "account.strategic": ["growth"]}), DEFAULTS)[1] == (
        "ARR 90,000 is at or above the high threshold (50,000); strategic (growth): already high")


# -- effort: every cell of the matrix -----------------------------------------------------

@pytest.mark.parametrize(("value", "probability", "effort"), [
    ("high", "high", "full"),
    ("high", "medium", "full"),
    ("high", "low", "light"),
    ("medium", "high", "standard"),
    ("medium", "medium", "standard"),
    ("medium", "low", "light"),
    ("low", "high", "light"),
    ("low", "medium", "light"),
    ("low", "low", "none"),
])
def test_effort_matrix(value: Any, probability: Any, effort: str) -> None:
    assert effort_for(value, probability)[0] == effort


def test_effort_meanings() -> None:
    assert {e: m.describe() for e, m in EFFORT_MEANINGS.items()} == {
        "full": "executives involved, custom remedies, 30-90 days",
        "standard": "CSM plus manager, standard playbook, 14-30 days",
        "light": "CSM only, one conversation, 7-14 days",
        "none": "graceful exit, learn from it (debrief, win-back at 3, 6, 12 months)",
    }


# -- save probability ---------------------------------------------------------------------

@pytest.mark.parametrize(("category", "score", "level"), [
    ("product_fit", -1, "low"),           # -2 cause, +1 engaged, 0 for two signals
    ("service_experience", 1, "medium"),  # 0 + 1
    ("value_perception", 2, "high"),      # +1 + 1
    ("circumstantial", 3, "high"),        # +2 + 1
    (None, 1, "medium"),                  # not diagnosed: not scored
])
def test_derived_probability_by_root_cause(category: str | None, score: int, level: str) -> None:
    plan = make(**{"risk.root_cause": {"category": category} if category else None})
    d = derive_probability(plan)
    assert (d.score, d.level) == (score, level)


def test_root_causes_rank_hardest_to_easiest() -> None:
    scores = [derive_probability(make(**{"risk.root_cause": {"category": c}})).score
              for c in ("product_fit", "service_experience", "value_perception", "circumstantial")]
    assert scores == sorted(scores) and len(set(scores)) == 4


def test_the_derivation_lists_every_factor_line_by_line() -> None:
    plan = make(**{"risk.signals": signals("champion_left", "stakeholder_change", "competitive")})
    assert [(f.points, f.reason) for f in derive_probability(plan).factors] == [
        (0, "root cause service_experience: fixable with time"),
        (1, "economic buyer and champion mapped: stakeholders engaged"),
        (-1, "signal champion_left + stakeholder_change: the relationship resets to zero"),
        (-1, "signal competitive: alternatives are being evaluated"),
        (-1, "3 signals: several signals together are real risk (three strikes)"),
    ]
    assert derive_probability(plan).score == -2


@pytest.mark.parametrize(("types", "delta"), [
    (("champion_left", "usage_decline"), -1),
    (("stakeholder_change", "usage_decline"), -1),
    (("competitive", "usage_decline"), -1),
    (("budget_pressure", "usage_decline"), -1),
    (("cancellation_request", "usage_decline"), -2),
    (("health_drop", "usage_decline"), 0),
    (("usage_decline",), 1),  # one signal may be noise
    ((), 0),  # no signal recorded earns nothing
    (("usage_decline", "health_drop", "negative_feedback"), -1),  # three strikes
    (("budget_pressure", "budget_pressure"), -1),  # a type counts once
])
def test_signal_points(types: tuple[str, ...], delta: int) -> None:
    neutral = derive_probability(make()).score  # two signals with no points of their own
    assert derive_probability(make(**{"risk.signals": signals(*types)})).score == neutral + delta


@pytest.mark.parametrize(("roles", "points"), [
    (["economic_buyer", "champion"], 1),
    (["economic_buyer", "daily_user"], 0),
    (["champion", "daily_user"], -1),
    ([], -1),
])
def test_stakeholder_points(roles: list[str], points: int) -> None:
    plan = make(stakeholders=[{"role": r, "name": f"Person {i}"} for i, r in enumerate(roles)])
    assert derive_probability(plan).factors[1].points == points


@pytest.mark.parametrize(("score", "level"), [(-3, "low"), (-1, "low"), (0, "medium"), (1, "medium"),
                                              (2, "high"), (5, "high")])
def test_score_to_level(score: int, level: str) -> None:
    assert level_for_score(score) == level


def test_a_given_probability_wins_over_the_derived_one() -> None:
    plan = make(**{"risk.probability": "low", "risk.root_cause": {"category": "circumstantial"}})
    t = triage_plan("p.yaml", plan, DEFAULTS, TODAY)
    assert (t.probability, t.probability_source, t.derivation.level) == ("low", "given", "high")
    assert triage_plan("p.yaml", make(), DEFAULTS, TODAY).probability_source == "derived"


# -- window, days, strikes, expected value ------------------------------------------------

@pytest.mark.parametrize(("days", "window"), [
    (-3, "emergency"), (0, "emergency"), (29, "emergency"), (30, "compressed"),
    (89, "compressed"), (90, "comprehensive"), (270, "comprehensive"),
])
def test_window_boundaries(days: int, window: str) -> None:
    renewal = TODAY + timedelta(days=days)
    plan = make(**{"account.renewal_date": renewal.isoformat(), "started": "2026-01-01"})
    t = triage_plan("p.yaml", plan, DEFAULTS, TODAY)
    assert (t.days_to_renewal, t.window) == (days, window)


def test_window_bounds_come_from_the_workspace() -> None:
    cfg = config(windows={"comprehensive": 60, "compressed": 14})
    assert [cfg.window(d) for d in (13, 14, 59, 60)] == ["emergency", "compressed", "compressed",
                                                        "comprehensive"]
    t = triage_plan("p.yaml", make(), cfg, TODAY)
    assert t.window_reason == "82 days to renewal; 60 or more is comprehensive: room for a comprehensive save"


def test_the_reference_plan_on_2026_11_25() -> None:
    t = triage_plan("plans/northwind.yaml", make(**{"risk.signals": signals("usage_decline",
                                                                             "champion_left")}),
                    DEFAULTS, TODAY)
    assert (t.value_tier, t.probability, t.effort, t.window, t.days_to_renewal, t.strikes) == (
        "high", "medium", "full", "compressed", 82, 2)
    assert t.expected_value == 33600
    assert t.as_json()["expected_value"] == 33600 and isinstance(t.as_json()["expected_value"], int)
    assert not t.review and t.fit == ()


@pytest.mark.parametrize(("n", "review"), [(0, False), (2, False), (3, True), (5, True)])
def test_three_strikes_call_for_a_review_however_far_the_renewal(n: int, review: bool) -> None:
    types = ["usage_decline", "health_drop", "negative_feedback", "engagement_decline", "business_change"]
    plan = make(**{"risk.signals": signals(*types[:n]), "account.renewal_date": "2027-09-01"})
    t = triage_plan("p.yaml", plan, DEFAULTS, TODAY)
    assert (t.strikes, t.review, t.window) == (n, review, "comprehensive")


@pytest.mark.parametrize(("probability", "expected"), [("high", 70000), ("medium", 40000), ("low", 17500)])
def test_expected_value_uses_the_midpoints(probability: str, expected: float) -> None:
    plan = make(**{"account.arr": 100000, "risk.probability": probability})
    assert triage_plan("p.yaml", plan, DEFAULTS, TODAY).expected_value == expected


def test_midpoints_come_from_the_workspace() -> None:
    cfg = config(probability_midpoints={"medium": 0.5})
    plan = make(**{"account.arr": 100000, "risk.probability": "medium"})
    assert triage_plan("p.yaml", plan, cfg, TODAY).expected_value == 50000


# -- does the timeline fit the effort? ----------------------------------------------------

def test_plan_span_runs_from_started_to_the_last_due_action() -> None:
    assert plan_span(make()) == 14
    assert plan_span(make(actions=[{"do": "x", "owner": "maria", "due": "2027-01-22"},
                                   {"do": "y", "owner": "maria", "due": "week 2"},
                                   {"do": "z", "owner": "maria"}])) == 60
    assert plan_span(make(actions=[])) is None


def test_a_light_save_planned_over_60_days_is_pointed_out() -> None:
    plan = make(**{"account.arr": 5000, "risk.probability": "high",
                   "actions": [{"do": "x", "owner": "maria", "due": "day 60"}]})
    t = triage_plan("p.yaml", plan, DEFAULTS, TODAY)
    assert t.effort == "light"
    assert t.fit == ("a light save planned over 60 days (light is 7-14 days): tighten the actions "
                     "or revisit the effort",)


def test_a_light_save_within_14_days_fits() -> None:
    plan = make(**{"account.arr": 5000, "risk.probability": "high"})
    assert triage_plan("p.yaml", plan, DEFAULTS, TODAY).fit == ()


def test_an_emergency_plan_read_after_the_renewal_call() -> None:
    plan = make(**{"account.renewal_date": "2026-12-10", "leading_indicator.check": "2026-12-10",
                   "risk.probability": "high"})
    notes = fit_notes(plan, "full", "emergency", 15)
    assert notes == [
        "15 days left for a full save (30-90 days): critical issues and quick wins only",
        "emergency window, but the indicator is read on 2026-12-10, not before the renewal "
        "(2026-12-10): read it before the renewal call",
    ]


def test_a_full_effort_plan_needs_an_executive_sponsor() -> None:
    plan = make(stakeholders=BASE["stakeholders"][:2])
    t = triage_plan("p.yaml", plan, DEFAULTS, TODAY)
    assert t.effort == "full"
    assert t.fit == ("full effort involves executives, but no executive_sponsor is mapped",)


def test_a_passed_renewal_asks_for_the_outcome() -> None:
    t = triage_plan("p.yaml", make(), DEFAULTS, date(2027, 2, 20))
    assert t.days_to_renewal == -5
    assert t.fit[0] == "the renewal date passed 5 days ago: record the outcome (saved, churned or exited)"


def test_no_timeline_notes_for_a_graceful_exit() -> None:
    plan = make(**{"account.arr": 100, "risk.probability": "low",
                   "actions": [{"do": "x", "owner": "maria", "due": "day 80"}]})
    t = triage_plan("p.yaml", plan, DEFAULTS, TODAY)
    assert (t.effort, t.graceful_exit, t.fit) == ("none", True, ())


# -- the ranking --------------------------------------------------------------------------

def test_only_draft_and_active_plans_are_triaged() -> None:
    plans = [(f"{s}.yaml", make(status=s, outcome={"on": "2026-11-20"} if s not in ("draft", "active")
                                else None))
             for s in ("draft", "active", "saved", "churned", "exited")]
    assert [t.path for t in triage(plans, DEFAULTS, TODAY)] == ["active.yaml", "draft.yaml"]


def test_sort_order_urgency_then_effort_then_value_then_probability_then_exits_last() -> None:
    def plan(arr: float, probability: str, renewal: str) -> Plan:
        return make(**{"account.arr": arr, "risk.probability": probability,
                       "account.renewal_date": renewal})

    plans = [
        ("exit.yaml", plan(1000, "low", "2026-12-01")),            # none: last, even in an emergency
        ("far-big.yaml", plan(90000, "high", "2027-06-01")),       # comprehensive
        ("soon-small.yaml", plan(20000, "high", "2027-01-10")),    # compressed, standard effort
        ("soon-big-low.yaml", plan(90000, "low", "2027-01-20")),   # compressed, light effort
        ("soon-big.yaml", plan(90000, "medium", "2027-02-01")),    # compressed, high value, medium
        ("soon-big-sooner.yaml", plan(60000, "medium", "2027-01-15")),  # same tiers, fewer days
        ("fire.yaml", plan(12000, "medium", "2026-12-10")),        # emergency
    ]
    ranked = triage(plans, DEFAULTS, TODAY)
    assert [t.path for t in ranked] == [
        "fire.yaml", "soon-big-sooner.yaml", "soon-big.yaml", "soon-small.yaml", "soon-big-low.yaml",
        "far-big.yaml", "exit.yaml"]
    assert ranked == sorted(ranked, key=sort_key)


def test_ties_break_on_expected_value_then_path() -> None:
    a = make(**{"account.arr": 60000, "risk.probability": "high"})
    b = make(**{"account.arr": 90000, "risk.probability": "high"})
    ranked = triage([("a.yaml", a), ("c.yaml", b), ("b.yaml", b)], DEFAULTS, TODAY)
    assert [t.path for t in ranked] == ["b.yaml", "c.yaml", "a.yaml"]


def test_json_object_has_the_contract_keys() -> None:
    row = triage_plan("plans/n.yaml", make(), DEFAULTS, TODAY).as_json()
    assert {k: row[k] for k in ("path", "account", "value_tier", "probability", "effort", "window",
                                "days_to_renewal", "strikes", "expected_value", "probability_source",
                                "review", "fit")} == {
        "path": "plans/n.yaml", "account": "Northwind Analytics", "value_tier": "high",
        "probability": "medium", "effort": "full", "window": "compressed", "days_to_renewal": 82,
        "strikes": 2, "expected_value": 33600, "probability_source": "derived", "review": False,
        "fit": []}

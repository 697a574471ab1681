"""saveplan/analysis/lifecycle.py: the stage, the schedule, which touches record it, the
recovery period and the debrief, on exact dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from saveplan.analysis.lifecycle import lifecycle, next_touch, schedule, stage
from saveplan.models import Plan, WorkspaceConfig

from .builders import plan_data

CONFIG = WorkspaceConfig()


def make(status: str = "saved", outcome: dict[str, Any] | None = None,
         touches: list[dict[str, Any]] | None = None) -> Plan:
    data = plan_data("A", status=status)
    if outcome is not None:
        data["outcome"] = outcome
    if touches is not None:
        data["touches"] = touches
    return Plan.model_validate(data)


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_a_save_schedules_30_60_90_days_after_the_outcome() -> None:
    plan = make(outcome={"on": "2027-02-10", "arr": 84000})
    got = [(t.kind, t.on, t.key, t.label, t.done) for t in schedule(plan, CONFIG, d("2027-02-10"))]
    assert got == [
        ("check_in", d("2027-03-12"), "check_in", "30-day check-in", False),
        ("review", d("2027-04-11"), "review", "60-day review", False),
        ("business_review", d("2027-05-11"), "business_review", "90-day business review", False),
    ]


def test_win_back_months_follow_the_calendar() -> None:
    plan = make("churned", outcome={"on": "2026-11-30"})
    assert [(t.key, t.on) for t in schedule(plan, CONFIG, d("2026-12-01"))] == [
        ("win_back-3", d("2027-02-28")), ("win_back-6", d("2027-05-30")), ("win_back-12", d("2027-11-30"))]


def test_each_touch_records_one_scheduled_touch_on_or_after_its_date() -> None:
    plan = make("exited", outcome={"on": "2026-11-30"}, touches=[
        {"on": "2027-02-27", "kind": "win_back"},        # a day early: records nothing
        {"on": "2027-06-15", "kind": "win_back"},        # late: records the 3-month one only
        {"on": "2027-07-01", "kind": "health_check"},    # another kind
        {"on": "2027-07-02", "kind": "win_back"},        # the 6-month one
        {"on": "2028-01-01", "kind": "win_back"},        # after today: not yet
    ])
    life = lifecycle(plan, CONFIG, d("2027-12-09"))
    assert [(t.key, t.recorded_index) for t in life.schedule] == [
        ("win_back-3", 1), ("win_back-6", 3), ("win_back-12", None)]
    assert [t.key for t in life.late()] == ["win_back-12"]  # 9 days past
    assert life.next_touch is not None and life.next_touch.to_json() == {"kind": "win_back",
                                                                         "on": "2027-11-30"}
    assert life.stage == "win_back"


def test_won_back_ends_the_win_back() -> None:
    plan = make("churned", outcome={"on": "2026-11-30"},
                touches=[{"on": "2027-03-01", "kind": "win_back", "result": "won_back"}])
    assert [t.key for t in schedule(plan, CONFIG, d("2028-01-01"))] == ["win_back-3"]
    assert stage(plan, CONFIG, d("2028-01-01")) == "closed"
    assert lifecycle(plan, CONFIG, d("2028-01-01")).won_back is not None


@pytest.mark.parametrize(("today", "touches", "expected"), [
    ("2027-02-10", [], "recovery"),
    ("2027-05-11", [], "recovery"),                     # the last day of the recovery period
    ("2027-05-12", [], "recovery"),                     # past it, but follow-ups are open
    ("2027-05-12", ["check_in", "review", "business_review"], "closed"),
    ("2027-05-11", ["check_in", "review", "business_review"], "recovery"),
])
def test_stage_of_a_save(today: str, touches: list[str], expected: str) -> None:
    dates = {"check_in": "2027-03-12", "review": "2027-04-11", "business_review": "2027-05-11"}
    plan = make(outcome={"on": "2027-02-10", "arr": 84000},
                touches=[{"on": dates[k], "kind": k} for k in touches])
    assert stage(plan, CONFIG, d(today)) == expected


def test_open_plans_and_missing_outcome_dates() -> None:
    assert stage(make("active"), CONFIG, d("2027-01-01")) == "active"
    assert stage(make("draft"), CONFIG, d("2027-01-01")) == "draft"
    assert next_touch(make("active"), CONFIG, d("2027-01-01")) is None
    assert stage(make("saved"), CONFIG, d("2027-03-01")) == "recovery"     # no outcome: work left
    assert stage(make("exited", outcome={"reason": "x"}), CONFIG, d("2027-03-01")) == "win_back"
    none = WorkspaceConfig.model_validate({"follow_up": {"win_back_months": []}})
    assert stage(make("exited", outcome={"reason": "x"}), none, d("2027-03-01")) == "closed"
    assert stage(make("exited", outcome={"on": "2027-02-01"}), none, d("2027-03-01")) == "closed"


def test_the_recovery_touches_count_from_the_last_contact() -> None:
    plan = make(outcome={"on": "2027-02-10", "arr": 84000},
                touches=[{"on": "2027-02-20", "kind": "health_check"}])
    on_time = lifecycle(plan, CONFIG, d("2027-03-06"))
    assert (on_time.last_contact, on_time.last_contact_index, on_time.days_since_contact) == (
        d("2027-02-20"), 0, 14)
    assert on_time.recovery_touch_by == d("2027-03-06") and not on_time.recovery_touch_late
    late = lifecycle(plan, CONFIG, d("2027-03-07"))
    assert late.recovery_touch_late and late.in_recovery
    after = lifecycle(plan, CONFIG, d("2027-05-12"))
    assert not after.in_recovery and not after.recovery_touch_late and after.recovery_touch_by is None
    no_touch = lifecycle(make(outcome={"on": "2027-02-10", "arr": 1}), CONFIG, d("2027-02-25"))
    assert (no_touch.last_contact, no_touch.last_contact_index, no_touch.recovery_touch_late) == (
        d("2027-02-10"), None, True)


def test_the_workspace_follow_up_settings_are_used() -> None:
    config = WorkspaceConfig.model_validate({"follow_up": {
        "check_in": 7, "review": 21, "business_review": 45, "recovery_days": 60, "touch_every": 7}})
    life = lifecycle(make(outcome={"on": "2027-02-10", "arr": 1}), config, d("2027-02-18"))
    assert [(t.label, t.on) for t in life.schedule] == [
        ("7-day check-in", d("2027-02-17")), ("21-day review", d("2027-03-03")),
        ("45-day business review", d("2027-03-27"))]
    assert (life.recovery_until, life.touch_every, life.recovery_touch_late) == (d("2027-04-11"), 7, True)


def test_the_debrief() -> None:
    bare = lifecycle(make(outcome={"on": "2027-02-10", "arr": 1}), CONFIG, d("2027-02-24"))
    assert (bare.debrief_by, bare.has_debrief, bare.debrief_late) == (d("2027-02-24"), False, False)
    assert lifecycle(make(outcome={"on": "2027-02-10", "arr": 1}), CONFIG, d("2027-02-25")).debrief_late
    blank = make(outcome={"on": "2027-02-10", "arr": 1, "debrief": {"worked": " ", "change": None}})
    assert not lifecycle(blank, CONFIG, d("2027-03-01")).has_debrief
    written = make(outcome={"on": "2027-02-10", "arr": 1, "debrief": {"change": "Weekly admin review"}})
    assert lifecycle(written, CONFIG, d("2027-03-01")).has_debrief
    assert lifecycle(make("active"), CONFIG, d("2027-03-01")).debrief_by is None


def test_the_next_renewal_for_reports() -> None:
    plan = make(outcome={"on": "2027-02-10", "arr": 1}, touches=[
        {"on": "2028-02-14", "kind": "next_renewal", "result": "renewed"}])
    assert lifecycle(plan, CONFIG, d("2028-02-13")).next_renewal is None
    found = lifecycle(plan, CONFIG, d("2028-02-14")).next_renewal
    assert found is not None and found.result == "renewed"

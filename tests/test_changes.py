"""saveplan/changes.py: the edits of record, done, close, touch and report --sent, checked
before they are made, and the plan as an edit left it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from saveplan import changes
from saveplan.errors import EditRefused, UsageError
from saveplan.models import WorkspaceConfig
from tests.conftest import REFERENCE_PLAN

CONFIG = WorkspaceConfig()
TEXT = REFERENCE_PLAN.read_text(encoding="utf-8")
SLUG = "northwind-analytics"


def closed_text(outcome: str = "saved", **given: str) -> str:
    values = changes.outcome_values(outcome, date(2027, 2, 10), **given)
    return changes.close(outcome, values)(TEXT).text


def test_a_reading_is_added_and_the_plan_after_it_has_it() -> None:
    edit = changes.reading(SLUG, date(2026, 12, 3), 2)(TEXT)
    assert (edit.line, edit.message) == (54, "recorded 2 on 2026-12-03")
    plan = changes.plan_in(edit)
    assert plan is not None and plan.leading_indicator is not None
    assert [(r.on, r.value) for r in plan.leading_indicator.readings] == [(date(2026, 12, 3), 2)]
    status = changes.status_after(edit, CONFIG, date(2026, 12, 3), Path("plans/northwind-analytics.yaml"))
    assert status is not None
    assert (status.indicator, status.light) == ("behind", "yellow")


def test_a_reading_on_a_closed_plan_points_at_touch() -> None:
    with pytest.raises(EditRefused) as caught:
        changes.reading(SLUG, date(2027, 2, 11), 2)(closed_text())
    assert "record a follow-up with `saveplan touch northwind-analytics KIND` (check_in, review, " \
           "business_review, health_check); `saveplan status northwind-analytics` shows what is due" \
           in str(caught.value)


def test_an_action_done_and_a_closed_plan_refused() -> None:
    edit = changes.action_done(SLUG, "1", date(2026, 11, 28), replace=False)(TEXT)
    assert (edit.line, edit.message) == (40, "action 1 done on 2026-11-28")
    with pytest.raises(EditRefused) as caught:
        changes.action_done(SLUG, "1", date(2027, 2, 11), replace=False)(closed_text())
    assert "the save attempt is over: record a contact with `saveplan touch northwind-analytics KIND`; " \
           "to reopen the plan, set status: active by hand" in str(caught.value)


def test_amounts_from_the_command_line() -> None:
    assert changes.amount("84_000", "--arr") == 84000
    assert changes.amount(" 26.5 ", "--hours") == 26.5
    assert changes.amount(None, "--arr") is None
    with pytest.raises(UsageError) as caught:
        changes.amount("lots", "--arr")
    assert (caught.value.message, caught.value.hint) == ("--arr 'lots' is not a number", "e.g. --arr 84000")
    with pytest.raises(UsageError) as caught:
        changes.amount("-1", "--hours")
    assert caught.value.message == "--hours '-1' must be a number of at least 0"
    with pytest.raises(UsageError):
        changes.amount("inf", "--hours")


def test_the_outcome_values_of_a_save_and_of_a_loss() -> None:
    on = date(2027, 2, 10)
    assert changes.outcome_values("saved", on, arr="70000", hours="26") == {"on": on, "arr": 70000,
                                                                            "hours": 26}
    assert changes.outcome_values("churned", on, reason="  Budget cut ", category="circumstantial") == {
        "on": on, "arr": 0, "reason": "Budget cut", "category": "circumstantial"}
    with pytest.raises(UsageError) as caught:
        changes.outcome_values("exited", on, reason="  ")
    assert caught.value.message == "closing as exited needs --reason: why they left"
    with pytest.raises(UsageError) as caught:
        changes.outcome_values("churned", on, reason="Gone", arr="5")
    assert caught.value.message == "--arr 5: a churned account keeps no ARR"
    assert caught.value.hint == "a renewal at a lower ARR is a save: close it as saved --arr N"


def test_a_close_edit_writes_the_outcome() -> None:
    edit = changes.close("saved", changes.outcome_values("saved", date(2027, 2, 10)))(TEXT)
    assert (edit.line, edit.message) == (11, "closed as saved")
    after = changes.lifecycle_after(edit, CONFIG, date(2027, 2, 10))
    assert after is not None
    assert (after.plan.status, after.life.stage) == ("saved", "recovery")


def test_which_touch_carries_which_result() -> None:
    changes.check_result("win_back", "won_back")
    changes.check_result("review", None)
    with pytest.raises(UsageError) as caught:
        changes.check_result("review", "renewed")
    assert caught.value.message == "--result is for win_back and next_renewal touches, not review"
    with pytest.raises(UsageError) as caught:
        changes.check_result("win_back", "renewed")
    assert caught.value.message == "--result renewed: a win_back touch's result is won_back or churned"


def test_touch_values_and_a_next_renewal_of_a_lost_account() -> None:
    on = date(2027, 3, 12)
    assert changes.touch_values("check_in", on, note="  fine  ") == {"on": on, "kind": "check_in",
                                                                    "note": "fine"}
    assert changes.touch_values("win_back", on, note=" ", result="won_back") == {
        "on": on, "kind": "win_back", "result": "won_back"}
    edit = changes.touch("check_in", changes.touch_values("check_in", on))(closed_text())
    assert edit.message == "check_in touch on 2027-03-12"
    lost = closed_text("churned", reason="Budget cut")
    with pytest.raises(UsageError) as caught:
        changes.touch("next_renewal", changes.touch_values("next_renewal", on))(lost)
    assert caught.value.message == ("a next_renewal touch records how a saved account renewed; this plan "
                                    "is churned")


def test_an_update_sent_needs_an_open_plan_and_a_customer_update_no_placeholder() -> None:
    changes.ready_to_send("plans/x.yaml", [])
    with pytest.raises(UsageError) as caught:
        changes.ready_to_send("plans/x.yaml", ["action 1 reads '<<do>>'", "stakeholder 2 is named '<<who>>'"])
    assert caught.value.message == ("plans/x.yaml is not ready to send to the customer: action 1 reads "
                                    "'<<do>>'; stakeholder 2 is named '<<who>>'")
    after = changes.lifecycle_after(changes.reading(SLUG, date(2026, 12, 3), 2)(TEXT), CONFIG,
                                    date(2026, 12, 3))
    assert after is not None
    edit = changes.update_sent(after.plan, "plans/x.yaml", date(2026, 12, 3), "customer")(TEXT)
    assert edit.changed
    closed = changes.lifecycle_after(changes.close("saved", {"on": date(2027, 2, 10)})(TEXT), CONFIG,
                                     date(2027, 2, 10))
    assert closed is not None
    with pytest.raises(EditRefused) as refused:
        changes.update_sent(closed.plan, "plans/x.yaml", date(2027, 2, 10), "customer")
    assert refused.value.message == "plans/x.yaml is closed (saved): weekly updates are for open plans"

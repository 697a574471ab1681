"""saveplan/status.py: indicator states (each SPEC row and the edge cases), the traffic
light (each rule), ordering, next action, advice and the timeline."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

from saveplan.models import Plan
from saveplan.render.status import mark, reading_lines, timeline_bar
from saveplan.status import (
    advice,
    indicator_state,
    light_for,
    next_action,
    overdue,
    plan_status,
    sort_statuses,
    timeline_events,
)

from .builders import plan_data, roster

CONFIG = roster("maria")

# The reference plan of docs/method.md: started 2026-11-23, check day 10 = 2026-12-03,
# actions due 2026-11-28, 2026-12-03, 2026-12-07, renewal 2027-02-15.
REFERENCE = plan_data(
    "Northwind Analytics", 84000, date(2027, 2, 15), date(2026, 11, 23), status="active",
    risk={"root_cause": {"category": "service_experience"}},
    stakeholders=[{"role": "economic_buyer", "name": "Priya Shah"},
                  {"role": "champion", "name": "Lee Park"}],
    actions=[{"do": "Workflow session with the new admin", "owner": "maria", "due": "day 5"},
             {"do": "Admin completes three reports", "owner": "Lee Park", "due": "day 10"},
             {"do": "Usage summary for the VP", "owner": "maria", "due": "day 14"}],
    leading_indicator={"metric": "Admin logins in week two", "target": 3, "check": "day 10"},
    commercial_path=[{"when": "value demonstrated", "kind": "renewal", "offer": "Renewal"},
                     {"when": "adoption still low", "kind": "plan_swap", "offer": "Lighter tier"}],
)
CHECK = date(2026, 12, 3)


def make(readings: Sequence[tuple[date, float]] = (), *, done: tuple[int, ...] = (0, 1, 2),
         **changes: Any) -> Plan:
    """The reference plan with readings, the actions numbered in `done` done, and changes
    to the indicator (`target`, `direction`) or the account (`renewal_date`)."""
    data = copy.deepcopy(REFERENCE)
    ind = data["leading_indicator"]
    ind["readings"] = [{"on": on, "value": value} for on, value in readings]
    for key in ("target", "direction"):
        if key in changes:
            ind[key] = changes.pop(key)
    if "renewal_date" in changes:
        data["account"]["renewal_date"] = changes.pop("renewal_date")
    for i in done:
        data["actions"][i]["done"] = date(2026, 11, 27)
    data.update(changes)
    return Plan.model_validate(data)


# -- the SPEC table, row by row ----------------------------------------------------------

def test_pending_before_the_check_date_without_a_reading() -> None:
    assert indicator_state(make(), date(2026, 12, 1)) == "pending"


def test_pending_on_the_check_day_itself_it_has_not_passed() -> None:
    assert indicator_state(make(), CHECK) == "pending"


def test_on_track_when_the_latest_reading_meets_the_target() -> None:
    assert indicator_state(make([(CHECK, 3)]), date(2026, 12, 5)) == "on_track"


def test_on_track_before_the_check_date_too() -> None:
    """Decided: an early reading that meets the target is on_track at once."""
    assert indicator_state(make([(date(2026, 11, 30), 4)]), date(2026, 12, 1)) == "on_track"


def test_behind_when_the_latest_reading_misses_and_the_check_is_to_come() -> None:
    assert indicator_state(make([(date(2026, 11, 30), 2)]), date(2026, 12, 1)) == "behind"


def test_off_track_when_the_check_passed_and_the_latest_reading_misses() -> None:
    assert indicator_state(make([(CHECK, 2)]), date(2026, 12, 5)) == "off_track"


def test_missed_when_the_check_passed_without_a_reading() -> None:
    assert indicator_state(make(), date(2026, 12, 4)) == "missed"


def test_a_miss_read_on_the_check_day_is_behind_that_day_and_off_track_the_next() -> None:
    plan = make([(CHECK, 2)])
    assert indicator_state(plan, CHECK) == "behind"
    assert indicator_state(plan, date(2026, 12, 4)) == "off_track"


def test_the_latest_reading_counts_not_the_best() -> None:
    plan = make([(date(2026, 11, 30), 5), (CHECK, 1)])
    assert indicator_state(plan, date(2026, 12, 5)) == "off_track"
    assert indicator_state(make([(date(2026, 11, 30), 1), (CHECK, 5)]), date(2026, 12, 5)) == "on_track"


def test_readings_after_today_do_not_count() -> None:
    plan = make([(date(2026, 12, 10), 9)])
    assert indicator_state(plan, date(2026, 12, 1)) == "pending"
    assert indicator_state(plan, date(2026, 12, 5)) == "missed"


def test_at_most_direction() -> None:
    plan = make([(CHECK, 4)], target=5, direction="at_most")
    assert indicator_state(plan, date(2026, 12, 5)) == "on_track"
    plan = make([(CHECK, 6)], target=5, direction="at_most")
    assert indicator_state(plan, date(2026, 12, 5)) == "off_track"


def test_no_target_is_none() -> None:
    assert indicator_state(make([(CHECK, 9)], target=None), date(2026, 12, 5)) == "none"


def test_no_indicator_is_none() -> None:
    assert indicator_state(make(leading_indicator=None), date(2026, 12, 5)) == "none"


# -- the light ---------------------------------------------------------------------------

@pytest.mark.parametrize(("state", "late", "days", "window", "light"), [
    ("on_track", 0, 72, "compressed", "green"),
    ("on_track", 1, 72, "compressed", "yellow"),        # something overdue
    ("pending", 0, 72, "compressed", "yellow"),
    ("behind", 0, 120, "comprehensive", "yellow"),
    ("off_track", 0, 120, "comprehensive", "red"),
    ("missed", 0, 120, "comprehensive", "red"),
    ("none", 0, 120, "comprehensive", "red"),
    ("on_track", 0, -1, "emergency", "red"),            # renewal passed
    ("pending", 0, 20, "emergency", "red"),             # emergency, not on track
    ("behind", 0, 29, "emergency", "red"),
    ("on_track", 0, 20, "emergency", "green"),          # emergency but on track
    ("on_track", 2, 20, "emergency", "yellow"),
])
def test_light(state: Any, late: int, days: int, window: Any, light: str) -> None:
    assert light_for(state, late, days, window)[0] == light


def test_light_from_a_plan() -> None:
    today = date(2026, 12, 5)
    assert plan_status(make([(CHECK, 3)]), CONFIG, today).light == "green"
    assert plan_status(make([(CHECK, 3)], done=(0,)), CONFIG, today).light == "yellow"
    assert plan_status(make([(CHECK, 2)]), CONFIG, today).light == "red"
    late = plan_status(make([(CHECK, 3)], renewal_date=date(2026, 12, 4)), CONFIG, today)
    assert (late.light, late.days_to_renewal) == ("red", -1)
    near = plan_status(make([(date(2026, 12, 1), 1)], renewal_date=date(2026, 12, 20)), CONFIG,
                       date(2026, 12, 2))
    assert (near.window, near.indicator, near.light) == ("emergency", "behind", "red")


def test_reasons_say_why() -> None:
    st = plan_status(make(done=(0,)), CONFIG, date(2026, 12, 5))
    assert st.light == "red"
    assert st.reasons == ["the indicator check was missed"]
    assert light_for("pending", 2, 72, "compressed") == (
        "yellow", ["the indicator is pending", "2 actions overdue"])


# -- actions, order ----------------------------------------------------------------------

def test_overdue_and_next_action() -> None:
    plan = make(done=(0,))
    assert [a.number for a in overdue(plan, date(2026, 12, 5))] == [2]
    assert [a.number for a in overdue(plan, CHECK)] == []  # due today is not overdue
    nxt = next_action(plan)
    assert nxt is not None and (nxt.number, nxt.due) == (2, CHECK)
    assert next_action(make()) is None


def test_most_urgent_first() -> None:
    today = date(2026, 12, 5)
    green = plan_status(make([(CHECK, 3)]), CONFIG, today, path="g")
    yellow_far = plan_status(make([(CHECK, 3)], done=(0,), renewal_date=date(2027, 6, 1)), CONFIG,
                             today, path="yf")
    yellow_near = plan_status(make([(CHECK, 3)], done=(0,)), CONFIG, today, path="yn")
    red = plan_status(make([(CHECK, 1)], renewal_date=date(2027, 6, 1)), CONFIG, today, path="r")
    ordered = sort_statuses([green, yellow_far, red, yellow_near])
    assert [s.path for s in ordered] == ["r", "yn", "yf", "g"]


def test_json_row_has_the_contract_keys() -> None:
    row = plan_status(make([(CHECK, 2)], done=(0,)), CONFIG, date(2026, 12, 5),
                      path="plans/northwind-analytics.yaml", slug="northwind-analytics").to_json()
    assert {k: row[k] for k in ("path", "account", "indicator", "light", "days_to_renewal",
                                "window", "overdue")} == {
        "path": "plans/northwind-analytics.yaml", "account": "Northwind Analytics",
        "indicator": "off_track", "light": "red", "days_to_renewal": 72, "window": "compressed",
        "overdue": 1}
    assert row["latest_reading"] == {"on": "2026-12-03", "value": 2}
    assert row["next_action"] == {"number": 2, "id": None, "do": "Admin completes three reports",
                                  "owner": "Lee Park", "due": "2026-12-03", "overdue": True}


# -- what the method suggests ------------------------------------------------------------

def test_behind_suggests_a_short_unblock_call_before_the_review() -> None:
    st = plan_status(make([(date(2026, 12, 1), 2)], done=(0,)), CONFIG, date(2026, 12, 2),
                     slug="northwind-analytics")
    assert advice(st) == [
        "The indicator is behind (2 against a target of at least 3): book a short unblock call "
        "with Lee Park (champion) before 2026-12-03 (Admin completes three reports), find what "
        "blocks them, then read the indicator again."]


def test_off_track_also_names_the_next_commercial_move() -> None:
    st = plan_status(make([(CHECK, 2)], done=(0, 1)), CONFIG, date(2026, 12, 5), slug="nw")
    tips = advice(st)
    assert tips[0].startswith("The indicator is off track (2 against a target of at least 3): book a "
                              "short unblock call with Lee Park (champion) before 2026-12-07")
    assert tips[1] == ("If it does not recover, the commercial path's next move is plan swap: "
                       "Lighter tier (when adoption still low).")


def test_missed_and_pending_say_how_to_record() -> None:
    missed = plan_status(make(), CONFIG, date(2026, 12, 5), slug="nw")
    assert advice(missed) == ["The check date 2026-12-03 passed with no reading: read the indicator "
                              "now and record it with `saveplan record nw VALUE`."]
    pending = plan_status(make(), CONFIG, date(2026, 12, 1), slug="nw")
    assert advice(pending) == ["Read the indicator on 2026-12-03 (in 2 days) and record it with "
                               "`saveplan record nw VALUE`."]


def test_green_needs_no_advice() -> None:
    assert advice(plan_status(make([(CHECK, 3)]), CONFIG, date(2026, 12, 5))) == []


# -- the timeline ------------------------------------------------------------------------

def test_timeline() -> None:
    st = plan_status(make([(CHECK, 2)], done=(0,)), CONFIG, date(2026, 12, 5))
    events = timeline_events(st, CONFIG)
    assert [(str(e.day), mark(e), e.text) for e in events] == [
        ("2026-11-23", "├", "start (day 0)"),
        ("2026-11-28", "✓", "action 1: Workflow session with the new admin (Maria Lopez): done 2026-11-27"),
        ("2026-12-03", "!", "action 2: Admin completes three reports (Lee Park): overdue by 2 days"),
        ("2026-12-03", "◆", "indicator check: Admin logins in week two, target at least 3"),
        ("2026-12-05", "▼", "today (day 12)"),
        ("2026-12-07", "○", "action 3: Usage summary for the VP (Maria Lopez): due in 2 days"),
        ("2027-02-15", "┤", "renewal (72 days left)"),
    ]
    # 84 days over 60 columns: day 5 -> col 4, day 10 -> col 7, day 12 -> col 8, day 14 -> col 10
    assert timeline_bar(st, events) == ("2026-11-23 ├───✓──!▼─○" + "─" * 48 + "┤ 2027-02-15")


def test_reading_lines() -> None:
    st = plan_status(make([(date(2026, 11, 30), 3), (CHECK, 1.5)]), CONFIG, date(2026, 12, 5))
    assert reading_lines(st) == [
        "2026-11-30    3  ██████████████████████████████|  meets the target",
        "2026-12-03  1.5  ███████████████···············|  misses by 1.5",
    ]
    assert reading_lines(plan_status(make(), CONFIG, date(2026, 12, 5))) == ["no reading yet"]


def test_on_the_check_day_the_call_comes_before_the_next_milestone_not_today() -> None:
    """docs/method.md: at day 10 the CSM reads 2 logins, behind target, and books a short
    unblock call before the VP review (action 3, day 14), not before today's action."""
    st = plan_status(make([(CHECK, 2)], done=(0,)), CONFIG, CHECK, slug="nw")
    assert st.indicator == "behind" and st.light == "yellow"
    assert "book a short unblock call with Lee Park (champion) before 2026-12-07 (Usage summary for " \
           "the VP)" in advice(st)[0]

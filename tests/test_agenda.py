"""saveplan/analysis/agenda.py and saveplan/render/agenda.py: what is due, overdue first."""

from __future__ import annotations

from datetime import date

import pytest

from saveplan.analysis.agenda import agenda, touch_items
from saveplan.render.agenda import agenda_markdown, agenda_text

from .builders import MIDPLAN_YAML, changed, load_plan, roster

CONFIG = roster("maria", "sam")
MIDPLAN = load_plan(MIDPLAN_YAML)


def rows(items: list) -> list[tuple[str, str, str, bool]]:  # type: ignore[type-arg]
    return [(i.on.isoformat(), i.kind, i.what, i.overdue) for i in items]


def test_overdue_first_then_by_day() -> None:
    items = agenda([("plans/n.yaml", MIDPLAN)], CONFIG, date(2026, 12, 5))
    assert rows(items) == [
        ("2026-11-30", "update", "send the weekly update to the customer", True),
        ("2026-12-03", "action", "action 2: Admin completes three reports independently", True),
        ("2026-12-07", "action", "action 3: Share a before/after usage summary with the VP", False),
    ]  # the check has a reading, action 1 is done


def test_the_horizon_and_the_check() -> None:
    fresh = changed(MIDPLAN, leading_indicator={**MIDPLAN.model_dump()["leading_indicator"], "readings": []},
                    updates=[{"on": date(2026, 11, 27), "to": "customer"}])
    assert rows(agenda([("p", fresh)], CONFIG, date(2026, 11, 28), days=5)) == [
        ("2026-12-03", "check", "read the leading indicator: Admin logins in week two", False),
        ("2026-12-03", "action", "action 2: Admin completes three reports independently", False),
    ]
    assert rows(agenda([("p", fresh)], CONFIG, date(2026, 11, 28), days=0)) == []
    assert [i.kind for i in agenda([("p", fresh)], CONFIG, date(2026, 11, 28), days=6)] == [
        "check", "action", "update"]  # the update falls due on 2026-12-04


def test_a_draft_owes_no_update() -> None:
    draft = changed(MIDPLAN, status="draft")
    assert "update" not in {i.kind for i in agenda([("p", draft)], CONFIG, date(2026, 12, 5))}


def test_owner_keeps_their_plans_and_their_actions_elsewhere() -> None:
    other = changed(MIDPLAN, owner="sam")
    other.actions[2].owner = "maria"
    items = agenda([("a", MIDPLAN), ("b", other)], CONFIG, date(2026, 12, 5), owner="maria")
    assert [(i.path, i.kind) for i in items] == [("a", "update"), ("a", "action"), ("a", "action"),
                                                 ("b", "action")]
    assert [i.what for i in items if i.path == "b"] == [
        "action 3: Share a before/after usage summary with the VP"]


OUT_SAVED = [
    ("2027-03-02", "follow_up", "30-day check-in after the outcome (saved on 2027-01-31)", True),
    ("2027-04-01", "follow_up", "60-day review after the outcome (saved on 2027-01-31)", True),
    ("2027-05-01", "follow_up", "90-day business review after the outcome (saved on 2027-01-31)", False)]
OUT_CHURNED = [
    ("2027-07-31", "win_back", "6-month win-back after the outcome (churned on 2027-01-31)", False)]


def test_touches_after_a_save_and_after_a_loss() -> None:
    # the schedule is the lifecycle's (tests/test_lifecycle.py): a check-in a day before its
    # date records nothing, so the 30-day check-in is still open
    saved = changed(MIDPLAN, status="saved", outcome={"on": date(2027, 1, 31), "arr": 84000},
                    touches=[{"on": date(2027, 3, 1), "kind": "check_in"}])
    assert rows(touch_items(saved, CONFIG, date(2027, 4, 20), 14)) == OUT_SAVED
    churned = changed(MIDPLAN, status="churned", outcome={"on": date(2027, 1, 31), "arr": 0},
                      touches=[{"on": date(2027, 4, 30), "kind": "win_back"}])
    assert rows(touch_items(churned, CONFIG, date(2027, 7, 25), 7)) == OUT_CHURNED
    assert touch_items(churned, CONFIG, date(2027, 7, 1), 7) == []
    assert agenda([("p", churned)], CONFIG, date(2027, 7, 25))[0].kind == "win_back"


HOSTILE = "<b>Acme</b> \x1b[31m*x*"


def test_rendering_escapes_plan_text() -> None:
    plan = changed(MIDPLAN, account={**MIDPLAN.model_dump()["account"], "name": HOSTILE})
    items = agenda([("p", plan)], CONFIG, date(2026, 12, 5))
    md = agenda_markdown(items, CONFIG, date(2026, 12, 5), 7)
    text = agenda_text(items, CONFIG, date(2026, 12, 5), 7)
    assert "\\<b\\>Acme\\</b\\> \\*x\\*" in md and "<b>" not in md and "\x1b" not in md
    assert "\x1b" not in text
    assert md.splitlines()[:5] == [
        "# Agenda, 2026-12-05 to 2026-12-12: 3 items, 2 overdue", "", "## Overdue", "",
        "- [ ] 2026-11-30 **update** \\<b\\>Acme\\</b\\> \\*x\\*: send the weekly update to the customer "
        "(Maria Lopez, 5 days late)"]


@pytest.mark.parametrize(("days", "head"), [
    (7, "Agenda for maria, 2026-12-05 to 2026-12-12: 3 items, 2 overdue"),
    (0, "Agenda for maria, 2026-12-05 to 2026-12-05: 2 items, 2 overdue"),
])
def test_text(days: int, head: str) -> None:
    items = agenda([("plans/n.yaml", MIDPLAN)], CONFIG, date(2026, 12, 5), days=days, owner="maria")
    text = agenda_text(items, CONFIG, date(2026, 12, 5), days, "maria")
    assert text.splitlines()[0] == head
    assert "  2026-12-03  action    Northwind Analytics: action 2: Admin completes three reports " \
           "independently (Lee Park, 2 days late)" in text
    assert agenda_text([], CONFIG, date(2026, 12, 5), 7) == \
        "Agenda, 2026-12-05 to 2026-12-12: 0 items: nothing due.\n"

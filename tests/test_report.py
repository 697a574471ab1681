"""saveplan/report.py: the weekly Markdown update. The reference plan's reports are
golden files (exact); the rest checks the week, the sections and determinism."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from saveplan.loader import read_document
from saveplan.models import Plan, WorkspaceConfig
from saveplan.report import summary_sentence, week_bounds, weekly_report
from saveplan.status import plan_status

GOLDEN = Path(__file__).parent / "golden"
CONFIG = WorkspaceConfig.model_validate({"people": {"maria": {"name": "Maria Lopez", "role": "csm"}}})
# SAVEPLAN_UPDATE_GOLDEN=1 rewrites the goldens after a deliberate change: review the diff
UPDATE = os.environ.get("SAVEPLAN_UPDATE_GOLDEN") == "1"


def load(path: Path) -> Plan:
    return Plan.model_validate(read_document(path).data)


MIDPLAN = load(GOLDEN / "report" / "northwind-midplan.yaml")
SHIPPED = load(GOLDEN / "edit" / "input" / "reference.yaml")


@pytest.mark.parametrize(("plan", "today", "golden"), [
    (MIDPLAN, date(2026, 12, 5), "northwind-midplan.md"),
    (SHIPPED, date(2026, 11, 25), "northwind-start.md"),
])
def test_golden_report(plan: Plan, today: date, golden: str) -> None:
    text = weekly_report(plan, CONFIG, today, slug="northwind-analytics")
    expected = GOLDEN / "report" / golden
    if UPDATE:  # pragma: no cover
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


def test_week_bounds_are_monday_to_sunday() -> None:
    assert week_bounds(date(2026, 12, 5)) == (date(2026, 11, 30), date(2026, 12, 6))
    assert week_bounds(date(2026, 11, 30)) == (date(2026, 11, 30), date(2026, 12, 6))
    assert week_bounds(date(2026, 12, 6)) == (date(2026, 11, 30), date(2026, 12, 6))


def test_any_day_of_the_week_gives_the_same_report() -> None:
    today = date(2026, 12, 20)
    reports = {weekly_report(MIDPLAN, CONFIG, today, week_of=date(2026, 11, 30) + timedelta(days=i))
               for i in range(7)}
    assert len(reports) == 1


def test_a_past_week_is_reported_as_it_stood_at_its_end() -> None:
    text = weekly_report(MIDPLAN, CONFIG, date(2026, 12, 20), week_of=date(2026, 11, 24))
    assert "# Northwind Analytics: weekly update, week of 2026-11-23" in text
    assert "stands on 2026-11-29." in text
    assert "## Done this week (2026-11-23 to 2026-11-29)\n\n- Run a 45-minute workflow session with " \
           "the new admin (Maria Lopez, 2026-11-27)\n\n" in text
    assert "is **pending**: we read it on 2026-12-03 (target at least 3)" in text
    assert "2 on 2026-12-03" not in text  # the reading came the week after
    assert "- Read admin logins in week two on 2026-12-03: Maria Lopez\n" in text


def test_every_stakeholder_is_greeted_by_name_and_role() -> None:
    text = weekly_report(MIDPLAN, CONFIG, date(2026, 12, 5))
    assert "Hi Priya Shah (economic buyer), Lee Park (champion) and Ana Ruiz (executive sponsor),\n" in text


@pytest.mark.parametrize(("readings", "today", "sentence"), [
    ([], date(2026, 11, 25), "Admin logins in week two is **pending**: we read it on 2026-12-03 "
                             "(target at least 3), with 82 days to the renewal on 2027-02-15."),
    ([], date(2026, 12, 5), "Admin logins in week two was **missed**: it was due to be read on "
                            "2026-12-03, with 72 days to the renewal on 2027-02-15."),
    ([(date(2026, 12, 3), 4)], date(2026, 12, 5), "Admin logins in week two is **on track**: 4 on "
     "2026-12-03 against a target of at least 3, with 72 days to the renewal on 2027-02-15."),
    ([(date(2026, 12, 1), 1)], date(2026, 12, 2), "Admin logins in week two is **behind**: 1 on "
     "2026-12-01 against a target of at least 3, with 75 days to the renewal on 2027-02-15."),
    ([(date(2026, 12, 1), 1)], date(2027, 2, 17), "Admin logins in week two is **off track**: 1 on "
     "2026-12-01 against a target of at least 3, past the check date 2026-12-03, and the renewal "
     "date 2027-02-15 passed 2 days ago."),
])
def test_the_summary_is_one_sentence(readings: list[tuple[date, float]], today: date, sentence: str) -> None:
    data = SHIPPED.model_dump()
    data["leading_indicator"]["readings"] = [{"on": on, "value": v} for on, v in readings]
    plan = Plan.model_validate(data)
    assert summary_sentence(plan_status(plan, CONFIG, today)) == sentence


def test_a_closed_plan_says_so() -> None:
    data = SHIPPED.model_dump()
    data.update(status="saved", outcome={"on": date(2027, 2, 1)})
    plan = Plan.model_validate(data)
    text = weekly_report(plan, CONFIG, date(2027, 2, 3))
    assert "The plan is closed: the account was saved on 2027-02-01." in text
    assert "Status: closed (saved)." in text

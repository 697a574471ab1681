"""saveplan/render/report.py: the weekly Markdown update, for the customer (safe to send)
and for the team. The reference plan's reports are golden files (exact); the rest checks
the week, what each audience may see, placeholders and Markdown escaping."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from saveplan.models import Plan
from saveplan.render.report import (
    customer_summary,
    placeholders_shown,
    summary_sentence,
    week_bounds,
    weekly_report,
)
from saveplan.status import plan_status
from saveplan.workspace import load_config

from .builders import EDIT_INPUT, GOLDEN, MIDPLAN_YAML, REPO, changed, load_plan, roster

CONFIG = roster("maria", "sam")
# SAVEPLAN_UPDATE_GOLDEN=1 rewrites the goldens after a deliberate change: review the diff
UPDATE = os.environ.get("SAVEPLAN_UPDATE_GOLDEN") == "1"
MIDPLAN = load_plan(MIDPLAN_YAML)
SHIPPED = load_plan(EDIT_INPUT / "reference.yaml")


@pytest.mark.parametrize(("plan", "today", "audience", "golden"), [
    (MIDPLAN, date(2026, 12, 5), "customer", "northwind-midplan.md"),
    (MIDPLAN, date(2026, 12, 5), "team", "northwind-midplan-team.md"),
    (SHIPPED, date(2026, 11, 25), "customer", "northwind-start.md"),
])
def test_golden_report(plan: Plan, today: date, audience: str, golden: str) -> None:
    text = weekly_report(plan, CONFIG, today, slug="northwind-analytics",
                         audience="team" if audience == "team" else "customer")
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
    assert "We will measure admin logins in week two on 2026-12-03; our goal is at least 3." in text
    assert "2 on 2026-12-03" not in text  # the reading came the week after
    assert "- Measure admin logins in week two on 2026-12-03: Maria Lopez\n" in text


def test_the_customer_is_greeted_by_name_the_team_sees_the_roles() -> None:
    customer = weekly_report(MIDPLAN, CONFIG, date(2026, 12, 5))
    team = weekly_report(MIDPLAN, CONFIG, date(2026, 12, 5), audience="team")
    assert "Hi Priya Shah, Lee Park and Ana Ruiz,\n" in customer
    assert "economic buyer" not in customer
    assert "For Priya Shah (economic buyer), Lee Park (champion) and Ana Ruiz (executive sponsor).\n" in team


def test_the_customer_hears_their_own_kpis() -> None:
    text = weekly_report(MIDPLAN, CONFIG, date(2026, 12, 5))
    assert ("What we are working towards, in your terms: cost per report (Priya Shah), reports "
            "shipped per week (Lee Park) and analytics adoption (Ana Ruiz).\n") in text


def test_an_acronym_keeps_its_capitals() -> None:
    data = MIDPLAN.model_dump()
    data["stakeholders"][0]["kpi"] = "NPS of the finance team"
    data["leading_indicator"]["metric"] = "SSO sign-ins per week"
    text = weekly_report(Plan.model_validate(data), CONFIG, date(2026, 11, 25))
    assert "in your terms: NPS of the finance team (Priya Shah), reports shipped" in text
    assert "We will measure SSO sign-ins per week on 2026-12-03" in text


def test_what_we_need_lists_the_customer_side_actions_only() -> None:
    text = weekly_report(MIDPLAN, CONFIG, date(2026, 12, 5))
    part = text.split("## What we need from you\n\n")[1].split("\n\n")[0]
    assert part == "- Lee Park: Admin completes three reports independently, planned for 2026-12-03"
    done = changed(MIDPLAN, actions=[{**a.model_dump(), "done": date(2026, 12, 4)}
                                     for a in MIDPLAN.actions])
    text = weekly_report(done, CONFIG, date(2026, 12, 5))
    assert "## What we need from you\n\n- Nothing new this week: thank you for your time on the " \
           "steps above.\n" in text


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
def test_the_team_summary_is_one_sentence(readings: list[tuple[date, float]], today: date,
                                          sentence: str) -> None:
    plan = changed(SHIPPED, leading_indicator={**SHIPPED.model_dump()["leading_indicator"],
                                               "readings": [{"on": on, "value": v} for on, v in readings]})
    assert summary_sentence(plan_status(plan, CONFIG, today)) == sentence


@pytest.mark.parametrize(("readings", "today", "sentence"), [
    ([], date(2026, 11, 25), "We will measure admin logins in week two on 2026-12-03; our goal is "
                             "at least 3."),
    ([], date(2026, 12, 5), "We are measuring admin logins in week two this week (it was planned "
                            "for 2026-12-03); our goal is at least 3."),
    ([(date(2026, 12, 3), 4)], date(2026, 12, 5), "Admin logins in week two: 4 on 2026-12-03, "
                                                  "meeting our goal of at least 3."),
    ([(date(2026, 12, 1), 1)], date(2026, 12, 2), "Admin logins in week two: 1 on 2026-12-01, short "
     "of our goal of at least 3; the next steps below are how we close the gap."),
    ([(date(2026, 12, 1), 1)], date(2027, 2, 17), "Admin logins in week two: 1 on 2026-12-01, short "
     "of our goal of at least 3; the next steps below are how we close the gap."),
])
def test_the_customer_summary_has_no_state_word(readings: list[tuple[date, float]], today: date,
                                                sentence: str) -> None:
    plan = changed(SHIPPED, leading_indicator={**SHIPPED.model_dump()["leading_indicator"],
                                               "readings": [{"on": on, "value": v} for on, v in readings]})
    assert customer_summary(plan_status(plan, CONFIG, today)) == sentence


def test_a_closed_plan_says_so() -> None:
    plan = changed(SHIPPED, status="saved", outcome={"on": date(2027, 2, 1)})
    customer = weekly_report(plan, CONFIG, date(2027, 2, 3))
    team = weekly_report(plan, CONFIG, date(2027, 2, 3), audience="team")
    assert ("We renewed together on 2027-02-01. We stay in close touch until 2027-05-02, to make sure "
            "every commitment we made is delivered; the next check-ins are below.") in customer
    assert "- Our 30-day check-in: Maria Lopez, on 2027-03-03\n" in customer
    assert "saved" not in customer  # an internal status word
    churned = weekly_report(changed(plan, status="churned"), CONFIG, date(2027, 2, 3))
    assert "Our work together came to a close on 2027-02-01: thank you for your time" in churned
    assert "win-back" not in churned and "Our 30-day" not in churned
    assert "The plan is closed: the account was saved on 2027-02-01." in team
    assert "Next move: none, the plan is closed (saved)." in team


def test_the_team_sees_concessions_and_their_approval() -> None:
    plan = changed(MIDPLAN, concessions=[
        {"kind": "discount", "percent": 10, "approved_by": "sam", "tied_to": "Two-year term",
         "sunset": "Year one only"},
        {"kind": "discount", "percent": 30, "approved_by": "sam"}])
    team = weekly_report(plan, CONFIG, date(2026, 12, 5), audience="team")
    assert ("## Concessions (team only)\n\n"
            "- Discount 10%: approved by Sam Reed (manager); needs a manager; tied to Two-year term; "
            "sunset: Year one only\n"
            "- Discount 30%: approved by Sam Reed (manager); needs a vp; **beyond a manager's "
            "authority: needs a vp**\n") in team
    customer = weekly_report(plan, CONFIG, date(2026, 12, 5))
    assert not re.search(r"discount|concession|two-year|year one|sam reed", customer, re.I)


def test_the_team_sees_the_cadence() -> None:
    plan = changed(MIDPLAN, updates=[{"on": date(2026, 11, 27), "to": "customer"},
                                     {"on": date(2026, 12, 4), "to": "team"}])
    team = weekly_report(plan, CONFIG, date(2026, 12, 5), audience="team")
    assert team.endswith("Updates: last sent to the customer on 2026-11-27; the next is due "
                         "2026-12-04 (late).\n")


def test_placeholders_are_found_where_the_customer_would_read_them() -> None:
    data = MIDPLAN.model_dump()
    data["stakeholders"][0]["name"] = "Economic buyer (name to confirm)"
    data["stakeholders"][1]["kpi"] = "<<their KPI>>"
    data["actions"][1]["owner"] = "<<Daily user (name to confirm)>>"
    data["leading_indicator"]["metric"] = "Logins <<metric to confirm>>"
    plan = Plan.model_validate(data)
    assert placeholders_shown(plan) == [
        "stakeholder 1 (economic buyer) is named 'Economic buyer (name to confirm)'",
        "stakeholder 2 (Lee Park) has the KPI '<<their KPI>>'",
        "action 2 is owned by '<<Daily user (name to confirm)>>'",
        "the leading indicator's metric is 'Logins <<metric to confirm>>'",
    ]
    assert placeholders_shown(MIDPLAN) == []
    team = weekly_report(plan, CONFIG, date(2026, 12, 5), audience="team")
    assert "Not ready to send to the customer: stakeholder 1 \\(economic buyer\\) is named " \
           "'Economic buyer \\(name to confirm\\)';" in team


HOSTILE = "<script>alert(1)</script> **bold** [link](http://x) \x1b[31mred\x07 | pipe"


def test_plan_text_is_escaped_and_stripped_for_markdown() -> None:
    data = MIDPLAN.model_dump()
    data["account"]["name"] = HOSTILE
    data["stakeholders"][0]["name"] = HOSTILE
    data["stakeholders"][0]["kpi"] = HOSTILE
    data["actions"][2]["do"] = HOSTILE
    data["leading_indicator"]["metric"] = HOSTILE
    data["commercial_path"][1]["offer"] = HOSTILE
    data["concessions"] = [{"kind": "custom", "approved_by": "sam", "tied_to": HOSTILE}]
    plan = Plan.model_validate(data)
    for audience in ("customer", "team"):
        text = weekly_report(plan, CONFIG, date(2026, 12, 5), audience=audience)  # type: ignore[arg-type]
        assert "<script>" not in text and "\x1b" not in text and "\x07" not in text
        assert "**bold**" not in text and "](http" not in text
        assert "\\<script\\>alert\\(1\\)\\</script\\> \\*\\*bold\\*\\* \\[link\\]\\(http://x\\) red " \
               "\\| pipe" in text


def _internal_texts(plan: Plan) -> list[str]:
    """Every commercial-path and concession text of a plan."""
    texts = [t for m in plan.commercial_path for t in (m.when, m.offer)]
    texts += [t for c in plan.concessions for t in (c.tied_to, c.sunset, c.rationale) if t]
    return texts


EXAMPLES = sorted((REPO / "plans").glob("*.yaml"))
INTERNAL_WORDS = re.compile(r"\b(on track|off track|behind|pending|missed|light|red|yellow|green|"
                            r"probability|triage|effort|window|strikes?|concessions?|commercial|"
                            r"discount|saved|churned|exited|approved)\b", re.I)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("today", [date(2026, 11, 25), date(2026, 12, 20), date(2027, 3, 1)])
def test_no_example_plan_leaks_the_commercial_path_to_the_customer(path: Path, today: date) -> None:
    config, _ = load_config(REPO / "saveplan.yaml")
    plan = load_plan(path)
    text = weekly_report(plan, config, today, slug=path.stem)
    flat = re.sub(r"\\(.)", r"\1", text).casefold()  # the text as the reader sees it
    ours = flat
    for action in plan.actions:  # the CSM's own words for the steps are theirs to choose
        ours = ours.replace(action.do.casefold(), "")
    for internal in _internal_texts(plan):
        assert internal.strip().casefold() not in flat, internal
    assert not INTERNAL_WORDS.search(ours), INTERNAL_WORDS.search(ours)
    team = re.sub(r"\\(.)", r"\1", weekly_report(plan, config, today, slug=path.stem,
                                                  audience="team")).casefold()
    for move in plan.commercial_path:
        assert move.offer.casefold() in team

"""The pieces the board, calendar, agenda and schema commands call: a plan from a file's
bytes as git holds it (saveplan/analysis/history.py), the board's unloaded plans, which
plans a calendar holds (saveplan.analysis.lifecycle.in_calendar), the agenda in each format, the schema."""

from __future__ import annotations

import json
from datetime import date

from saveplan.analysis.agenda import agenda
from saveplan.analysis.board import Unloaded, unloaded
from saveplan.analysis.history import plan_of
from saveplan.analysis.lifecycle import in_calendar
from saveplan.findings import Finding
from saveplan.models import Plan, WorkspaceConfig
from saveplan.render.agenda import agenda_json, agenda_markdown, agenda_output, agenda_text
from saveplan.schema import plan_json_schema, playbook_json_schema, schema_text
from tests.conftest import REFERENCE_PLAN

CONFIG = WorkspaceConfig()
RAW = REFERENCE_PLAN.read_bytes()


def test_a_plan_from_bytes_or_none() -> None:
    plan = plan_of(RAW)
    assert plan is not None and plan.account.name == "Northwind Analytics"
    assert plan_of(b"account: [\n") is None
    assert plan_of(b"\xff\xfe") is None
    assert plan_of(b"owner: maria\n") is None  # no account: does not load
    assert plan_of(RAW + b"surprise: 1\n") is not None  # an unknown key still loads


def test_the_unloaded_plans_name_their_first_problem() -> None:
    first = Finding("SP100", "YAML: mapping values are not allowed here", line=3, column=7)
    assert unloaded([("plans/b.yaml", first)]) == [
        Unloaded("plans/b.yaml", "line 3: SP100 YAML: mapping values are not allowed here")]
    assert unloaded([]) == []


def test_which_plans_a_calendar_holds() -> None:
    plan = plan_of(RAW)
    assert plan is not None
    day = date(2026, 12, 3)
    assert in_calendar(plan, CONFIG, day)
    assert in_calendar(plan, CONFIG, day, "maria")
    assert not in_calendar(plan, CONFIG, day, "tomas")
    lost = Plan.model_validate({**plan.model_dump(), "status": "churned",
                                "outcome": {"on": "2026-12-01", "reason": "Budget cut"}})
    assert in_calendar(lost, CONFIG, day)  # in win-back
    back = Plan.model_validate({**lost.model_dump(), "touches": [
        {"on": "2026-12-02", "kind": "win_back", "result": "won_back"}]})
    assert not in_calendar(back, CONFIG, day)  # won back: the win-back is over


def test_the_agenda_in_the_format_asked_for() -> None:
    plan = plan_of(RAW)
    assert plan is not None
    day = date(2026, 12, 3)
    items = agenda([("plans/northwind-analytics.yaml", plan)], CONFIG, day, days=7)
    assert agenda_output("json", items, CONFIG, day, 7) == agenda_json(items)
    assert agenda_output("markdown", items, CONFIG, day, 7, "maria") == agenda_markdown(items, CONFIG, day, 7,
                                                                                        "maria")
    assert agenda_output("text", items, CONFIG, day, 7) == agenda_text(items, CONFIG, day, 7)
    assert agenda_output("text", [], CONFIG, day, 1) == (
        "Agenda, 2026-12-03 to 2026-12-04: 0 items: nothing due.\n")
    assert agenda_text(items[:1], CONFIG, day, 7).splitlines()[0].endswith(": 1 item, 1 overdue")


def test_the_schema_text_of_each_file() -> None:
    assert json.loads(schema_text()) == plan_json_schema()
    assert json.loads(schema_text(playbook=True)) == playbook_json_schema()
    assert schema_text().endswith("}\n")
    assert playbook_json_schema()["$id"] == "https://saveplan.dev/schema/playbook-v1.json"

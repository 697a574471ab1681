"""Program metrics (docs/metrics.md): every figure computed by hand on small plans."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from saveplan.analysis.metrics import compute_metrics, highlights, in_period
from saveplan.models import Plan, WorkspaceConfig
from tests.builders import plan_data
from tests.conftest import Run

CONFIG = WorkspaceConfig()


def plan(status: str, arr: float, started: str, *, flagged: str | None = None, kept: float | None = None,
         on: str | None = None, hours: float | None = None, discount: float | None = None,
         category: str | None = None, owner: str = "maria", touches: list[dict[str, Any]] | None = None,
         playbook: str | None = None) -> Plan:
    data = plan_data(f"A {arr}", arr, "2027-12-31", started, owner=owner, status=status, playbook=playbook,
                     risk={"root_cause": {"category": "service_experience"}, "flagged": flagged},
                     touches=touches or [])
    if status in ("saved", "churned", "exited"):
        data["outcome"] = {"on": on, "arr": kept, "hours": hours, "category": category}
    if discount is not None:
        data["concessions"] = [{"kind": "discount", "percent": discount, "approved_by": "vp"}]
    return Plan.model_validate(data)


WORKED = [  # the worked example of docs/metrics.md
    plan("saved", 100_000, "2026-03-01", flagged="2026-02-27", kept=100_000, on="2026-04-30", hours=40,
         discount=10, touches=[{"on": "2027-05-31", "kind": "next_renewal", "result": "renewed"}]),
    plan("saved", 50_000, "2026-04-01", flagged="2026-03-27", kept=30_000, on="2026-06-10", hours=20,
         touches=[{"on": "2027-05-15", "kind": "next_renewal", "result": "churned"}]),
    plan("churned", 40_000, "2026-05-01", flagged="2026-05-01", kept=0, on="2026-07-15", hours=10,
         category="product_fit", touches=[{"on": "2027-01-20", "kind": "win_back", "result": "won_back"}]),
    plan("exited", 8_000, "2026-06-01", kept=0, on="2026-06-20", category="circumstantial"),
    plan("active", 60_000, "2026-11-01", flagged="2026-10-30"),
    plan("draft", 20_000, "2026-11-20"),
]


def test_the_worked_example_figure_by_figure() -> None:
    body = compute_metrics(WORKED, CONFIG)
    assert {k: v for k, v in body.items() if k not in ("why_null", "groups")} == {
        "plans": 6, "attempts": 4, "attempt_rate": 0.6667, "saved": 2, "churned": 1, "exited": 1,
        "open": 2, "save_rate": 0.6667, "arr_at_risk": 250_000, "arr_saved": 130_000,
        "arr_saved_full": 100_000, "arr_lost": 60_000,  # 40,000 churned + 20,000 contraction
        "time_to_save_days": 65,  # median of 60 and 70
        "response_days": 2,  # median of 2, 5, 0, 2
        "concession_cost": 10_000, "save_cost": 7_000, "save_roi": 17.14,  # (130,000 - 10,000) / 7,000
        "post_save_retention": 0.5, "win_backs": 1,
        "reasons": {"circumstantial": 1, "product_fit": 1},
    }
    assert body["why_null"] == {} and body["groups"] == []


def test_figures_with_nothing_to_divide_are_null_and_say_why() -> None:
    body = compute_metrics([plan("active", 10_000, "2026-01-01")], CONFIG)
    assert [k for k in ("save_rate", "time_to_save_days", "response_days", "save_roi",
                        "post_save_retention") if body[k] is None] == [
        "save_rate", "time_to_save_days", "response_days", "save_roi", "post_save_retention"]
    assert body["why_null"]["save_roi"] == "no hours recorded (outcome.hours)"
    empty = compute_metrics([], CONFIG)
    assert empty["plans"] == 0 and empty["attempt_rate"] is None and empty["arr_at_risk"] == 0


def test_groups_by_quarter_owner_and_category() -> None:
    body = compute_metrics(WORKED, CONFIG, by="quarter")
    assert [(g["group"], g["plans"], g["saved"], g["save_rate"]) for g in body["groups"]] == [
        ("2026-Q1", 1, 1, 1.0), ("2026-Q2", 3, 1, 0.5), ("2026-Q4", 2, 0, None)]
    by_category = compute_metrics(WORKED, CONFIG, by="category")["groups"]
    assert [(g["group"], g["plans"]) for g in by_category] == [
        ("circumstantial", 1), ("product_fit", 1), ("service_experience", 4)]
    with pytest.raises(ValueError, match="cannot group by"):
        compute_metrics(WORKED, CONFIG, by="colour")


def test_the_period_counts_started_with_both_bounds_included() -> None:
    inside = [p for p in WORKED if in_period(p, date(2026, 4, 1), date(2026, 6, 1))]
    assert [p.account.arr for p in inside] == [50_000, 40_000, 8_000]
    assert len([p for p in WORKED if in_period(p, None, None)]) == 6


def test_what_stands_out() -> None:
    body = compute_metrics([plan("saved", 10_000, "2026-01-10", flagged="2026-01-01", kept=10_000,
                                 on="2026-02-01", hours=200)], CONFIG)
    assert highlights(body) == [
        "A save rate of 100% is above 70%: effort may be going to accounts that would have renewed anyway.",
        "Plans start a median 9 days after the risk is flagged: respond within 48 hours, save rates "
        "fall sharply after.",
        "Save ROI is 0.5: the saves cost more than the ARR they keep."]


def test_the_command_prints_json_text_and_markdown(workspace: Path, run: Run) -> None:
    result = run("metrics", "--format", "json", "--today", "2026-12-02")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert body["plans"] == 5 and "why_null" not in body and body["groups"] == []
    text = run("metrics", "--by", "owner", "--today", "2026-12-02").out
    assert text.startswith("Save program metrics: every plan of the workspace\n")
    assert "By owner:" in text and "Save rate" in text
    md = run("metrics", "--format", "markdown", "--since", "2026-01-01", "--today", "2026-12-02").out
    assert md.startswith("# Save program metrics\n") and "| Save rate |" in md
    bad = run("metrics", "--since", "2027-01-01", "--until", "2026-01-01", "--today", "2026-12-02")
    assert bad.code == 2 and "is after --until" in bad.err

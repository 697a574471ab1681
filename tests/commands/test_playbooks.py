"""`saveplan playbooks [ID]`: the library as a table or JSON, one playbook in full, the
workspace's playbooks over the built-in ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from saveplan.library import builtin_playbooks

from ..builders import REPO

IDS = ["budget-economic", "champion-departure", "competitive-threat", "failed-onboarding",
       "product-issue", "service-relationship", "value-roi"]
Run = Callable[..., Any]


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """A folder outside any workspace: the built-in library only."""
    return tmp_path


def test_the_table_lists_every_playbook(empty: Path, run: Run) -> None:
    result = run("playbooks", cwd=empty)
    assert result.code == 0 and result.err == ""
    out = lines(result.out)
    assert out[0].split() == ["ID", "Title", "/", "root", "cause", "Typical", "signals", "Source"]
    assert out[2].split() == ["budget-economic", "Budget", "or", "economic", "pressure", "budget_pressure",
                              "built-in"]
    assert out[3].split() == ["circumstantial", "business_change"]
    rows = [line.split()[0] for line in out if line and not line.startswith(" ") and line.split()[0] in IDS]
    assert rows == IDS
    assert "7 playbooks, 0 from the workspace's playbooks/ folder." in out


def test_json_lists_every_playbook_with_its_source(empty: Path, run: Run) -> None:
    result = run("playbooks", "--format", "json", cwd=empty)
    rows = json.loads(result.out)
    assert [r["id"] for r in rows] == IDS
    first = rows[0]
    pb = builtin_playbooks()["budget-economic"].playbook
    assert first == {"id": "budget-economic", "title": pb.title, "scenario": pb.scenario,
                     "root_cause": "circumstantial",
                     "signals": ["budget_pressure", "business_change", "cancellation_request"],
                     "source": "built-in", "overrides_builtin": False,
                     "path": "saveplan.playbooks/budget-economic.yaml"}


def test_one_playbook_in_full(empty: Path, run: Run) -> None:
    result = run("playbooks", "failed-onboarding", cwd=empty)
    assert result.code == 0
    out = lines(result.out)
    assert out[:3] == [
        "failed-onboarding  Failed onboarding  (built-in: saveplan.playbooks/failed-onboarding.yaml)",
        "  Root cause  service_experience",
        "  Signals     usage_decline, engagement_decline, health_drop"]
    for heading in ["Scenario", "When to use it", "Investigate first", "Who is involved (our side)",
                    "Customer stakeholders to map (role, KPI)", "Actions", "Milestones", "Leading indicator",
                    "Commercial path (first move first)", "What success looks like", "After the save"]:
        assert heading in out, heading
    assert "  day 5   csm       Run a 45-minute workflow session with the new admin on their own data" in out
    assert "  Admin logins in week two: at least 3, checked day 10" in out
    assert "  1. renewal, when value demonstrated: Annual renewal at the current rate" in out
    assert out[-1] == ('Use it: saveplan new "ACCOUNT" --playbook failed-onboarding --renewal DATE --arr N '
                       "--owner ID")


def test_one_playbook_as_json_is_the_whole_playbook(empty: Path, run: Run) -> None:
    body = json.loads(run("playbooks", "champion-departure", "-f", "json", cwd=empty).out)
    loaded = builtin_playbooks()["champion-departure"]
    assert body == {**loaded.playbook.model_dump(mode="json"), "source": "built-in",
                    "overrides_builtin": False, "path": "saveplan.playbooks/champion-departure.yaml"}
    assert body["actions"][0]["due"] == "day 7" and body["leading_indicator"]["check"] == "day 14"


def test_an_unknown_id_is_a_usage_error_with_a_suggestion(empty: Path, run: Run) -> None:
    result = run("playbooks", "valu-roi", cwd=empty)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("saveplan: no playbook 'valu-roi'\n  hint: did you mean value-roi?")


def test_the_workspace_overrides_and_extends(tmp_path: Path, run: Run) -> None:
    (tmp_path / "playbooks").mkdir()
    text = (REPO / "playbooks" / "value-roi.yaml").read_text()
    (tmp_path / "playbooks" / "value-roi.yaml").write_text(text.replace("title: Value or ROI concern",
                                                                        "title: Our ROI play"))
    extra = text.replace("id: value-roi", "id: renewal-roi").replace("title: Value or ROI concern",
                                                                     "title: Renewal ROI")
    (tmp_path / "playbooks" / "renewal-roi.yaml").write_text(extra)
    (tmp_path / "plans").mkdir()
    rows = {r["id"]: r for r in json.loads(run("playbooks", "--format", "json", cwd=tmp_path).out)}
    assert sorted(rows) == sorted([*IDS, "renewal-roi"])
    assert (rows["value-roi"]["title"], rows["value-roi"]["source"], rows["value-roi"]["overrides_builtin"],
            rows["value-roi"]["path"]) == ("Our ROI play", "workspace", True, "playbooks/value-roi.yaml")
    assert (rows["renewal-roi"]["source"], rows["renewal-roi"]["overrides_builtin"]) == ("workspace", False)
    out = lines(run("playbooks", cwd=tmp_path).out)
    assert [line.split()[-1] for line in out if line.startswith("value-roi")] == ["workspace*"]
    assert ("8 playbooks, 2 from the workspace's playbooks/ folder (*: 1 replace the built-in one of the "
            "same id).") in " ".join(out)
    shown = lines(run("playbooks", "value-roi", cwd=tmp_path).out)
    assert shown[0] == ("value-roi  Our ROI play  (workspace, replaces the built-in one: "
                        "playbooks/value-roi.yaml)")


def test_a_broken_workspace_playbook_is_a_warning_and_the_rest_is_listed(tmp_path: Path, run: Run) -> None:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "plans").mkdir()
    (tmp_path / "playbooks" / "mine.yaml").write_text("id: mine\ntitle: [oops\n")
    result = run("playbooks", "--format", "json", cwd=tmp_path)
    assert result.code == 0
    assert [r["id"] for r in json.loads(result.out)] == IDS
    assert result.err.startswith("saveplan: warning: skipped the playbook playbooks/mine.yaml: "
                                 "playbooks/mine.yaml:2:1: SP100 YAML:")
    assert result.err.endswith("  hint: run `saveplan check playbooks/mine.yaml`\n")

"""`saveplan report PLAN`: the Markdown update on stdout, --for, --sent, --week-of, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..builders import GOLDEN, MIDPLAN_YAML, roster_yaml, write_tree
from ..conftest import Run

PLAN = Path("plans") / "northwind-analytics.yaml"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_tree(tmp_path / "ws", {"saveplan.yaml": roster_yaml("maria"), PLAN: MIDPLAN_YAML})
    monkeypatch.chdir(root)
    return root


def test_the_reference_plan_report(run: Run, ws: Path) -> None:
    result = run("report", "northwind-analytics", "--today", "2026-12-05")
    assert result.code == 0, result.err
    assert result.out == (GOLDEN / "report" / "northwind-midplan.md").read_text(encoding="utf-8")
    team = run("report", "northwind-analytics", "--for", "team", "--today", "2026-12-05")
    assert team.code == 0, team.err
    assert team.out == (GOLDEN / "report" / "northwind-midplan-team.md").read_text(encoding="utf-8")


def test_week_of_and_the_environment(run: Run, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAVEPLAN_TODAY", "2026-12-20")
    by_path = run("report", "plans/northwind-analytics.yaml", "--week-of", "2026-12-01")
    by_other_day = run("report", "northwind-analytics", "--week-of", "2026-12-06")
    assert by_path.code == by_other_day.code == 0
    assert by_path.out == by_other_day.out
    assert by_path.out.startswith("# Northwind Analytics: weekly update, week of 2026-11-30\n")
    assert "stands on 2026-12-06." in by_path.out


def test_sent_prints_then_records_the_update(run: Run, ws: Path) -> None:
    before = (ws / PLAN).read_text(encoding="utf-8")
    result = run("report", "northwind-analytics", "--sent", "--on", "2026-12-04", "--today", "2026-12-05")
    assert result.code == 0, result.err
    assert result.out == (GOLDEN / "report" / "northwind-midplan.md").read_text(encoding="utf-8")
    assert result.err == "plans/northwind-analytics.yaml:65: update to the customer recorded as sent " \
                         "on 2026-12-04\n"
    assert (ws / PLAN).read_text(encoding="utf-8") == before + (
        "updates:\n  - {on: 2026-12-04, to: customer}\n")
    # the team's view, today: a second line; the same again writes nothing
    assert run("report", "northwind-analytics", "--for", "team", "--sent", "--today", "2026-12-05").code == 0
    again = run("report", "northwind-analytics", "--for", "team", "--sent", "--today", "2026-12-05")
    assert again.code == 0
    assert again.err.endswith("already recorded; nothing written\n")
    assert (ws / PLAN).read_text(encoding="utf-8") == before + (
        "updates:\n  - {on: 2026-12-04, to: customer}\n  - {on: 2026-12-05, to: team}\n")


def test_sent_silences_sp305(run: Run, ws: Path) -> None:
    import json

    def codes() -> set[str]:
        out = run("check", "--format", "json", "--today", "2026-12-05").out
        return {f["code"] for f in json.loads(out)["findings"]}

    assert "SP305" in codes()
    assert run("report", "northwind-analytics", "--sent", "--today", "2026-12-05").code == 0
    assert "SP305" not in codes()


def test_a_placeholder_stops_the_customer_update_not_the_team_view(run: Run, ws: Path) -> None:
    text = (ws / PLAN).read_text(encoding="utf-8").replace(
        "name: Priya Shah", "name: Economic buyer (name to confirm)")
    (ws / PLAN).write_text(text, encoding="utf-8")
    result = run("report", "northwind-analytics", "--sent", "--today", "2026-12-05")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("saveplan: plans/northwind-analytics.yaml is not ready to send to the "
                                 "customer: stakeholder 1 (economic buyer) is named 'Economic buyer "
                                 "(name to confirm)'")
    assert (ws / PLAN).read_text(encoding="utf-8") == text
    team = run("report", "northwind-analytics", "--for", "team", "--today", "2026-12-05")
    assert team.code == 0 and "Not ready to send to the customer" in team.out


@pytest.mark.parametrize(("args", "message"), [
    (("report", "nosuch"), "saveplan: no plan 'nosuch' in plans"),
    (("report", "northwind-analytics", "--week-of", "someday"),
     "saveplan: --week-of 'someday' is not a date"),
    (("report", "northwind-analytics", "--on", "2026-12-01"),
     "saveplan: --on is the date an update was sent: use it with --sent"),
    (("report", "northwind-analytics", "--sent", "--on", "2026-12-06"),
     "saveplan: --on 2026-12-06: 2026-12-06 is after today (2026-12-05)"),
    (("report", "northwind-analytics", "--sent", "--on", "2026-11-22"),
     "saveplan: --on 2026-11-22: 2026-11-22 is before the plan started (2026-11-23)"),
    (("report", "northwind-analytics", "--for", "board"), ""),
])
def test_refusals(run: Run, ws: Path, args: tuple[str, ...], message: str) -> None:
    before = (ws / PLAN).read_bytes()
    result = run(*args, "--today", "2026-12-05")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(message)
    assert (ws / PLAN).read_bytes() == before


def test_a_closed_plan_is_reported_but_not_sent(run: Run, ws: Path) -> None:
    text = (ws / PLAN).read_text(encoding="utf-8").replace("status: active", "status: saved")
    (ws / PLAN).write_text(text + "outcome:\n  on: 2026-12-04\n  arr: 84000\n", encoding="utf-8")
    assert run("report", "northwind-analytics", "--today", "2026-12-05").code == 0
    refused = run("report", "northwind-analytics", "--sent", "--today", "2026-12-05")
    assert (refused.code, refused.out) == (2, "")
    assert refused.err.startswith("saveplan: plans/northwind-analytics.yaml is closed (saved)")


def test_the_report_of_a_saved_plan_speaks_of_the_recovery(workspace: Path, run: Run) -> None:
    result = run("report", "woodgrove-bank", "--today", "2026-12-02", cwd=workspace)
    assert result.code == 0, result.err
    assert ("We renewed together on 2026-11-20. We stay in close touch until 2027-02-18, to make "
            "sure every commitment we made is delivered; the next check-ins are below.") in result.out
    assert ("## Next steps\n\n- Our 30-day check-in: Tomas Berg, on 2026-12-20\n"
            "- Our 60-day review: Tomas Berg, on 2027-01-19\n"
            "- Our 90-day business review: Tomas Berg, on 2027-02-18\n") in result.out

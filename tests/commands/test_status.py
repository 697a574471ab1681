"""`saveplan status [PLAN]`: the list, one plan in detail, JSON, broken and closed plans."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from ..conftest import GOLDEN, Run, roster_yaml

ROSTER = roster_yaml("maria", "tomas", "rachel")
UPDATE = os.environ.get("SAVEPLAN_UPDATE_GOLDEN") == "1"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two open plans (Northwind at day 12 of the METHOD example, Proseware), a closed one."""
    root = tmp_path / "ws"
    (root / "plans").mkdir(parents=True)
    (root / "saveplan.yaml").write_text(ROSTER, encoding="utf-8")
    shutil.copy(GOLDEN / "report" / "northwind-midplan.yaml", root / "plans" / "northwind-analytics.yaml")
    shutil.copy(GOLDEN / "edit" / "input" / "proseware.yaml", root / "plans" / "proseware.yaml")
    closed = (GOLDEN / "edit" / "input" / "reference.yaml").read_text(encoding="utf-8")
    closed = closed.replace("name: Northwind Analytics", "name: Woodgrove Bank").replace(
        "status: active", "status: saved\noutcome: {on: 2026-11-30}")
    (root / "plans" / "woodgrove-bank.yaml").write_text(closed, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_the_list_most_urgent_first(run: Run, ws: Path) -> None:
    result = run("status", "--today", "2026-12-05")
    assert result.code == 0, result.err
    lines = [line.rstrip() for line in result.out.splitlines()]
    assert lines == [
        "Open save plans on 2026-12-05: 2 (1 red, 1 green); 1 closed not shown",
        "Light    Account              Owner  Renewal in  Window         Indicator  Overdue  Next action",
        "─" * 120,
        "● red    Northwind Analytics  maria        72 d  compressed     off track        1  "
        "2026-12-03 #2 Admin completes three…",
        "● green  Proseware            tomas       146 d  comprehensive  on track         -  "
        "2026-12-07 #3 (fix) Deploy release …",
        "One plan in detail: saveplan status PLAN",
    ]


def test_json_rows(run: Run, ws: Path) -> None:
    result = run("status", "--format", "json", "--today", "2026-12-05")
    assert result.code == 0
    rows = json.loads(result.out)
    assert [(r["path"], r["account"], r["indicator"], r["light"], r["days_to_renewal"], r["window"],
             r["overdue"]) for r in rows] == [
        ("plans/northwind-analytics.yaml", "Northwind Analytics", "off_track", "red", 72, "compressed", 1),
        ("plans/proseware.yaml", "Proseware", "on_track", "green", 146, "comprehensive", 0),
    ]
    assert rows[0]["owner"] == "maria" and rows[0]["next_action"]["number"] == 2


def test_today_from_the_environment(run: Run, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAVEPLAN_TODAY", "2026-12-02")
    rows = json.loads(run("status", "-f", "json").out)
    northwind = next(r for r in rows if r["account"] == "Northwind Analytics")
    assert (northwind["indicator"], northwind["days_to_renewal"]) == ("pending", 75)


def test_a_plan_that_does_not_load_is_listed_not_fatal(run: Run, ws: Path) -> None:
    (ws / "plans" / "broken.yaml").write_text("account: [\n", encoding="utf-8")
    result = run("status", "--today", "2026-12-05")
    assert result.code == 0
    assert "Open save plans on 2026-12-05: 3 (1 red, 1 green, 1 invalid)" in result.out
    assert "plans/broken.yaml" in result.out and "invalid" in result.out
    assert re.search(r"\nplans/broken\.yaml does not load \(line \d+: SP100 YAML: [^\n]*\): run "
                     r"`saveplan check plans/broken\.yaml`\n", result.out)
    rows = json.loads(run("status", "-f", "json", "--today", "2026-12-05").out)
    assert rows[0] == {
        "path": "plans/broken.yaml", "slug": "broken", "account": None, "owner": None, "status": None,
        "valid": False, "indicator": None, "light": "red", "reasons": ["the plan does not load"],
        "days_to_renewal": None, "window": None, "next_action": None, "overdue": None,
        "error": rows[0]["error"], "hint": "saveplan check plans/broken.yaml"}
    assert re.match(r"line \d+: SP100 YAML: ", rows[0]["error"])


def test_one_plan_in_detail(run: Run, ws: Path) -> None:
    result = run("status", "northwind-analytics", "--today", "2026-12-05")
    assert result.code == 0, result.err
    text = "\n".join(line.rstrip() for line in result.out.splitlines()) + "\n"
    golden = GOLDEN / "status" / "northwind-analytics.txt"
    if UPDATE:  # pragma: no cover
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_one_plan_as_json_has_advice_and_timeline(run: Run, ws: Path) -> None:
    result = run("status", "plans/northwind-analytics.yaml", "-f", "json", "--today", "2026-12-05")
    [row] = json.loads(result.out)
    assert row["indicator"] == "off_track"
    assert "short unblock call with Lee Park (champion) before 2026-12-07" in row["advice"][0]
    assert [e["kind"] for e in row["timeline"]] == [
        "start", "done", "overdue", "check", "today", "due", "renewal"]


def test_a_closed_plan_in_detail(run: Run, ws: Path) -> None:
    result = run("status", "woodgrove-bank", "--today", "2026-12-05")
    assert result.code == 0
    assert result.out.startswith("Woodgrove Bank  saved on 2026-11-30 (closed)\n")
    assert "What the method suggests" not in result.out


@pytest.mark.parametrize(("args", "message"), [
    (("status", "nosuch"), r"saveplan: no plan 'nosuch' in plans\n  hint: known plans: broken, "
                           r"northwind-analytics, proseware, woodgrove-bank\n"),
    (("status", "broken"), r"saveplan: plans/broken\.yaml:\d+:\d+: SP100 YAML: .*\n  hint: run `saveplan "
                           r"check plans/broken\.yaml` and fix it first\n"),
    (("status", "--today", "someday"), r"saveplan: --today 'someday' is not a date\n"
                                       r"  hint: the forms saveplan reads: YYYY-MM-DD \(2027-02-15\), .*\n"),
])
def test_problems_exit_2_with_a_message(run: Run, ws: Path, args: tuple[str, ...], message: str) -> None:
    (ws / "plans" / "broken.yaml").write_text("account: [\n", encoding="utf-8")
    result = run(*args)
    assert (result.code, result.out) == (2, "")
    assert re.fullmatch(message, result.err), result.err


def test_no_plans_at_all(run: Run, tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    result = run("status", cwd=tmp_path)
    assert result.code == 2 and "no plan found" in result.err

"""`saveplan status [PLAN]`: the list, one plan in detail, JSON, broken and closed plans."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from ..builders import EDIT_INPUT, GOLDEN, MIDPLAN_YAML, roster_yaml, write_tree
from ..conftest import Run

ROSTER = roster_yaml("maria", "tomas", "rachel")
UPDATE = os.environ.get("SAVEPLAN_UPDATE_GOLDEN") == "1"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two open plans (Northwind at day 12 of the METHOD example, Proseware), a closed one."""
    closed = (EDIT_INPUT / "reference.yaml").read_text(encoding="utf-8")
    closed = closed.replace("name: Northwind Analytics", "name: Woodgrove Bank").replace(
        "status: active", "status: saved\noutcome: {on: 2026-11-30, arr: 84000}")
    root = write_tree(tmp_path / "ws", {"saveplan.yaml": ROSTER,
                                        "plans/northwind-analytics.yaml": MIDPLAN_YAML,
                                        "plans/proseware.yaml": EDIT_INPUT / "proseware.yaml",
                                        "plans/woodgrove-bank.yaml": closed})
    monkeypatch.chdir(root)
    return root


def test_the_list_most_urgent_first(run: Run, ws: Path) -> None:
    result = run("status", "--today", "2026-12-05")
    assert result.code == 0, result.err
    lines = [line.rstrip() for line in result.out.splitlines()]
    assert lines == [
        "Open save plans on 2026-12-05: 2 (1 red, 1 green)",
        # at 120 columns the next action would be cut to a stub: it goes under the table
        "Light    Account              Owner  Renewal in  Window         Indicator  Overdue",
        "─" * 82,
        "● red    Northwind Analytics  maria        72 d  compressed     off track        1",
        "● green  Proseware            tomas       146 d  comprehensive  on track         -",
        "Next actions:",
        "  Northwind Analytics: 2026-12-03 #2 Admin completes three reports independently (Lee Park)",
        "  Proseware: 2026-12-07 #3 (fix) Deploy release 4.13 to their tenant and confirm the sync with a "
        "test batch of 20 users",
        "(tomas)",
        "After the outcome: 1 (recovery and win-back)",
        "Light    Account         Owner  Outcome           Stage        Next touch",
        "─" * 102,
        "● green  Woodgrove Bank  maria  saved 2026-11-30  in recovery  "
        "2026-12-30 30-day check-in (in 25 days)",
        "One plan in detail: saveplan status PLAN",
    ]


def _finish_recovery(ws: Path) -> None:
    """Woodgrove's three follow-ups recorded: after its recovery period it needs nothing."""
    path = ws / "plans" / "woodgrove-bank.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "touches:\n"
                    "  - {on: 2026-12-30, kind: check_in}\n  - {on: 2027-01-29, kind: review}\n"
                    "  - {on: 2027-02-28, kind: business_review}\n", encoding="utf-8")


def test_a_closed_plan_that_needs_nothing_is_left_out_unless_all(run: Run, ws: Path) -> None:
    _finish_recovery(ws)
    result = run("status", "--today", "2027-03-05")
    assert result.out.splitlines()[0] == ("Open save plans on 2027-03-05: 2 (1 red, 1 yellow); "
                                          "1 closed not shown")
    assert "Woodgrove" not in result.out
    rows = json.loads(run("status", "--all", "--format", "json", "--today", "2027-03-05").out)
    assert [(r["account"], r["stage"], r["next_touch"], r["light"]) for r in rows] == [
        ("Northwind Analytics", "active", None, "red"),
        ("Proseware", "active", None, "yellow"),
        ("Woodgrove Bank", "closed", None, "yellow"),  # closed, but the debrief is late (SP502)
    ]
    listed = run("status", "--all", "--today", "2027-03-05").out
    assert "After the outcome: 1 (recovery and win-back)" in listed and "Woodgrove Bank" in listed


def test_json_rows(run: Run, ws: Path) -> None:
    result = run("status", "--format", "json", "--today", "2026-12-05")
    assert result.code == 0
    rows = json.loads(result.out)
    assert [(r["path"], r["account"], r["indicator"], r["light"], r["days_to_renewal"], r["window"],
             r["overdue"]) for r in rows] == [
        ("plans/northwind-analytics.yaml", "Northwind Analytics", "off_track", "red", 72, "compressed", 1),
        ("plans/proseware.yaml", "Proseware", "on_track", "green", 146, "comprehensive", 0),
        ("plans/woodgrove-bank.yaml", "Woodgrove Bank", "missed", "green", 72, "compressed", 0),
    ]
    assert [(r["status"], r["stage"], r["next_touch"]) for r in rows] == [
        ("active", "active", None), ("active", "active", None),
        ("saved", "recovery", {"kind": "check_in", "on": "2026-12-30"})]
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
    result = run("status", "woodgrove-bank", "--today", "2027-01-10")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[:4] == [
        "Woodgrove Bank  saved on 2026-11-30 (in recovery)  ● red",
        "plans/woodgrove-bank.yaml · saved · owner Maria Lopez (maria) · ARR 84,000",
        "Renewal 2027-02-15",
        "Indicator: missed: Admin logins in week two, target at least 3 (check 2026-12-03, passed)",
    ]
    at = lines.index("After the outcome")
    assert lines[at - 2:at + 7] == [
        "Light red: the 30-day check-in is 11 days late",
        "",
        "After the outcome",
        "  2026-12-30  30-day check-in         late by 11 days: saveplan touch woodgrove-bank check_in",
        "  2027-01-29  60-day review           in 19 days: saveplan touch woodgrove-bank review",
        "  2027-02-28  90-day business review  in 49 days: saveplan touch woodgrove-bank business_review",
        "  Recovery until 2027-02-28: a touch at least every 14 days; last contact 2026-11-30, next by "
        "2026-12-14 (late) (saveplan touch woodgrove-bank health_check)",
        "  Debrief by 2026-12-14 (late): add outcome.debrief with worked, missed and change to the plan",
        "",
    ]
    assert "overdue by" not in result.out  # the save attempt is over: its actions are not late
    assert lines[-4:] == [
        "What the method suggests",
        "  - The 30-day check-in was due 2026-12-30: make the contact and record it with `saveplan "
        "touch woodgrove-bank check_in`.",
        "  - No touch in 41 days of the recovery period: check in and record it with `saveplan touch "
        "woodgrove-bank health_check`; deliver every promise.",
        "  - Write the debrief under outcome: debrief: worked (what worked), missed (which signals were "
        "missed, for how long), change (what the team will do differently).",
    ]
    row = json.loads(run("status", "woodgrove-bank", "--format", "json", "--today", "2027-01-10").out)[0]
    assert row["schedule"] == [
        {"kind": "check_in", "on": "2026-12-30", "label": "30-day check-in", "done": None, "late": True},
        {"kind": "review", "on": "2027-01-29", "label": "60-day review", "done": None, "late": False},
        {"kind": "business_review", "on": "2027-02-28", "label": "90-day business review", "done": None,
         "late": False}]


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


def test_a_narrow_terminal_gets_a_list_that_keeps_every_field(run: Run, ws: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = run("status", "--today", "2026-12-05")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[1] == "● red Northwind Analytics (maria)"
    assert lines[2].startswith("    renewal in 72 d (compressed), indicator off track, 1")
    open_part = result.out.split("After the outcome")[0]
    assert "Proseware" in open_part and "Light " not in open_part  # no table to lose a column

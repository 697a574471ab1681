"""`saveplan triage`: formats, --explain, exit codes, broken plans and settings."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from saveplan.commands.triage import triage

from ..builders import roster_yaml, write_tree
from ..conftest import Run

ROSTER = roster_yaml("maria", "sam")


def plan_text(name: str, arr: int, renewal: str = "2027-02-15", *, probability: str | None = None,
              signals: tuple[str, ...] = ("usage_decline", "champion_left"), status: str = "active",
              category: str = "service_experience", sponsor: bool = True, last_due: str = "day 14") -> str:
    sig = "".join(f"    - type: {s}\n" for s in signals)
    prob = f"  probability: {probability}\n" if probability else ""
    exec_sponsor = "  - {role: executive_sponsor, name: Ana Ruiz}\n" if sponsor else ""
    return f"""\
version: 1
account:
  name: {name}
  arr: {arr}
  renewal_date: {renewal}
owner: maria
status: {status}
started: 2026-11-23
risk:
  signals:
{sig}{prob}  root_cause:
    category: {category}
stakeholders:
  - {{role: economic_buyer, name: Priya Shah}}
  - {{role: champion, name: Lee Park}}
{exec_sponsor}actions:
  - {{do: Workflow session, owner: maria, due: day 5}}
  - {{do: Three reports, owner: Lee Park, due: day 10}}
  - {{do: Usage summary, owner: maria, due: {last_due}}}
leading_indicator: {{metric: Admin logins, target: 3, check: day 10}}
commercial_path:
  - {{when: value shown, kind: renewal, offer: Annual renewal}}
"""


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Four open plans, one saved; the current folder."""
    plans = {
        "big": plan_text("Big Corp", 250000, probability="high"),
        "tiny": plan_text("Tiny Co", 4000, probability="low"),
        "mid": plan_text("Mid | Size", 30000, "2026-12-20",
                         signals=("usage_decline", "health_drop", "negative_feedback")),
        "slow": plan_text("Slow Ltd", 8000, "2027-06-01", probability="high", last_due="day 60"),
        "done": plan_text("Done Inc", 90000, status="saved"),
    }
    root = write_tree(tmp_path / "ws", {"saveplan.yaml": ROSTER,
                                        **{f"plans/{slug}.yaml": text for slug, text in plans.items()}})
    monkeypatch.chdir(root)
    return root


def rows(out: str) -> dict[str, dict[str, Any]]:
    return {row["path"]: row for row in json.loads(out)}


def test_json_rows_in_review_order(ws: Path, run: Run) -> None:
    result = run("triage", "--format", "json", "--today", "2026-11-25")
    assert (result.code, result.err) == (0, "")
    data = json.loads(result.out)
    assert [r["path"] for r in data] == ["plans/mid.yaml", "plans/big.yaml", "plans/slow.yaml",
                                         "plans/tiny.yaml"]
    got = {r["path"]: {k: r[k] for k in ("value_tier", "probability", "probability_source", "effort",
                                         "window", "days_to_renewal", "strikes", "review",
                                         "expected_value", "graceful_exit")} for r in data}
    assert got == {
        "plans/mid.yaml": {"value_tier": "medium", "probability": "low", "probability_source": "derived",
                           "effort": "light", "window": "emergency", "days_to_renewal": 25,
                           "strikes": 3, "review": True, "expected_value": 5250,
                           "graceful_exit": False},
        "plans/big.yaml": {"value_tier": "high", "probability": "high", "probability_source": "given",
                           "effort": "full", "window": "compressed", "days_to_renewal": 82,
                           "strikes": 2, "review": False, "expected_value": 175000,
                           "graceful_exit": False},
        "plans/slow.yaml": {"value_tier": "low", "probability": "high", "probability_source": "given",
                            "effort": "light", "window": "comprehensive", "days_to_renewal": 188,
                            "strikes": 2, "review": False, "expected_value": 5600,
                            "graceful_exit": False},
        "plans/tiny.yaml": {"value_tier": "low", "probability": "low", "probability_source": "given",
                            "effort": "none", "window": "compressed", "days_to_renewal": 82,
                            "strikes": 2, "review": False, "expected_value": 700,
                            "graceful_exit": True},
    }
    slow = rows(result.out)["plans/slow.yaml"]
    assert slow["fit"] == ["a light save planned over 60 days (light is 7-14 days): tighten the "
                           "actions or revisit the effort"]
    assert slow["effort_meaning"] == {"who": "CSM only", "approach": "one conversation",
                                      "min_days": 7, "max_days": 14}
    assert rows(result.out)["plans/mid.yaml"]["reasons"]["probability"][-1] == {
        "points": -1, "reason": "3 signals: several signals together are real risk (three strikes)"}


def test_text_table_at_140_columns(ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "140")
    result = run("triage", "--today", "2026-11-25")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Risk review, 2026-11-25: 4 open plans, 1 for review (three strikes), " \
                       "1 graceful-exit candidate"
    assert lines[2].split() == ["#", "Account", "Owner", "Renewal", "Days", "Window", "Value", "Prob.",
                                "Effort", "Light", "Indicator", "Late", "Strikes", "Exp.", "value"]
    assert lines[3].split() == ["1", "Mid", "|", "Size", "maria", "2026-12-20", "25", "emergency",
                                "medium", "low*", "light", "red", "pending", "0", "3", "review", "5,250"]
    assert lines[4].split()[:3] == ["2", "Big", "Corp"]
    assert lines[5].split()[:3] + lines[5].split()[9:10] == ["3", "Slow", "Ltd", "light!"]
    assert "Tiny Co" not in "\n".join(lines[3:7])  # not in the table: a graceful-exit candidate
    assert "* derived from the plan (see --explain)" in lines
    text = result.out
    assert ("! Does not fit its effort level or window:\n  Slow Ltd (plans/slow.yaml)\n"
            "    - a light save planned over 60 days (light is 7-14 days): tighten the actions or "
            "revisit the effort\n") in text
    assert ("Candidates for a graceful exit (value and probability both low):\n"
            "  Tiny Co (plans/tiny.yaml, owner maria)\n") in text
    assert ("Effort levels:\n"
            "  full      executives involved, custom remedies, 30-90 days\n"
            "  light     CSM only, one conversation, 7-14 days\n") in text
    flat = " ".join(text.split())
    assert ("To decide (full effort): Big Corp (plans/big.yaml) Does Ana Ruiz (executive sponsor) "
            "join the value briefing? Which custom remedy is ready if Admin logins misses on 2026-12-03 "
            "(pending now)? 82 days to renewal.") in flat
    assert ("Totals: ARR at risk 292,000; expected ARR saved 186,550; per window: 1 emergency, 2 "
            "compressed, 1 comprehensive; per effort: 1 full, 2 light, 1 none") in flat
    assert not any(line.endswith(" ") for line in lines)


def test_text_list_on_a_narrow_terminal(ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = run("triage", "--today", "2026-11-25").out
    assert (" 1. Mid | Size (maria): light effort\n"
            "    value medium, probability low*, expected value 5,250\n"
            "    emergency window, 25 days to renewal, 3 strikes (review)\n"
            "    red light, indicator pending, 0 overdue\n") in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_explain_prints_the_scored_table(ws: Path, run: Run) -> None:
    out = run("triage", "--explain", "--today", "2026-11-25").out
    assert """\
Mid | Size  plans/mid.yaml
  value tier   medium: ARR 30,000 is at or above the medium threshold (10,000), below high (50,000)
  probability  low, derived by the rule:
               +0  root cause service_experience: fixable with time
               +1  economic buyer and champion mapped: stakeholders engaged
               -1  3 signals: several signals together are real risk (three strikes)
               = 0: medium (high at 2 or more, low at -1 or less)
               then emergency window: one level lower, medium -> low (low odds)
  effort       light: value medium, probability low: one of them is low
               CSM only, one conversation, 7-14 days
  window       emergency: 25 days to renewal; under 30 is emergency: emergency mode, low odds
  strikes      3: three strikes, a save plan review
  expected     5,250 = ARR 30,000 x 0.175 (low)
""" in out
    assert "Big Corp  plans/big.yaml\n" in out
    assert "  probability  high, given in the plan; the rule says medium:\n" in out


def test_markdown_agenda(ws: Path, run: Run) -> None:
    result = run("triage", "--format", "markdown", "--today", "2026-11-25")
    assert result.code == 0
    md = result.out
    assert md.startswith("# Risk review agenda, 2026-11-25\n\n4 open plans, 1 for review (three strikes), "
                         "1 graceful-exit candidate. In the order to discuss them")
    assert ("| 1 | Mid \\| Size | maria | 2026-12-20 | 25 | emergency | medium | low (derived) | "
            "light | red | pending | 0 | 3 (review) | 5,250 |") in md
    assert "## 1. Mid \\| Size (light effort)\n" in md  # plan text escaped for Markdown
    assert "- Light red; indicator pending; 0 actions overdue\n" in md
    assert ("- To decide: Does Ana Ruiz \\(executive sponsor\\) join the value briefing? Which custom "
            "remedy is ready if Admin logins misses on 2026-12-03 \\(pending now\\)? 82 days to "
            "renewal.\n") in md
    assert md.count("- To decide: what is the one conversation, and by when?\n") == 2
    assert ("## Totals\n\n- ARR at risk 292,000\n- expected ARR saved 186,550\n"
            "- per window: 1 emergency, 2 compressed, 1 comprehensive\n"
            "- per effort: 1 full, 2 light, 1 none\n") in md
    assert "- Three strikes: 3 risk signals, review the save plan\n" in md
    assert "## 3. Slow Ltd (light effort)\n" in md
    assert "- Does not fit: a light save planned over 60 days" in md
    assert "## Candidates for a graceful exit\n\n- **Tiny Co** (`plans/tiny.yaml`, owner maria)" in md
    assert "Why:" not in md
    assert "  Why:\n\n  ```\n  value tier   high:" in run("triage", "-f", "markdown", "--explain").out


def test_closed_plans_are_left_out_and_none_open_is_fine(ws: Path, run: Run) -> None:
    assert "plans/done.yaml" not in rows(run("triage", "-f", "json", "--today", "2026-11-25").out)
    for slug in ("big", "tiny", "mid", "slow"):
        (ws / "plans" / f"{slug}.yaml").unlink()
    assert run("triage", "-f", "json").out == "[]\n"
    result = run("triage")
    assert (result.code, result.out) == (0, "No open plans to triage (triage ranks plans that are draft "
                                            "or active).\n")


def test_a_broken_plan_is_listed_not_a_crash(ws: Path, run: Run) -> None:
    (ws / "plans" / "bad.yaml").write_text("account:\n  name: Bad\n  arr: lots\n")
    result = run("triage", "--today", "2026-11-25")
    assert result.code == 0
    assert "Not triaged: 1 plan did not load; fix with `saveplan check`:\n  plans/bad.yaml:" in result.out
    as_json = run("triage", "-f", "json", "--today", "2026-11-25")
    assert as_json.code == 0 and len(json.loads(as_json.out)) == 4
    assert as_json.err.startswith("saveplan: plans/bad.yaml not triaged: SP10")
    assert "(run `saveplan check plans/bad.yaml`)" in as_json.err
    md = run("triage", "-f", "markdown").out
    assert "## Not triaged: fix with `saveplan check`\n\n- `plans/bad.yaml` line" in md
    (ws / "plans" / "worse.yaml").write_bytes(b"\xff\xfe: [")
    result = run("triage")
    assert result.code == 0 and "Traceback" not in result.out + result.err


def test_settings_come_from_saveplan_yaml(ws: Path, run: Run) -> None:
    (ws / "saveplan.yaml").write_text(ROSTER + "value_tiers: {high: 300000, medium: 5000}\n"
                                      "windows: {comprehensive: 80, compressed: 20}\n"
                                      "probability_midpoints: {high: 0.8}\n")
    got = rows(run("triage", "-f", "json", "--today", "2026-11-25").out)
    assert (got["plans/big.yaml"]["value_tier"], got["plans/big.yaml"]["window"],
            got["plans/big.yaml"]["expected_value"]) == ("medium", "comprehensive", 200000)
    assert got["plans/mid.yaml"]["window"] == "compressed"
    assert got["plans/slow.yaml"]["value_tier"] == "medium"


@pytest.mark.parametrize(("setting", "line"), [
    ("value_tiers: {high: lots, medium: 10000}\n", 5),
    ("windows:\n  comprehensive: 90\n  compresed: 30\n", 7),
    ("probability_midpoints: {high: 1.5}\n", 5),
])
def test_a_bad_setting_is_an_error_with_file_and_line(ws: Path, run: Run, setting: str, line: int) -> None:
    (ws / "saveplan.yaml").write_text(ROSTER + setting)
    for command in ("triage", "concessions"):
        result = run(command, "--today", "2026-11-25") if command == "triage" else run(command)
        assert result.code == 2, result.err
        assert result.out == ""
        assert result.err.startswith(f"saveplan: saveplan.yaml:{line}:")
        assert "hint: run `saveplan check` to see every problem" in result.err


def test_today_from_the_environment(ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAVEPLAN_TODAY", "2027-01-15")
    assert rows(run("triage", "-f", "json").out)["plans/big.yaml"]["days_to_renewal"] == 31


@pytest.mark.parametrize(("args", "says"), [
    (["triage", "--today", "someday"], "--today 'someday' is not a date"),
    (["triage", "--format", "yaml"], "Invalid value for '--format'"),
    (["triage", "--workspace", "nowhere"], "--workspace nowhere: no such folder"),
])
def test_usage_problems_exit_2(ws: Path, run: Run, args: list[str], says: str) -> None:
    result = run(*args)
    assert result.code == 2
    assert says in result.err


def test_no_plans_folder_exits_2(tmp_path: Path, run: Run) -> None:
    result = run("triage", cwd=tmp_path)
    assert result.code == 2
    assert "no plans/ folder" in result.err


def test_callable_without_the_cli(ws: Path) -> None:
    out = io.StringIO()
    assert triage(fmt="json", today="2026-11-25", out=out) == 0
    assert len(json.loads(out.getvalue())) == 4


def test_help_teaches(run: Run) -> None:
    result = run("triage", "--help")
    assert result.code == 0
    assert "saveplan triage --format markdown > agenda.md" in result.out


def test_names_are_printed_as_written_not_as_markup(ws: Path, run: Run,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (ws / "plans" / "big.yaml").write_text(plan_text("'[red]Big[/red] Corp'", 250000, probability="high"))
    out = run("triage", "--today", "2026-11-25", "--explain").out
    assert out.count("[red]Big[/red] Corp") == 3  # the table, what to decide and the explanation
    monkeypatch.setenv("COLUMNS", "80")
    assert "[red]Big[/red] Corp (maria)" in run("triage", "--today", "2026-11-25").out

"""saveplan/render/status.py and saveplan/render/triage.py: the lines `status` and `triage`
print, exactly, from what saveplan.status and saveplan.triage decide (no CLI, no files)."""

from __future__ import annotations

import ast
import io
import json
from datetime import date
from pathlib import Path

import pytest

from saveplan.findings import Finding
from saveplan.models import WorkspaceConfig
from saveplan.plans import BrokenPlan
from saveplan.render import status as rs
from saveplan.render import triage as rt
from saveplan.status import PlanStatus, listing, plan_status, timeline_events
from saveplan.triage import triage, triage_plan
from tests.conftest import REPO
from tests.test_status import CHECK, CONFIG
from tests.test_status import make as status_plan
from tests.test_triage import DEFAULTS, TODAY, signals
from tests.test_triage import make as triage_plan_of

DAY = date(2026, 12, 5)
BROKEN = BrokenPlan(Path("plans/broken.yaml"),
                    [Finding("SP100", "not YAML: a tab", path="plans/broken.yaml", line=4, column=2)])


def behind_status() -> PlanStatus:
    """The reference plan on 2026-12-05: action 1 done, 2 overdue, one reading of 2 (target 3)."""
    return plan_status(status_plan([(CHECK, 2)], done=(0,)), CONFIG, DAY, path="plans/northwind.yaml",
                       slug="northwind")


# -- status: the lines of one plan ------------------------------------------------------------

def test_indicator_line_says_state_latest_bound_and_check() -> None:
    assert rs.indicator_line(behind_status()) == (
        "Indicator: off track: Admin logins in week two, latest 2 on 2026-12-03, target at least 3 "
        "(check 2026-12-03, passed)")
    pending = plan_status(status_plan(direction="at_most", target=1.5), CONFIG, CHECK)
    assert rs.indicator_line(pending) == ("Indicator: pending: Admin logins in week two, target at most 1.5 "
                                          "(check 2026-12-03, today)")


def test_renewal_line_counts_days_left_or_passed() -> None:
    assert rs.renewal_line(behind_status()) == "Renewal 2027-02-15: 72 days left, compressed window"
    late = plan_status(status_plan(renewal_date=date(2026, 12, 1)), CONFIG, DAY)
    assert rs.renewal_line(late) == "Renewal 2026-12-01: passed 4 days ago, emergency window"


def test_next_text_names_the_next_action_or_says_all_done() -> None:
    assert rs.next_text(behind_status()) == "2026-12-03 #2 Admin completes three reports (Lee Park)"
    assert rs.next_text(plan_status(status_plan(done=(0, 1, 2)), CONFIG, DAY)) == "all actions done"


def test_timeline_marks_in_order() -> None:
    st = behind_status()
    assert "".join(rs.mark(e) for e in timeline_events(st, CONFIG)) == "├✓!◆▼○┤"


def test_detail_prints_every_section_exactly() -> None:
    out = io.StringIO()
    rs.print_detail(behind_status(), CONFIG, out)
    assert out.getvalue().splitlines() == [
        "Northwind Analytics  ● red",
        "plans/northwind.yaml · active · owner Maria Lopez (maria) · ARR 84,000",
        "Renewal 2027-02-15: 72 days left, compressed window",
        "Indicator: off track: Admin logins in week two, latest 2 on 2026-12-03, target at least 3 "
        "(check 2026-12-03, passed)",
        "Light red: the indicator is off track",
        "",
        "Timeline",
        "  2026-11-23 ├───✓──!▼─○" + "─" * 48 + "┤ 2027-02-15",
        "  ├ 2026-11-23  start (day 0)",
        "  ✓ 2026-11-28  action 1: Workflow session with the new admin (Maria Lopez): done 2026-11-27",
        "  ! 2026-12-03  action 2: Admin completes three reports (Lee Park): overdue by 2 days",
        "  ◆ 2026-12-03  indicator check: Admin logins in week two, target at least 3",
        "  ▼ 2026-12-05  today (day 12)",
        "  ○ 2026-12-07  action 3: Usage summary for the VP (Maria Lopez): due in 2 days",
        "  ┤ 2027-02-15  renewal (72 days left)",
        "  ✓ done   ○ due   ! overdue   ◆ indicator check   ▼ today",
        "",
        "Readings: Admin logins in week two (target at least 3)",
        "  2026-12-03  2  ████████████████████··········|  misses by 1",
        "",
        "What the method suggests",
        "  - The indicator is off track (2 against a target of at least 3): book a short unblock call with "
        "Lee Park (champion) before 2026-12-07 (Usage summary for the VP), find what blocks them, then read "
        "the indicator again.",
        "  - If it does not recover, the commercial path's next move is plan swap: Lighter tier (when "
        "adoption still low).",
        "  - Overdue: action 2. Do it, or mark it with `saveplan done northwind N`; one broken promise ends "
        "a save.",
    ]


def test_detail_json_adds_advice_schedule_and_timeline() -> None:
    row = rs.detail_json(behind_status(), CONFIG)
    assert row["schedule"] == []
    assert row["advice"][2].startswith("Overdue: action 2. Do it,")  # type: ignore[index]
    assert row["timeline"][2] == {"date": "2026-12-03", "kind": "overdue",  # type: ignore[index]
                                  "text": "action 2: Admin completes three reports (Lee Park): "
                                          "overdue by 2 days"}
    out = io.StringIO()
    rs.write_detail_json(behind_status(), CONFIG, out)
    assert json.loads(out.getvalue()) == [json.loads(json.dumps(row))]


# -- status: the list ---------------------------------------------------------------------------

def test_headline_counts_lights_invalid_and_hidden() -> None:
    st = behind_status()
    found = listing([(st.path, st.slug, st.plan)], CONFIG, DAY)
    assert rs.headline(found, 0) == "Open save plans on 2026-12-05: 1 (1 red)"
    assert rs.headline(found, 2) == "Open save plans on 2026-12-05: 3 (1 red, 2 invalid)"
    empty = listing([], CONFIG, DAY)
    assert rs.headline(empty, 1) == "Open save plans on 2026-12-05: 1 (1 invalid)"
    closed = [("plans/c.yaml", "c", status_plan(status="churned", outcome={"on": date(2026, 11, 1)}))]
    no_win_back = WorkspaceConfig.model_validate({"follow_up": {"win_back_months": []}})
    hidden = listing(closed, no_win_back, DAY)  # nothing left to do after the outcome
    assert (hidden.open, hidden.after, hidden.hidden) == ([], [], 1)
    assert rs.headline(hidden, 0) == "Open save plans on 2026-12-05: 0; 1 closed not shown"
    assert len(listing(closed, no_win_back, DAY, every=True).after) == 1
    assert [st.path for st in listing(closed, CONFIG, DAY).after] == ["plans/c.yaml"]  # win-back to come


def test_a_plan_that_does_not_load_in_the_list_and_its_json() -> None:
    assert rs.does_not_load(BROKEN) == ("plans/broken.yaml does not load (line 4: SP100 not YAML: a tab): "
                                        "run `saveplan check plans/broken.yaml`")
    row = rs.broken_row(BROKEN)
    assert (row["slug"], row["valid"], row["light"], row["error"], row["hint"]) == (
        "broken", False, "red", "line 4: SP100 not YAML: a tab", "saveplan check plans/broken.yaml")


def test_a_narrow_list_is_one_block_a_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    st = behind_status()
    out = io.StringIO()
    rs.print_list(listing([(st.path, st.slug, st.plan)], CONFIG, DAY).map(rs.list_row), [BROKEN], out)
    assert out.getvalue().splitlines() == [
        "Open save plans on 2026-12-05: 2 (1 red, 1 invalid)",
        "● red plans/broken.yaml",
        "    invalid: line 4 SP100; run `saveplan check ",
        "plans/broken.yaml`",
        "● red Northwind Analytics (maria)",
        "    renewal in 72 d (compressed), indicator off track, 1 ",
        "overdue",
        "    next: 2026-12-03 #2 Admin completes three reports (Lee ",
        "Park)",
        "One plan in detail: saveplan status PLAN",
    ]


def test_list_json_puts_broken_plans_first() -> None:
    st = behind_status()
    out = io.StringIO()
    rs.write_list_json(listing([(st.path, st.slug, st.plan)], CONFIG, DAY).map(rs.list_row), [BROKEN], out)
    assert [(r["path"], r["valid"]) for r in json.loads(out.getvalue())] == [
        ("plans/broken.yaml", False), ("plans/northwind.yaml", True)]


# -- triage ------------------------------------------------------------------------------------

def test_summary_counts_with_plurals() -> None:
    one = triage_plan("plans/n.yaml", triage_plan_of(), DEFAULTS, TODAY)
    assert rt.summary([one]) == "1 open plan"
    exit_ = triage_plan("plans/x.yaml", triage_plan_of(**{"account.arr": 5000, "risk.probability": "low"}),
                        DEFAULTS, TODAY)
    three = signals("usage_decline", "health_drop", "competitive")
    review = triage_plan("plans/r.yaml", triage_plan_of(**{"risk.signals": three}), DEFAULTS, TODAY)
    assert rt.summary([one, exit_]) == "2 open plans, 1 graceful-exit candidate"
    assert rt.summary([one, review, exit_, exit_]) == (
        "4 open plans, 1 for review (three strikes), 2 graceful-exit candidates")


def test_totals_line_and_explain_rows() -> None:
    t = triage_plan("plans/n.yaml", triage_plan_of(), DEFAULTS, TODAY)
    assert rt.totals_line([t]) == ("Totals: ARR at risk 84,000; expected ARR saved 33,600; "
                                   "per window: 1 compressed; per effort: 1 full")
    assert rt.explain_rows(t) == [
        ("value tier", "high: ARR 84,000 is at or above the high threshold (50,000)"),
        ("probability", "medium, derived by the rule:"),
        ("", "+0  root cause service_experience: fixable with time"),
        ("", "+1  economic buyer and champion mapped: stakeholders engaged"),
        ("", "+0  2 signals"),
        ("", "= 1: medium (high at 2 or more, low at -1 or less)"),
        ("effort", "full: value high, probability medium: high value with a real chance"),
        ("", "executives involved, custom remedies, 30-90 days"),
        ("window", "compressed: 82 days to renewal; 30 to 89 is compressed: critical issues and quick "
                   "wins only"),
        ("strikes", "2 (a review at 3)"),
        ("expected", "33,600 = ARR 84,000 x 0.4 (medium)"),
    ]


def test_json_goes_to_out_and_plans_not_triaged_to_err() -> None:
    out, err = io.StringIO(), io.StringIO()
    rt.write_json(triage([("plans/n.yaml", triage_plan_of())], DEFAULTS, TODAY), [BROKEN], out, err)
    assert [row["path"] for row in json.loads(out.getvalue())] == ["plans/n.yaml"]
    assert err.getvalue() == ("saveplan: plans/broken.yaml not triaged: SP100 at line 4 "
                              "(run `saveplan check plans/broken.yaml`)\n")


def test_markdown_agenda_of_one_plan() -> None:
    t = triage_plan("plans/n.yaml", triage_plan_of(), DEFAULTS, TODAY)
    lines = rt.markdown([t], [BROKEN], TODAY, False).splitlines()
    assert lines[:2] == ["# Risk review agenda, 2026-11-25", ""]
    assert lines[6] == ("| 1 | Northwind Analytics | maria | 2027-02-15 | 82 | compressed | high "
                        "| medium (derived) | full | yellow | pending | 0 | 2 | 33,600 |")
    assert lines[8:15] == [
        "## 1. Northwind Analytics (full effort)",
        "",
        "- Plan: `plans/n.yaml`, owner maria, active",
        "- Renewal 2027-02-15: 82 days, compressed window (critical issues and quick wins only)",
        "- Value high (ARR 84,000); probability medium (derived); expected value 33,600",
        "- Effort full: executives involved, custom remedies, 30-90 days",
        "- Light yellow; indicator pending; 0 actions overdue",
    ]
    assert lines[-6:] == ["- per window: 1 compressed", "- per effort: 1 full", "",
                          "## Not triaged: fix with `saveplan check`", "",
                          "- `plans/broken.yaml` line 4: SP100 not YAML: a tab"]


def test_markdown_says_one_action_overdue() -> None:
    late = triage_plan("plans/n.yaml", triage_plan_of(**{"started": "2026-11-01"}), DEFAULTS, TODAY)
    assert late.overdue == 3
    assert "- Light red; indicator missed; 3 actions overdue" in rt.markdown([late], [], TODAY, False)


def test_narrow_text_is_a_block_a_plan_with_strikes_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    t = triage_plan("plans/n.yaml", triage_plan_of(**{"risk.signals": signals("usage_decline")}),
                    DEFAULTS, TODAY)
    out = io.StringIO()
    rt.print_text([t], [], TODAY, False, out)
    assert out.getvalue().splitlines()[:6] == [
        "Risk review, 2026-11-25: 1 open plan",
        "",
        " 1. Northwind Analytics (maria): full effort",
        "    value high, probability high*, expected value 58,800",
        "    compressed window, 82 days to renewal, 1 strike",
        "    yellow light, indicator pending, 0 overdue",
    ]


# -- the core stays free of layout --------------------------------------------------------------

@pytest.mark.parametrize("module", ["saveplan/status.py", "saveplan/triage.py"])
def test_the_core_imports_no_terminal_library(module: str) -> None:
    tree = ast.parse((REPO / module).read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {n for n in names if n.split(".")[0] in ("rich", "typer") or n.startswith("saveplan.render")}

"""saveplan/render/edits.py: what record, done, close, touch, report --sent, calendar -o and
board -o print once they have written, line by line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from saveplan import changes
from saveplan.analysis.board import build_board
from saveplan.edit import Edit
from saveplan.models import WorkspaceConfig
from saveplan.render import edits
from tests.conftest import REFERENCE_PLAN

CONFIG = WorkspaceConfig()
TEXT = REFERENCE_PLAN.read_text(encoding="utf-8")
SHOWN = "plans/northwind-analytics.yaml"
DEC_3 = date(2026, 12, 3)


def test_the_edit_line() -> None:
    edit = Edit("", {}, 12, "recorded 2 on 2026-12-03")
    assert edits.edit_line("plans/x.yaml", edit) == "plans/x.yaml:12: recorded 2 on 2026-12-03\n"
    assert edits.edit_line("plans/x.yaml", edit, " (why)") == (
        "plans/x.yaml:12: recorded 2 on 2026-12-03 (why)\n")


def test_a_reading_then_the_indicator_and_the_first_advice() -> None:
    edit = changes.reading("northwind-analytics", DEC_3, 2)(TEXT)
    status = changes.status_after(edit, CONFIG, DEC_3, Path(SHOWN))
    lines = edits.recorded(SHOWN, edit, status).splitlines()
    assert lines[:2] == [
        f"{SHOWN}:54: recorded 2 on 2026-12-03 (Admin logins in week two, target at least 3)",
        "Indicator: behind; light: yellow"]
    assert lines[2].startswith("Next: The indicator is behind (2 against a target of at least 3): ")
    assert len(lines) == 3
    assert edits.recorded(SHOWN, edit, None) == f"{SHOWN}:54: recorded 2 on 2026-12-03\n"


def test_an_action_done_then_the_next_one() -> None:
    edit = changes.action_done("northwind-analytics", "1", date(2026, 11, 28), replace=False)(TEXT)
    status = changes.status_after(edit, CONFIG, date(2026, 12, 4), Path(SHOWN))
    assert edits.marked_done(SHOWN, edit, status, date(2026, 12, 4), dated=True) == (
        f"{SHOWN}:40: action 1 done on 2026-11-28\n"
        "Next: action 2, due 2026-12-03 (overdue): Admin completes three reports independently (Lee Park)\n")
    again = Edit(edit.text, edit.data, 40, "action 1 was already done on 2026-11-28", changed=False)
    assert edits.marked_done(SHOWN, again, None, DEC_3, dated=False) == (
        f"{SHOWN}:40: action 1 was already done on 2026-11-28; nothing written "
        "(use --on DATE to change the date)\n")
    assert edits.marked_done(SHOWN, again, None, DEC_3, dated=True) == (
        f"{SHOWN}:40: action 1 was already done on 2026-11-28; nothing written\n")


def test_every_action_done() -> None:
    text = TEXT
    for n in ("1", "2", "3"):
        text = changes.action_done("northwind-analytics", n, DEC_3, replace=False)(text).text
    edit = changes.action_done("northwind-analytics", "3", DEC_3, replace=False)(text)
    status = changes.status_after(edit, CONFIG, DEC_3, Path(SHOWN))
    assert edits.marked_done(SHOWN, edit, status, DEC_3, dated=False).endswith("\nEvery action is done.\n")


def test_a_save_with_the_arr_kept_and_what_comes_next() -> None:
    on = date(2027, 2, 10)
    edit = changes.close("saved", changes.outcome_values("saved", on, arr="70000"))(TEXT)
    after = changes.lifecycle_after(edit, CONFIG, on)
    assert edits.closed("plans/n.yaml", edit, on, after, "n") == (
        "plans/n.yaml:11: closed as saved on 2027-02-10 (ARR kept 70,000 of 84,000)\n"
        "What comes next:\n"
        "  2027-03-12  30-day check-in         in 30 days: saveplan touch n check_in\n"
        "  2027-04-11  60-day review           in 60 days: saveplan touch n review\n"
        "  2027-05-11  90-day business review  in 90 days: saveplan touch n business_review\n"
        "  Recovery until 2027-05-11: a touch at least every 14 days; last contact 2027-02-10, next by "
        "2027-02-24 (saveplan touch n health_check)\n"
        "  Debrief by 2027-02-24 (in 14 days): add outcome.debrief with worked, missed and change to "
        "the plan\n")
    assert edits.closed("plans/n.yaml", edit, on, None, "n") == (
        "plans/n.yaml:11: closed as saved on 2027-02-10\n")


def test_a_touch_then_the_next_one_and_the_recovery() -> None:
    on = date(2027, 2, 10)
    closed = changes.close("saved", changes.outcome_values("saved", on))(TEXT).text
    day = date(2027, 3, 12)
    edit = changes.touch("check_in", changes.touch_values("check_in", day))(closed)
    after = changes.lifecycle_after(edit, CONFIG, day)
    assert edits.touched("plans/n.yaml", edit, after, day, "n") == (
        "plans/n.yaml:69: recorded the check_in touch on 2027-03-12\n"
        "Next: the 60-day review on 2027-04-11 (in 30 days): saveplan touch n review\n"
        "In recovery until 2027-05-11: the next touch by 2027-03-26.\n")
    assert edits.touched("plans/n.yaml", edit, None, day, "n") == (
        "plans/n.yaml:69: recorded the check_in touch on 2027-03-12\n")


def test_an_update_sent() -> None:
    assert edits.sent("plans/x.yaml", Edit("", {}, 80, "recorded the customer update of 2026-12-03")) == (
        "plans/x.yaml:80: recorded the customer update of 2026-12-03\n")
    assert edits.sent("plans/x.yaml", Edit("", {}, 80, "already recorded", changed=False)) == (
        "plans/x.yaml:80: already recorded; nothing written\n")


def test_the_notes_of_a_file_written() -> None:
    assert edits.calendar_written("out.ics", 2, 1) == "out.ics: 2 events from 1 plan\n"
    assert edits.calendar_written("out.ics", 0, 3) == "out.ics: 0 events from 3 plans\n"
    assert edits.calendar_skipped("plans/b.yaml") == (
        "saveplan: skipped plans/b.yaml: it does not load (run `saveplan check plans/b.yaml`)\n")
    after = changes.lifecycle_after(changes.reading("n", DEC_3, 2)(TEXT), CONFIG, DEC_3)
    assert after is not None
    board = build_board([(SHOWN, after.plan)], CONFIG, DEC_3)
    assert edits.board_written("board.html", board) == "board.html: the board of 1 open plan\n"
    board.movers, board.since_ref = [], "HEAD~1"
    assert edits.board_written("board.html", board) == (
        "board.html: the board of 1 open plan, 0 moved since HEAD~1\n")
    empty = build_board([], CONFIG, DEC_3)
    assert edits.board_written("b.html", empty) == "b.html: the board of 0 open plans\n"


def test_a_win_back_touch() -> None:
    lost = changes.close("churned", changes.outcome_values("churned", date(2027, 2, 10),
                                                           reason="Budget cut"))(TEXT).text
    day = date(2027, 5, 12)
    plain = changes.touch("win_back", changes.touch_values("win_back", day))(lost)
    assert edits.touched("p.yaml", plain, changes.lifecycle_after(plain, CONFIG, day), day, "n") == (
        "p.yaml:70: recorded the win_back touch on 2027-05-12\n"
        "Next: the 6-month win-back on 2027-08-10 (in 90 days): "
        "saveplan touch n win_back [--result won_back]\n")
    back = changes.touch("win_back", changes.touch_values("win_back", day, result="won_back"))(lost)
    assert edits.touched("p.yaml", back, changes.lifecycle_after(back, CONFIG, day), day, "n") == (
        "p.yaml:70: recorded the win_back (won_back) touch on 2027-05-12\n"
        "Every scheduled touch is recorded: the plan is closed.\n")

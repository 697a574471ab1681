"""`saveplan close PLAN saved|churned|exited`: the exact file it writes (status in place,
the outcome at the end, every other byte kept), what it prints next, and what it refuses
(exit 2, the file byte for byte as it was)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from saveplan.edit import close_plan, verify
from saveplan.errors import EditRefused
from saveplan.models import WorkspaceConfig

from ..builders import EDIT_INPUT as INPUT
from ..builders import plan_head, roster_yaml, write_tree
from ..conftest import Run

PLAN = Path("plans/northwind-analytics.yaml")


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_tree(tmp_path / "ws", {"saveplan.yaml": roster_yaml("maria", "sam"),
                                        PLAN: INPUT / "reference.yaml"})
    monkeypatch.chdir(root)
    return root


def test_saved_keeps_the_arr_and_says_what_comes_next(run: Run, ws: Path) -> None:
    before = (ws / PLAN).read_text(encoding="utf-8")
    result = run("close", "northwind-analytics", "saved", "--on", "2027-02-10", "--today", "2027-02-12")
    assert result.code == 0, result.err
    assert (ws / PLAN).read_text(encoding="utf-8") == before.replace(
        "status: active", "status: saved") + "\noutcome:\n  on: 2027-02-10\n  arr: 84000\n"
    assert result.out == (
        "plans/northwind-analytics.yaml:11: closed as saved on 2027-02-10 (ARR kept 84,000 of 84,000)\n"
        "What comes next:\n"
        "  2027-03-12  30-day check-in         in 28 days: saveplan touch northwind-analytics check_in\n"
        "  2027-04-11  60-day review           in 58 days: saveplan touch northwind-analytics review\n"
        "  2027-05-11  90-day business review  in 88 days: saveplan touch northwind-analytics "
        "business_review\n"
        "  Recovery until 2027-05-11: a touch at least every 14 days; last contact 2027-02-10, next by "
        "2027-02-24 (saveplan touch northwind-analytics health_check)\n"
        "  Debrief by 2027-02-24 (in 12 days): add outcome.debrief with worked, missed and change to "
        "the plan\n")
    assert run("check", "--today", "2027-02-12").code == 0


def test_saved_with_a_lower_arr_and_the_hours(run: Run, ws: Path) -> None:
    before = (ws / PLAN).read_text(encoding="utf-8")
    result = run("close", "northwind-analytics", "saved", "--arr", "70000", "--hours", "26",
                 "--category", "value_perception", "--today", "2027-02-10")
    assert result.code == 0, result.err
    assert (ws / PLAN).read_text(encoding="utf-8") == before.replace("status: active", "status: saved") + (
        "\noutcome:\n  on: 2027-02-10\n  arr: 70000\n  category: value_perception\n  hours: 26\n")
    assert result.out.startswith("plans/northwind-analytics.yaml:11: closed as saved on 2027-02-10 "
                                 "(ARR kept 70,000 of 84,000)\n")


def test_churned_needs_a_reason_and_gets_the_win_back_touches(run: Run, ws: Path) -> None:
    before = (ws / PLAN).read_bytes()
    refused = run("close", "northwind-analytics", "churned", "--today", "2027-02-10")
    assert refused.code == 2 and "needs --reason" in refused.err
    assert (ws / PLAN).read_bytes() == before
    result = run("close", "northwind-analytics", "churned", "--reason", "Chose a cheaper tool",
                 "--on", "2026-11-30", "--today", "2027-02-10")
    assert result.code == 0, result.err
    assert (ws / PLAN).read_text(encoding="utf-8") == before.decode().replace(
        "status: active", "status: churned") + (
        "\noutcome:\n  on: 2026-11-30\n  arr: 0\n  reason: Chose a cheaper tool\n")
    assert result.out.splitlines()[1:5] == [
        "What comes next:",
        "  2027-02-28  3-month win-back   in 18 days: saveplan touch northwind-analytics win_back "
        "[--result won_back]",
        "  2027-05-30  6-month win-back   in 109 days: saveplan touch northwind-analytics win_back "
        "[--result won_back]",
        "  2027-11-30  12-month win-back  in 293 days: saveplan touch northwind-analytics win_back "
        "[--result won_back]",
    ]


@pytest.mark.parametrize(("args", "message"), [
    (("exited", "--reason", "  "), "closing as exited needs --reason"),
    (("churned", "--reason", "x", "--arr", "5000"), "a churned account keeps no ARR"),
    (("saved", "--arr", "lots"), "--arr 'lots' is not a number"),
    (("saved", "--hours", "-3"), "--hours '-3' must be a number of at least 0"),
    (("saved", "--on", "2027-03-01"), "is after today"),
    (("saved", "--on", "2026-11-01"), "before the plan started (2026-11-23)"),
    (("won",), "Invalid value"),
])
def test_refusals_write_nothing(run: Run, ws: Path, args: tuple[str, ...], message: str) -> None:
    before = (ws / PLAN).read_bytes()
    result = run("close", "northwind-analytics", *args, "--today", "2027-02-10")
    assert result.code == 2 and message in result.err, result.err
    assert (ws / PLAN).read_bytes() == before


def test_an_already_closed_plan_is_refused(run: Run, ws: Path) -> None:
    assert run("close", "northwind-analytics", "saved", "--today", "2027-02-10").code == 0
    after = (ws / PLAN).read_bytes()
    result = run("close", "northwind-analytics", "churned", "--reason", "x", "--today", "2027-02-11")
    assert result.code == 2
    assert result.err == ("saveplan: the plan is already saved (on 2027-02-10); nothing was written\n"
                          "  hint: record what happened since with `saveplan touch`; to change the "
                          "outcome, edit it by hand\n")
    assert (ws / PLAN).read_bytes() == after


# -- the edit itself, on other layouts (pure: text in, text out) --------------------------

def _closed(name: str, status: str, outcome: dict[str, object]) -> str:
    text = (INPUT / name).read_bytes().decode("utf-8-sig")
    edit = close_plan(text, status, outcome)
    verify(text, edit, WorkspaceConfig(), date(2027, 2, 10))
    return edit.text


def test_a_json_style_plan_gets_json_style_keys() -> None:
    before = (INPUT / "flow-style-json.yaml").read_text(encoding="utf-8")
    after = _closed("flow-style-json.yaml", "exited", {"on": date(2027, 2, 10), "arr": 0,
                                                       "reason": "Acquired, moving to the parent's tool"})
    assert after == before.replace('"status": "active"', '"status": "exited"').replace(
        '"Swap to the lighter tier"}\n  ]\n}',
        '"Swap to the lighter tier"}\n  ], "outcome": {"on": "2027-02-10", "arr": 0, '
        '"reason": "Acquired, moving to the parent\'s tool"}\n}')


def test_four_space_indentation_and_closing_comments_are_kept() -> None:
    before = (INPUT / "indentless.yaml").read_text(encoding="utf-8")
    assert before.endswith("# end of plan\n")
    after = _closed("indentless.yaml", "saved", {"on": date(2027, 2, 10), "hours": 12.5})
    assert after == before.replace("status: active", "status: saved") + (
        "\noutcome:\n    on: 2027-02-10\n    arr: 42000\n    hours: 12.5\n")


def test_crlf_and_no_final_newline_are_kept() -> None:
    before = (INPUT / "crlf-bom.yaml").read_bytes().decode("utf-8-sig")
    assert not before.endswith("\n")
    after = _closed("crlf-bom.yaml", "saved", {"on": date(2027, 2, 10), "arr": 1000})
    assert after == before.replace("status: active", "status: saved") + (
        "\r\noutcome:\r\n  on: 2027-02-10\r\n  arr: 1000")


def test_an_outcome_written_by_hand_is_completed_not_replaced() -> None:
    text = ("version: 1\naccount: {name: A, arr: 10, renewal_date: 2027-02-15}\nowner: maria\n"
            "status: active  # a comment\nstarted: 2026-11-23\noutcome: {on: 2027-02-10}\n")
    edit = close_plan(text, "saved", {"on": date(2027, 2, 10)})
    assert edit.text == text.replace("status: active", "status: saved").replace(
        "{on: 2027-02-10}", "{on: 2027-02-10, arr: 10}")
    with pytest.raises(EditRefused, match=r"already has outcome\.on: 2027-02-10, not 2027-02-11"):
        close_plan(text, "saved", {"on": date(2027, 2, 11)})


def test_a_plan_without_a_status_key_gets_one() -> None:
    text = plan_head("A", 10)
    edit = close_plan(text, "exited", {"on": date(2027, 2, 10), "arr": 0, "reason": "Closed down"})
    assert edit.text == text + "status: exited\noutcome:\n  on: 2027-02-10\n  arr: 0\n  reason: Closed down\n"
    assert edit.line == 5

"""`saveplan touch PLAN KIND`: the exact file it writes (a `touches` item in the file's
style), what it prints, and what it refuses (exit 2, the file byte for byte as it was);
`record` and `done` refuse a closed plan and dates out of range."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from saveplan.edit import add_touch

from ..builders import EDIT_INPUT as INPUT
from ..builders import roster_yaml, write_tree
from ..conftest import Run

PLAN = Path("plans/northwind-analytics.yaml")
CLOSED = "\noutcome:\n  on: 2027-02-10\n  arr: 84000\n"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The reference plan, saved on 2027-02-10 (as `close` writes it)."""
    text = (INPUT / "reference.yaml").read_text(encoding="utf-8")
    root = write_tree(tmp_path / "ws", {"saveplan.yaml": roster_yaml("maria", "sam"),
                                        PLAN: text.replace("status: active", "status: saved") + CLOSED})
    monkeypatch.chdir(root)
    return root


def test_the_first_touch_adds_the_list_then_items_follow(run: Run, ws: Path) -> None:
    before = (ws / PLAN).read_text(encoding="utf-8")
    result = run("touch", "northwind-analytics", "check_in", "--on", "2027-03-15", "--note",
                 "Delivering on every commitment, so far", "--today", "2027-03-20")
    assert result.code == 0, result.err
    first = before + ('\ntouches:\n  - {on: 2027-03-15, kind: check_in, '
                      'note: "Delivering on every commitment, so far"}\n')
    assert (ws / PLAN).read_text(encoding="utf-8") == first
    assert result.out == (
        "plans/northwind-analytics.yaml:69: recorded the check_in touch on 2027-03-15\n"
        "Next: the 60-day review on 2027-04-11 (in 22 days): saveplan touch northwind-analytics review\n"
        "In recovery until 2027-05-11: the next touch by 2027-03-29.\n")
    assert run("touch", "northwind-analytics", "health_check", "--today", "2027-03-22").code == 0
    assert (ws / PLAN).read_text(encoding="utf-8") == first + "  - {on: 2027-03-22, kind: health_check}\n"


def test_next_renewal_with_its_result(run: Run, ws: Path) -> None:
    result = run("touch", "northwind-analytics", "next_renewal", "--result", "renewed", "--on", "2028-02-14",
                 "--today", "2028-02-20")
    assert result.code == 0, result.err
    assert (ws / PLAN).read_text(encoding="utf-8").endswith(
        CLOSED + "\ntouches:\n  - {on: 2028-02-14, kind: next_renewal, result: renewed}\n")


def test_block_items_are_followed_in_their_style() -> None:
    text = ("version: 1\nstatus: churned\noutcome:\n  on: 2026-11-30\ntouches:\n"
            "  - on: 2027-03-01   # first call\n    kind: win_back\n# closing comment\n")
    edit = add_touch(text, {"on": date(2027, 6, 2), "kind": "win_back", "result": "won_back"})
    assert edit.text == text.replace("    kind: win_back\n", "    kind: win_back\n  - on: 2027-06-02\n"
                                     "    kind: win_back\n    result: won_back\n")
    assert edit.line == 8


@pytest.mark.parametrize(("args", "message"), [
    (("review", "--result", "renewed"), "--result is for win_back and next_renewal touches, not review"),
    (("next_renewal", "--result", "won_back"), "a next_renewal touch's result is renewed or churned"),
    (("win_back", "--result", "renewed"), "a win_back touch's result is won_back or churned"),
    (("check_in", "--on", "2027-03-21"), "is after today"),
    (("check_in", "--on", "2027-02-09"), "before the outcome (2027-02-10)"),
    (("hello",), "Invalid value"),
])
def test_refusals_write_nothing(run: Run, ws: Path, args: tuple[str, ...], message: str) -> None:
    before = (ws / PLAN).read_bytes()
    result = run("touch", "northwind-analytics", *args, "--today", "2027-03-20")
    assert result.code == 2 and message in result.err, result.err
    assert (ws / PLAN).read_bytes() == before


def test_an_open_plan_is_refused_with_what_to_do(run: Run, ws: Path) -> None:
    shutil.copy(INPUT / "proseware.yaml", ws / "plans" / "proseware.yaml")
    before = (ws / "plans" / "proseware.yaml").read_bytes()
    result = run("touch", "proseware", "check_in", "--today", "2027-03-20")
    assert result.code == 2
    assert result.err == ("saveplan: the plan is active: touches come after the outcome; nothing was "
                          "written\n  hint: close it first: saveplan close PLAN saved|churned|exited\n")
    assert (ws / "plans" / "proseware.yaml").read_bytes() == before


def test_next_renewal_on_a_lost_plan_is_refused(run: Run, ws: Path) -> None:
    path = ws / PLAN
    path.write_text(path.read_text(encoding="utf-8").replace("status: saved", "status: churned"),
                    encoding="utf-8")
    before = path.read_bytes()
    result = run("touch", "northwind-analytics", "next_renewal", "--today", "2027-03-20")
    assert result.code == 2 and "records how a saved account renewed" in result.err
    assert path.read_bytes() == before


# -- record and done after the outcome ----------------------------------------------------

@pytest.mark.parametrize(("args", "hint"), [
    (("record", "northwind-analytics", "3"),
     "record a follow-up with `saveplan touch northwind-analytics KIND`"),
    (("done", "northwind-analytics", "1"),
     "record a contact with `saveplan touch northwind-analytics KIND`"),
])
def test_record_and_done_refuse_a_closed_plan(run: Run, ws: Path, args: tuple[str, ...], hint: str) -> None:
    before = (ws / PLAN).read_bytes()
    result = run(*args, "--today", "2027-03-20")
    assert result.code == 2, result.err
    assert result.err.startswith("saveplan: the plan is closed (saved on 2027-02-10): it takes no ")
    assert hint in result.err
    assert (ws / PLAN).read_bytes() == before


@pytest.mark.parametrize("args", [("record", "proseware", "3"), ("done", "proseware", "1")])
def test_record_and_done_refuse_a_date_before_the_start(run: Run, ws: Path, args: tuple[str, ...]) -> None:
    shutil.copy(INPUT / "proseware.yaml", ws / "plans" / "proseware.yaml")
    before = (ws / "plans" / "proseware.yaml").read_bytes()
    result = run(*args, "--on", "2020-01-01", "--today", "2026-12-05")
    assert result.code == 2
    assert result.err.startswith("saveplan: --on 2020-01-01: before the plan started (")
    assert (ws / "plans" / "proseware.yaml").read_bytes() == before

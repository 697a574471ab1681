"""saveplan/edit.py: edits that change only their own lines, verified before they are
written, atomic, and serialised by a lock.

The golden files under tests/golden/edit/ are exact: `input/NAME.yaml` after `record 2
--on 2026-12-03` is `record/NAME.yaml`, after `done ACTION --on 2026-12-03` is
`done/NAME.yaml` (ACTION is 2, or as in DONE_ACTION). The inputs cover block and flow
style, JSON-style quoting, indentless lists with 4-space indents, `readings:` empty and
`[]`, `done: ~`, a comment after the last reading, CRLF with a byte-order mark and no
final newline.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from saveplan.edit import (
    Edit,
    add_reading,
    apply_edit,
    find_action,
    locked,
    mark_done,
    parse_value,
    verify,
)
from saveplan.errors import EditRefused, InvalidPlan, UsageError
from saveplan.loader import parse
from saveplan.models import WorkspaceConfig

GOLDEN = Path(__file__).parent / "golden" / "edit"
CASES = sorted(p.stem for p in (GOLDEN / "input").glob("*.yaml"))
DONE_ACTION = {"quoted-dates": "1"}  # its first action has a quoted done date to replace
CONFIG = WorkspaceConfig()
ON = date(2026, 12, 3)
TODAY = date(2026, 12, 5)
REFERENCE = GOLDEN / "input" / "reference.yaml"


def _make(kind: str, case: str) -> object:
    if kind == "record":
        return lambda text: add_reading(text, ON, 2)
    return lambda text: mark_done(text, DONE_ACTION.get(case, "2"), ON)


@pytest.mark.parametrize("kind", ["record", "done"])
@pytest.mark.parametrize("case", CASES)
def test_golden(tmp_path: Path, case: str, kind: str) -> None:
    target = tmp_path / f"{case}.yaml"
    shutil.copy(GOLDEN / "input" / f"{case}.yaml", target)
    apply_edit(target, _make(kind, case), CONFIG, TODAY)  # type: ignore[arg-type]
    assert target.read_bytes() == (GOLDEN / kind / f"{case}.yaml").read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temp or lock file left


@pytest.mark.parametrize("kind", ["record", "done"])
@pytest.mark.parametrize("case", CASES)
def test_every_other_line_is_kept_byte_for_byte(case: str, kind: str) -> None:
    """Whatever the golden says, the change is one spot: lines inserted, or one line
    edited where only the replaced value differs (`~`, an old date, `[]`'s inside)."""
    old = (GOLDEN / "input" / f"{case}.yaml").read_bytes().splitlines(keepends=True)
    new = (GOLDEN / kind / f"{case}.yaml").read_bytes().splitlines(keepends=True)
    changes = [op for op in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
               if op[0] != "equal"]
    assert len(changes) == 1
    tag, i1, i2, j1, j2 = changes[0]
    assert tag in ("insert", "replace") and i2 - i1 <= 1
    if tag == "replace":
        before, after = old[i1], b"".join(new[j1:j2])
        head, tail = _same_from(before, after), _same_from(before[::-1], after[::-1])
        if head + tail < len(before):  # a value replaced: only `done:`'s
            indent = re.match(rb" *", before)[0]  # type: ignore[index]
            assert re.fullmatch(indent + rb'done: (~|"?\d{4}-\d\d-\d\d"?)\r?\n', before)
            assert re.fullmatch(indent + rb'done: "?2026-12-03"?\r?\n', after)


def _same_from(a: bytes, b: bytes) -> int:
    """How many bytes two byte strings share from the start."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def test_crlf_bom_and_missing_final_newline_are_kept() -> None:
    new = (GOLDEN / "record" / "crlf-bom.yaml").read_bytes()
    assert new.startswith(b"\xef\xbb\xbf")
    assert new.count(b"\n") == new.count(b"\r\n")
    assert new.endswith(b"{on: 2026-12-03, value: 2}")


# -- the pure edits ----------------------------------------------------------------------

def test_add_reading_returns_the_data_it_must_parse_to() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    edit = add_reading(text, ON, 2.5)
    assert edit.changed and edit.line == 54
    assert edit.message == "recorded 2.5 on 2026-12-03"
    assert parse(edit.text).data == edit.data
    assert edit.data["leading_indicator"]["readings"] == [{"on": ON, "value": 2.5}]


@pytest.mark.parametrize(("value", "written"), [
    (2, "2"), (2.0, "2"), (2.5, "2.5"), (-1, "-1"), (0.1, "0.1"), (1e20, "1.0e+20"), (1.5e-7, "1.5e-07"),
    (123456789, "123456789"),
])
def test_values_are_written_so_they_read_back_the_same(value: float, written: str) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    edit = add_reading(text, ON, value)
    assert f"- {{on: 2026-12-03, value: {written}}}\n" in edit.text
    verify(text, edit, CONFIG, TODAY)
    assert parse(edit.text).data["leading_indicator"]["readings"][0]["value"] == value


def test_a_reading_after_a_block_scalar_note() -> None:
    text = ("leading_indicator:\n  metric: M\n  target: 3\n  check: day 10\n  readings:\n"
            "    - on: 2026-11-24\n      value: 1\n      note: |\n        first line\n        second\n\n"
            "commercial_path: []\n")
    edit = add_reading(text, ON, 2)
    assert edit.text == text.replace("        second\n\n", "        second\n\n    - on: 2026-12-03\n"
                                     "      value: 2\n")
    assert parse(edit.text).data == edit.data


def test_leading_indicator_written_as_the_last_key_without_final_newline() -> None:
    text = "owner: maria\nleading_indicator:\n  metric: M\n  target: 3\n  check: day 10"
    edit = add_reading(text, ON, 4)
    assert edit.text == text + "\n  readings:\n    - {on: 2026-12-03, value: 4}"


def test_a_plan_without_a_leading_indicator_is_refused() -> None:
    with pytest.raises(EditRefused, match="no leading_indicator"):
        add_reading("owner: maria\n", ON, 2)


@pytest.mark.parametrize(("text", "value"), [
    ("2", 2.0), ("2.5", 2.5), ("-1", -1.0), (" 3 ", 3.0), ("1e3", 1000.0), ("0", 0.0),
])
def test_parse_value(text: str, value: float) -> None:
    assert parse_value(text) == value


@pytest.mark.parametrize("text", ["abc", "", "nan", "inf", "-Infinity", "1,5", "3 logins", "2026-12-03"])
def test_parse_value_refuses(text: str) -> None:
    with pytest.raises(UsageError):
        parse_value(text)


def test_find_action_by_id_then_number() -> None:
    data = {"actions": [{"id": "escalate"}, {"id": "3"}, {}]}
    assert find_action(data, "escalate") == 0
    assert find_action(data, "ESCALATE") == 0
    assert find_action(data, "3") == 1  # an id wins over a number
    assert find_action(data, "1") == 0
    for bad in ("4", "0", "-1", "fix", ""):
        with pytest.raises(UsageError, match="no action"):
            find_action(data, bad)


def test_done_already_on_that_date_changes_nothing() -> None:
    text = (GOLDEN / "done" / "reference.yaml").read_text(encoding="utf-8")
    edit = mark_done(text, "2", ON)
    assert not edit.changed and edit.text == text
    assert edit.message == "action 2 is already done on 2026-12-03"


def test_done_without_replace_keeps_an_earlier_date() -> None:
    text = (GOLDEN / "input" / "proseware.yaml").read_text(encoding="utf-8")
    edit = mark_done(text, "workaround", ON, replace=False)
    assert not edit.changed and edit.message == "action 2 (workaround) is already done (2026-11-20)"
    replaced = mark_done(text, "workaround", ON, replace=True)
    assert replaced.changed
    assert replaced.message == "action 2 (workaround) done on 2026-12-03 (was 2026-11-20)"


# -- verification ------------------------------------------------------------------------

def test_verify_refuses_text_that_does_not_match_the_intended_data() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    good = add_reading(text, ON, 2)
    sneaky = Edit(good.text.replace("target: 3", "target: 4"), good.data, good.line, "x")
    with pytest.raises(EditRefused, match="more than intended"):
        verify(text, sneaky, CONFIG, TODAY)


def test_verify_refuses_broken_yaml() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    with pytest.raises(EditRefused, match="break the YAML"):
        verify(text, Edit(text + "  - {on: [\n", {}, 1, "x"), CONFIG, TODAY)


def test_verify_refuses_an_edit_that_makes_the_plan_invalid() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    worse = text.replace("    due: day 14\n", "    due: 2027-03-01\n")  # after the renewal: SP203
    with pytest.raises(EditRefused, match=r"invalid .*SP203"):
        verify(text, Edit(worse, parse(worse).data, 1, "x"), CONFIG, TODAY)


def test_verify_ignores_dated_findings_and_errors_the_plan_already_had() -> None:
    text = REFERENCE.read_text(encoding="utf-8").replace("    due: day 14\n", "    due: 2027-03-01\n")
    edit = add_reading(text, ON, 0)  # SP203 was there before; SP303 is dated
    verify(text, edit, CONFIG, TODAY)


# -- the file: refusals, crashes, locks --------------------------------------------------

def test_a_refused_edit_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    shutil.copy(REFERENCE, target)
    before = target.read_bytes()

    def bad(text: str) -> Edit:
        return Edit(text.replace("target: 3", "target: 9"), parse(text).data, 1, "x")

    with pytest.raises(EditRefused):
        apply_edit(target, bad, CONFIG, TODAY)
    assert target.read_bytes() == before


def test_an_invalid_plan_is_not_edited(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text(REFERENCE.read_text(encoding="utf-8").replace("arr: 84000", "arr: lots"),
                      encoding="utf-8")
    before = target.read_bytes()
    with pytest.raises(InvalidPlan, match=r"plan\.yaml:8:3: SP102"):
        apply_edit(target, lambda text: add_reading(text, ON, 2), CONFIG, TODAY)
    assert target.read_bytes() == before


@pytest.mark.parametrize("fail", ["replace", "fsync"])
def test_a_crash_mid_write_leaves_the_old_file_and_no_temp_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail: str) -> None:
    target = tmp_path / "plan.yaml"
    shutil.copy(REFERENCE, target)
    before = target.read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, fail, crash)
    with pytest.raises(EditRefused, match=r"cannot write .*unchanged"):
        apply_edit(target, lambda text: add_reading(text, ON, 2), CONFIG, TODAY)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_a_writer_waits_for_the_lock_and_then_edits_the_new_file(tmp_path: Path) -> None:
    """The lock is on the file; the holder replaces the file (a new inode) while another
    writer waits on the old one: the waiter must notice and edit the new file, so both
    readings land."""
    from saveplan.fileio import atomic_write

    target = tmp_path / "plan.yaml"
    shutil.copy(REFERENCE, target)
    finished = threading.Event()

    def second() -> None:
        apply_edit(target, lambda text: add_reading(text, date(2026, 12, 4), 3), CONFIG, TODAY)
        finished.set()

    with locked(target):
        worker = threading.Thread(target=second)
        worker.start()
        time.sleep(0.2)
        assert not finished.is_set()  # blocked by our lock
        first = add_reading(target.read_text(encoding="utf-8"), ON, 2)
        atomic_write(target, first.text)
    worker.join(10)
    assert finished.is_set()
    readings = parse(target.read_text(encoding="utf-8")).data["leading_indicator"]["readings"]
    assert readings == [{"on": ON, "value": 2}, {"on": date(2026, 12, 4), "value": 3}]


def test_a_lock_held_too_long_is_a_refusal(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    shutil.copy(REFERENCE, target)
    with locked(target), pytest.raises(EditRefused, match="being edited by another saveplan"), \
            locked(target, timeout=0.05):
        pass

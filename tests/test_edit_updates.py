"""saveplan/edit.py `add_update`: `report --sent` appends `{on, to}` to `updates`, changing
only the lines it adds. The goldens are exact: `tests/golden/edit/input/NAME.yaml` after an
update to the customer on 2026-12-03 is `tests/golden/edit/update/NAME.yaml` (block and
flow style, JSON quoting, indentless lists, CRLF with a BOM and no final newline, a block
scalar last)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from saveplan.edit import add_update, apply_edit
from saveplan.errors import EditRefused
from saveplan.loader import parse
from saveplan.models import WorkspaceConfig

GOLDEN = Path(__file__).parent / "golden" / "edit"
CASES = sorted(p.stem for p in (GOLDEN / "input").glob("*.yaml"))
ON = date(2026, 12, 3)
TODAY = date(2026, 12, 5)
REFERENCE = (GOLDEN / "input" / "reference.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_golden(tmp_path: Path, case: str) -> None:
    target = tmp_path / f"{case}.yaml"
    shutil.copy(GOLDEN / "input" / f"{case}.yaml", target)
    edit = apply_edit(target, lambda text: add_update(text, ON, "customer"), WorkspaceConfig(), TODAY)
    assert target.read_bytes() == (GOLDEN / "update" / f"{case}.yaml").read_bytes()
    assert edit.message == "update to the customer recorded as sent on 2026-12-03"
    new_lines = target.read_bytes().decode("utf-8-sig").splitlines()
    assert "2026-12-03" in new_lines[edit.line - 1]  # the line of the new update


def _with(tail: str) -> str:
    return REFERENCE + tail


@pytest.mark.parametrize(("tail", "expected"), [
    # a block list of flow items: a new item in the same style, after the last one
    ("updates:\n  - {on: 2026-11-26, to: customer}\n  # keep me\n",
     "updates:\n  - {on: 2026-11-26, to: customer}\n  - {on: 2026-12-03, to: team}\n  # keep me\n"),
    # block mappings, quoted dates: the same
    ("updates:\n  - on: '2026-11-26'\n    to: customer\n",
     "updates:\n  - on: '2026-11-26'\n    to: customer\n  - on: '2026-12-03'\n    to: team\n"),
    # a flow list, padded braces
    ("updates: [{ on: 2026-11-26, to: customer }]\n",
     "updates: [{ on: 2026-11-26, to: customer }, { on: 2026-12-03, to: team }]\n"),
    ("updates: []\n", "updates: [{on: 2026-12-03, to: team}]\n"),
    ("updates:\n", "updates:\n  - {on: 2026-12-03, to: team}\n"),
    ("updates: ~  # none yet\n", "updates: [{on: 2026-12-03, to: team}]  # none yet\n"),
])
def test_the_list_keeps_its_style(tail: str, expected: str) -> None:
    edit = add_update(_with(tail), ON, "team")
    assert edit.text == _with(expected)
    assert parse(edit.text).data == edit.data
    assert edit.data["updates"][-1]["to"] == "team"


def test_the_same_update_twice_is_not_written_again() -> None:
    text = _with("updates:\n  - {on: 2026-12-03, to: customer}\n")
    edit = add_update(text, ON, "customer")
    assert (edit.changed, edit.text, edit.line) == (False, text, REFERENCE.count("\n") + 2)
    assert add_update(text, ON, "team").changed  # another audience is another update


def test_a_plan_whose_updates_is_not_a_list_is_refused() -> None:
    with pytest.raises(EditRefused, match="updates is not a list"):
        add_update(_with("updates: weekly\n"), ON, "customer")
    with pytest.raises(EditRefused, match="updates is not a list"):
        add_update(_with("updates: {on: 2026-11-26}\n"), ON, "customer")

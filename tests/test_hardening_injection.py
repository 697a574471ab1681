"""No escape sequence or control character from a plan reaches a terminal, a Markdown
report or a calendar (docs/hardening.md): an account named to clear the screen and retitle
the window is shown as plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

from saveplan.loader import parse
from tests.conftest import Run

HOSTILE = '"Evil\\e[2J\\e]0;pwned\\a Corp\\u202e"'


@pytest.fixture
def hostile(workspace: Path) -> Path:
    plan = workspace / "plans" / "proseware.yaml"
    text = plan.read_text().replace("  name: Proseware", f"  name: {HOSTILE}", 1)
    plan.write_text(text)
    return workspace


def test_the_loader_drops_control_characters_from_plan_text() -> None:
    doc = parse(f"account:\n  name: {HOSTILE}\n  note: 'a\\b'\nlines: \"one\\ntwo\\tthree\"\n")
    assert doc.data == {"account": {"name": "Evil Corp", "note": "a\\b"}, "lines": "one\ntwo\tthree"}


@pytest.mark.parametrize("command", [
    ["check"], ["check", "--format", "json"], ["check", "--format", "github"], ["status"],
    ["status", "proseware"], ["status", "--format", "json"], ["triage"], ["triage", "--explain"],
    ["concessions"], ["report", "proseware"], ["calendar"],
])
def test_no_escape_reaches_the_output(hostile: Path, run: Run, command: list[str]) -> None:
    result = run(*command, "--today", "2026-12-02")
    assert result.code == 0, result.err
    for stream in (result.out, result.err):
        assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
    if command[0] in ("status", "triage", "report"):
        assert "Evil Corp" in result.out


def test_rich_markup_in_plan_text_is_shown_as_text(workspace: Path, run: Run) -> None:
    plan = workspace / "plans" / "proseware.yaml"
    text = plan.read_text()
    plan.write_text(text.replace("do: Escalate the sync defect",
                                 'do: "[b][link=http://x.test]Call[/link][/b]" # Escalate', 1))
    result = run("status", "proseware", "--today", "2026-12-02")
    assert result.code == 0, result.err
    assert "[b][link=http://x.test]Call[/link][/b]" in result.out and "\x1b]8" not in result.out

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from saveplan.console import PIPED_WIDTH, make_console


def test_piped_output_is_120_wide_unless_columns_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert make_console(io.StringIO()).width == PIPED_WIDTH == 120
    monkeypatch.setenv("COLUMNS", "90")
    assert make_console(io.StringIO()).width == 90


def test_status_on_a_narrow_terminal_lists_next_actions_under_the_table(
        workspace: Path, run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    lines = run("status", "--today", "2026-11-25").out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Next action" not in lines[1]
    at = lines.index("Next actions:")
    assert lines[at + 1] == ("  Northwind Analytics: 2026-11-28 #1 Run a 45-minute workflow session "
                             "with the ")

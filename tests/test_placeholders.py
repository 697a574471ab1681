"""saveplan/placeholders.py: the placeholder forms `saveplan new` writes, and only them."""

from __future__ import annotations

import pytest

from saveplan.placeholders import is_placeholder


@pytest.mark.parametrize("text", [
    "Economic buyer (name to confirm)",
    "Daily user (to confirm)",
    "Logins per week (TO CONFIRM)",
    "<<economic buyer's name>>",
    "Reports <<metric>> per week",
    "<<>>",
])
def test_placeholders(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", [
    None, "", "Priya Shah", "Confirm the budget with the CFO", "Lee Park (champion)",
    "to confirm", "<script>", "a << b", "<<not closed",
])
def test_not_placeholders(text: str | None) -> None:
    assert not is_placeholder(text)

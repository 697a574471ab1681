"""SP305 against the workspace's `update_every` (the rule cases in tests/cases/updates/ use
the default of 7)."""

from __future__ import annotations

from datetime import date

import pytest

from saveplan.checker import check_file
from saveplan.models import WorkspaceConfig

from .builders import CASES

PLAN = CASES / "updates" / "sp305-last-update-6-days-ago-ok.yaml"  # last update 2026-11-30


@pytest.mark.parametrize(("every", "today", "fires"), [
    (7, date(2026, 12, 6), False),
    (7, date(2026, 12, 7), True),
    (14, date(2026, 12, 13), False),
    (14, date(2026, 12, 14), True),
    (1, date(2026, 11, 30), False),
    (1, date(2026, 12, 1), True),
])
def test_update_every(every: int, today: date, fires: bool) -> None:
    config = WorkspaceConfig.model_validate({"update_every": every})
    found = [(f.code, f.line, f.message) for f in check_file(PLAN, config, today) if f.code == "SP305"]
    if not fires:
        assert found == []
    else:
        days = (today - date(2026, 11, 30)).days
        assert found == [("SP305", 59, f"no update sent to the customer since 2026-11-30 ({days} days; "
                          f"one is due every {every}): send the weekly update and record it with "
                          "`saveplan report PLAN --sent`")]

"""`saveplan calendar` maps a step over the plans where they are loaded (plans.map_plans):
the events that come back from check's workers, a plan's UTF-8 at a time, make the very
bytes the calendar of every loaded plan makes in one process."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bench.generate import generate
from saveplan.analysis.lifecycle import in_calendar
from saveplan.plans import load_all, map_plans
from saveplan.render.edits import calendar_skipped
from saveplan.render.ics import calendar_chunks, calendar_step, calendar_text, plan_ics
from saveplan.workspace import Workspace, open_workspace

from .conftest import Run

DAY = date(2026, 11, 25)


@pytest.fixture
def ws(generated_ws: Workspace) -> Workspace:
    return generated_ws


def reference(ws: Workspace, owner: str | None) -> str:
    """The calendar as it was made before the step: from every plan, loaded in one process."""
    good, _ = load_all(ws)
    return calendar_text([(g.path.stem, g.plan) for g in good if in_calendar(g.plan, ws.config, DAY, owner)],
                         ws.config, DAY)


@pytest.mark.parametrize("owner", [None, "maria"])
def test_the_rows_from_the_workers_make_the_calendar_of_every_plan(ws: Workspace, owner: str | None) -> None:
    good, broken = load_all(ws)
    rows, bad = map_plans(ws, calendar_step, (ws.config, DAY, owner), jobs=2)
    assert rows == [plan_ics(g.plan, g.path.stem, ws.config, DAY).encode("utf-8") for g in good
                    if in_calendar(g.plan, ws.config, DAY, owner)]
    assert b"".join(calendar_chunks(rows, DAY)).decode("utf-8") == reference(ws, owner)
    assert [(b.path, b.findings) for b in bad] == [(b.path, b.findings) for b in broken]
    assert 0 < len(rows) < len(good) and len(bad) == 1  # some plans are closed and done with
    assert rows == map_plans(ws, calendar_step, (ws.config, DAY, owner), jobs=1)[0]


def test_a_row_is_one_plan_s_events_and_nothing_else(ws: Workspace) -> None:
    good, _ = load_all(ws)
    plan = next(g for g in good if not g.plan.is_closed)
    row = plan_ics(plan.plan, plan.path.stem, ws.config, DAY)
    assert row.startswith("BEGIN:VEVENT\r\nUID:") and row.endswith("END:VEVENT\r\n")
    assert "VCALENDAR" not in row
    assert row.count("BEGIN:VEVENT") == row.count("END:VEVENT") >= 1
    # outside the calendar: a closed plan whose touches are all behind it
    done = [g for g in good if not in_calendar(g.plan, ws.config, DAY)]
    assert done and {calendar_step(g, (ws.config, DAY, None)) for g in done} == {None}


def test_the_command_through_workers_writes_the_one_process_bytes(
        run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path, 210, seed=5)  # from 200 files up the plans are loaded in workers
    monkeypatch.chdir(tmp_path)  # the paths shown are relative to it
    (tmp_path / "plans" / "zz-broken.yaml").write_text("version: 1\naccount: [\n", encoding="utf-8")
    ws = open_workspace(tmp_path)
    _, broken = load_all(ws)
    expected = reference(ws, None)
    result = run("calendar", "--today", str(DAY))
    assert (result.code, result.out) == (0, expected)
    assert result.err == "".join(calendar_skipped(b.shown) for b in broken) and len(broken) >= 1
    written = run("calendar", "--today", str(DAY), "-o", "all.ics")
    assert written.code == 0 and written.err.endswith(
        f"all.ics: {expected.count('BEGIN:VEVENT')} events from {len(calendar_rows(ws))} plans\n")
    assert (tmp_path / "all.ics").read_bytes() == expected.encode("utf-8")


def calendar_rows(ws: Workspace) -> list[bytes]:
    return map_plans(ws, calendar_step, (ws.config, DAY, None))[0]

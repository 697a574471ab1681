"""`saveplan agenda` maps a step over the plans where they are loaded (plans.map_plans): the
items that come back from check's workers, a plan's list at a time, are the agenda of every
loaded plan computed in one process, item for item and in the same order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bench.generate import generate
from saveplan.analysis.agenda import AgendaItem, agenda, agenda_of, agenda_step, plan_items
from saveplan.findings import left_out
from saveplan.plans import PlanFile, load_all, map_plans
from saveplan.render.agenda import agenda_json, agenda_output, write_agenda
from saveplan.workspace import Workspace, open_workspace

from .builders import MIDPLAN_YAML, load_plan, roster
from .conftest import Run

DAY = date(2026, 11, 25)


@pytest.fixture
def ws(generated_ws: Workspace) -> Workspace:
    return generated_ws


@pytest.mark.parametrize(("owner", "days"), [(None, 7), ("maria", 7), (None, 30), (None, 0)])
def test_the_rows_from_the_workers_are_the_agenda_of_every_plan(
        ws: Workspace, owner: str | None, days: int) -> None:
    good, broken = load_all(ws)
    rows, bad = map_plans(ws, agenda_step, (ws.config, DAY, days, owner), jobs=2)
    expected = [found for g in good
                if (found := plan_items(g.shown, g.plan, ws.config, DAY, days=days, owner=owner))]
    assert rows == expected and all(rows)  # a plan with nothing due sends no row
    plans = ((g.shown, g.plan) for g in good)
    assert agenda_of(rows) == agenda(plans, ws.config, DAY, days=days, owner=owner)
    assert [(b.path, b.findings) for b in bad] == [(b.path, b.findings) for b in broken] and len(bad) == 1
    assert rows == map_plans(ws, agenda_step, (ws.config, DAY, days, owner), jobs=1)[0]
    assert 0 < len(rows) < len(good)


def test_a_plan_s_row_is_its_items_in_its_own_order() -> None:
    config = roster("maria", "sam")
    plan = PlanFile(Path("plans/n.yaml"), load_plan(MIDPLAN_YAML))
    row = agenda_step(plan, (config, date(2026, 12, 5), 7, None))
    assert row is not None
    assert [(i.on.isoformat(), i.kind, i.path, i.ref, i.overdue) for i in row] == [
        ("2026-12-03", "action", "plans/n.yaml", "2", True),
        ("2026-12-07", "action", "plans/n.yaml", "3", False),
        ("2026-11-30", "update", "plans/n.yaml", "", True)]  # sorted only when the rows are joined
    assert agenda_step(plan, (config, date(2026, 12, 5), 7, "sam")) is None  # nothing of sam's


def test_items_that_sort_alike_keep_file_order() -> None:
    def item(path: str) -> AgendaItem:
        return AgendaItem(DAY, "update", path, "Contoso", "maria", "send the weekly update", DAY)

    first, second = item("plans/a.yaml"), item("plans/b.yaml")
    late = AgendaItem(date(2026, 11, 1), "action", "plans/c.yaml", "Zeta", "sam", "action 1: call", DAY, "1")
    assert agenda_of([[first], [late, second]]) == [late, first, second]
    assert agenda_of([[second], [first]]) == [second, first]


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_the_command_through_workers_prints_the_one_process_agenda(
        run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    generate(tmp_path, 210, seed=5)  # from 200 files up the plans are loaded in workers
    monkeypatch.chdir(tmp_path)  # the paths shown (JSON `path`) are relative to it
    (tmp_path / "plans" / "zz-broken.yaml").write_text("version: 1\naccount: [\n", encoding="utf-8")
    ws = open_workspace(tmp_path)
    good, broken = load_all(ws)
    items = agenda(((g.shown, g.plan) for g in good), ws.config, DAY, days=14)
    result = run("agenda", "--today", str(DAY), "--days", "14", "--format", fmt)
    assert (result.code, result.out) == (0, agenda_output(fmt, items, ws.config, DAY, 14, None))
    assert result.err == "".join(left_out(b.shown, b.findings[0]) + "\n" for b in broken)
    assert len(items) > 100 and len(broken) >= 1


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_the_agenda_written_a_piece_at_a_time_is_the_agenda_text(ws: Workspace, fmt: str) -> None:
    import io

    good, _ = load_all(ws)
    for days in (0, 30):
        items = agenda(((g.shown, g.plan) for g in good), ws.config, DAY, days=days)
        for some in (items, items[:1], []):
            out = io.StringIO()
            write_agenda(fmt, some, ws.config, DAY, days, None, out)
            assert out.getvalue() == agenda_output(fmt, some, ws.config, DAY, days, None)
    assert agenda_json([]) == "[]\n"

"""The whole-workspace views map a step over the plans where they are loaded
(plans.map_plans): what comes back from check's workers is what the same view computes
from every loaded plan in one process, row for row and figure for figure."""

from __future__ import annotations

from datetime import date

import pytest

from saveplan.analysis.metrics import compute_metrics, in_period, metrics_of, record_step
from saveplan.plans import load_all, map_plans
from saveplan.render.status import list_row, list_step
from saveplan.status import listing, listing_of
from saveplan.triage import rank, triage, triage_step
from saveplan.workspace import Workspace

DAY = date(2026, 11, 25)


@pytest.fixture
def ws(generated_ws: Workspace) -> Workspace:
    return generated_ws


@pytest.mark.parametrize("owner", [None, "maria"])
def test_status_rows_from_the_workers_are_the_listing_of_every_plan(ws: Workspace, owner: str | None) -> None:
    good, _ = load_all(ws)
    for every in (False, True):
        expected = listing(((g.shown, g.path.stem, g.plan) for g in good
                            if owner is None or g.plan.owner == owner), ws.config, DAY, every=every)
        rows, bad = map_plans(ws, list_step, (ws.config, DAY, owner, True), jobs=2)
        found = listing_of(rows, DAY, every=every)
        assert found == expected.map(list_row)
        assert len(found.open) >= 9 and len(bad) == 1
        assert owner is not None or len(found.after) + found.hidden == 10  # the closed plans too
    text_only, _ = map_plans(ws, list_step, (ws.config, DAY, owner, False), jobs=2)
    assert {row.shown.json for row in text_only} == {None}  # the JSON is written only when asked


def test_triage_rows_from_the_workers_are_the_ranking_of_every_plan(ws: Workspace) -> None:
    good, _ = load_all(ws)
    rows, _ = map_plans(ws, triage_step, (ws.config, DAY, None), jobs=2)
    assert rank(rows) == triage(((g.shown, g.plan) for g in good), ws.config, DAY)
    assert len(rows) == sum(1 for g in good if not g.plan.is_closed)


@pytest.mark.parametrize(("since", "until", "by"), [(None, None, None), (date(2026, 6, 1), None, "owner"),
                                                    (None, date(2026, 9, 30), "value_tier")])
def test_metric_records_from_the_workers_give_the_figures_of_every_plan(
        ws: Workspace, since: date | None, until: date | None, by: str | None) -> None:
    good, _ = load_all(ws)
    records, _ = map_plans(ws, record_step, (ws.config, since, until), jobs=2)
    plans = [g.plan for g in good if in_period(g.plan, since, until)]
    assert metrics_of(records, ws.config, by=by) == compute_metrics(plans, ws.config, by=by)
    assert 0 < len(records) == len(plans)


def test_a_step_runs_in_one_process_below_the_parallel_threshold(ws: Workspace) -> None:
    rows, _ = map_plans(ws, triage_step, (ws.config, DAY, None), jobs=1)
    assert rank(rows) == rank(map_plans(ws, triage_step, (ws.config, DAY, None), jobs=2)[0])


def test_the_board_from_the_workers_is_the_board_of_every_plan(ws: Workspace) -> None:
    from saveplan.analysis.board import HORIZON_DAYS, board_of, board_step, build_board
    from saveplan.render.board import board_pieces, render_board

    good, _ = load_all(ws)
    seen, _ = map_plans(ws, board_step, (ws.config, DAY, HORIZON_DAYS), jobs=2)
    board = board_of(seen, ws.config, DAY)
    expected = build_board([(g.shown, g.plan) for g in good], ws.config, DAY)
    assert board == expected
    assert len(board.agenda) == 79 and board.closed == 10 and board.deadlines and board.follow_up
    page = render_board(board)
    assert page == "".join(board_pieces(expected)) and page.endswith("</html>\n")
    assert [s.file for s in seen] == [g.path for g in good]  # for --since: each plan's file

"""saveplan.analysis.movers: what changed between two snapshots, and in which order."""

from __future__ import annotations

from datetime import date

from saveplan.analysis.movers import Change, Row, movers, snapshot_row
from saveplan.models import WorkspaceConfig
from saveplan.plans import load_plan

from .builders import REFERENCE_PLAN


def row(account: str, status: str = "active", light: str | None = "yellow",
        indicator: str | None = "pending") -> Row:
    return Row(account, status, light, indicator)


def test_only_plans_that_changed_are_movers_worse_first() -> None:
    before = {"a.yaml": row("Alpha", light="green", indicator="on_track"),
              "b.yaml": row("Beta"),
              "c.yaml": row("Gamma", light="red", indicator="missed"),
              "d.yaml": row("Delta"),
              "gone.yaml": row("Gone")}
    after = {"a.yaml": row("Alpha", light="yellow", indicator="behind"),  # worse
             "b.yaml": row("Beta"),  # unchanged: not a mover
             "c.yaml": row("Gamma", light="green", indicator="on_track"),  # better
             "d.yaml": row("Delta", status="saved", light=None, indicator=None),  # closed
             "new.yaml": row("Aardvark", light="red", indicator="missed")}
    found = movers(before, after)
    assert [(m.path, m.kind, [c.words for c in m.changes]) for m in found] == [
        ("a.yaml", "changed", ["light green → yellow", "indicator on track → behind"]),
        ("d.yaml", "changed", ["status active → saved", "light yellow → closed",
                               "indicator pending → closed"]),
        ("c.yaml", "changed", ["light red → green", "indicator missed → on track"]),
        ("new.yaml", "added", []),
        ("gone.yaml", "removed", []),
    ]
    assert [(m.worse, m.better) for m in found] == [(True, False), (False, False), (False, True),
                                                    (True, False), (False, False)]


def test_nothing_changed_is_no_mover() -> None:
    same = {"a.yaml": row("Alpha")}
    assert movers(same, dict(same)) == []
    assert movers({}, {}) == []


def test_a_change_names_its_field_in_words() -> None:
    assert Change("indicator", "off_track", "on_track").words == "indicator off track → on track"
    assert Change("status", "invalid", "active").words == "status invalid → active"


def test_a_snapshot_row_is_what_status_says_that_day() -> None:
    plan = load_plan(REFERENCE_PLAN).plan
    config = WorkspaceConfig()
    assert snapshot_row(plan, config, date(2026, 11, 25)) == Row("Northwind Analytics", "active",
                                                                 "yellow", "pending")
    # the check (day 10, 2026-12-03) passed with no reading: missed, red
    assert snapshot_row(plan, config, date(2026, 12, 4)) == Row("Northwind Analytics", "active",
                                                                "red", "missed")
    closed = plan.model_copy(update={"status": "churned"})
    assert snapshot_row(closed, config, date(2026, 12, 4)) == Row("Northwind Analytics", "churned",
                                                                  None, None)

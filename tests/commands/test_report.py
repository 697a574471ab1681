"""`saveplan report PLAN`: the Markdown update on stdout, --week-of, refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..conftest import GOLDEN, Run, roster_yaml


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    (root / "plans").mkdir(parents=True)
    (root / "saveplan.yaml").write_text(roster_yaml("maria"), encoding="utf-8")
    shutil.copy(GOLDEN / "report" / "northwind-midplan.yaml", root / "plans" / "northwind-analytics.yaml")
    monkeypatch.chdir(root)
    return root


def test_the_reference_plan_report(run: Run, ws: Path) -> None:
    result = run("report", "northwind-analytics", "--today", "2026-12-05")
    assert result.code == 0, result.err
    assert result.out == (GOLDEN / "report" / "northwind-midplan.md").read_text(encoding="utf-8")


def test_week_of_and_the_environment(run: Run, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAVEPLAN_TODAY", "2026-12-20")
    by_path = run("report", "plans/northwind-analytics.yaml", "--week-of", "2026-12-01")
    by_other_day = run("report", "northwind-analytics", "--week-of", "2026-12-06")
    assert by_path.code == by_other_day.code == 0
    assert by_path.out == by_other_day.out
    assert by_path.out.startswith("# Northwind Analytics: weekly update, week of 2026-11-30\n")
    assert "stands on 2026-12-06." in by_path.out


@pytest.mark.parametrize(("args", "message"), [
    (("report", "nosuch"), "saveplan: no plan 'nosuch' in plans"),
    (("report", "northwind-analytics", "--week-of", "someday"),
     "saveplan: --week-of 'someday' is not a date"),
])
def test_refusals(run: Run, ws: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(message)

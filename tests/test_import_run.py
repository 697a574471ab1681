"""The import after the reading: --map pairs, what each row does in the workspace
(saveplan.importing `plan_work`), doing it all or nothing (`run_import`), and the words
of it (saveplan/render/imports.py)."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from saveplan.errors import UsageError
from saveplan.importing import Export, Outcome, Row, RowError, Tally, Work, column_map, plan_work, run_import
from saveplan.models import WorkspaceConfig
from saveplan.render import imports as render
from tests.conftest import REFERENCE_PLAN

TODAY = date(2026, 12, 1)


def row(line: int, name: str, renewal: str = "2027-03-01", signals: tuple[str, ...] = ()) -> Row:
    return Row(line, name, 60000.0, date.fromisoformat(renewal), "maria", signals, "value-roi")


def test_map_pairs() -> None:
    assert column_map([" arr = Contract Value", "name=Company"]) == {"arr": "Contract Value",
                                                                    "name": "Company"}
    with pytest.raises(UsageError) as caught:
        column_map(["arr"])
    assert caught.value.message == "--map 'arr': write FIELD=COLUMN, e.g. --map arr=\"Contract Value\""
    with pytest.raises(UsageError):
        column_map(["=Amount"])


def test_what_each_row_does(tmp_path: Path) -> None:
    (tmp_path / "taken.yaml").write_text("x", encoding="utf-8")
    export = Export(rows=[row(2, "Known Co"), row(3, "Far Co", "2028-01-01"), row(4, "New Co"),
                          row(6, "Taken"), row(7, "Late Co", "2026-11-30"), row(8, "Soon Co", "2026-12-02"),
                          row(9, "!!!")],
                    errors=[RowError(5, "ARR", "'x' is not an amount (e.g. 60000)")])
    known = {"known co": tmp_path / "known-co.yaml"}
    work, problems = plan_work(export, known, lambda slug: tmp_path / f"{slug}.yaml", within=None,
                               update=False, started=TODAY, today=TODAY)
    assert [(w.row.name, w.action, w.path.name) for w in work] == [
        ("Known Co", "skip", "known-co.yaml"), ("Far Co", "write", "far-co.yaml"),
        ("New Co", "write", "new-co.yaml")]
    assert [str(p) for p in problems] == [
        "line 5, column 'ARR': 'x' is not an amount (e.g. 60000)",
        f"line 6: {tmp_path / 'taken.yaml'} exists for another account",
        "line 7: the renewal date 2026-11-30 has passed (today is 2026-12-01)",
        "line 8: the renewal date 2026-12-02 must come at least 2 days after the start 2026-12-01",
        "line 9: the account name '!!!' makes no file name"]
    within, _ = plan_work(export, known, lambda slug: tmp_path / f"{slug}.yaml", within=120,
                          update=True, started=TODAY, today=TODAY)
    assert [(w.row.name, w.action, w.note) for w in within][:3] == [
        ("Known Co", "update", ""), ("Far Co", "outside", "renewal 2028-01-01 is not within 120 days"),
        ("New Co", "write", "")]


def test_run_reports_each_row_and_counts(tmp_path: Path) -> None:
    written: list[str] = []
    seen: list[Outcome] = []
    work = [Work(row(2, "A"), "outside", Path(), "renewal 2028-01-01 is not within 120 days"),
            Work(row(3, "B"), "skip", tmp_path / "b.yaml"),
            Work(row(4, "C"), "write", tmp_path / "c.yaml")]
    tally = run_import(work, WorkspaceConfig(), TODAY, dry_run=False,
                       write=lambda item: written.append(item.row.name), report=seen.append)
    assert (tally.written, tally.skipped, tally.updated) == (1, 1, 0)
    assert written == ["C"]
    assert [(o.work.row.name, o.what) for o in seen] == [("A", "outside"), ("B", "skip"), ("C", "write")]
    dry = run_import(work, WorkspaceConfig(), TODAY, dry_run=True,
                     write=lambda item: written.append(item.row.name), report=seen.append)
    assert (dry.written, written) == (1, ["C"])


def test_a_failed_write_takes_the_new_plans_with_it(tmp_path: Path) -> None:
    def write(item: Work) -> None:
        if item.row.name == "Second":
            raise OSError("disk full")
        item.path.write_text("plan", encoding="utf-8")

    work = [Work(row(2, "First"), "write", tmp_path / "first.yaml"),
            Work(row(3, "Second"), "write", tmp_path / "second.yaml")]
    with pytest.raises(OSError):
        run_import(work, WorkspaceConfig(), TODAY, dry_run=False, write=write, report=lambda o: None)
    assert list(tmp_path.iterdir()) == []


def test_an_update_brings_the_arr_up_to_date(tmp_path: Path) -> None:
    plan = tmp_path / "northwind-analytics.yaml"
    shutil.copy(REFERENCE_PLAN, plan)
    seen: list[Outcome] = []
    item = Work(Row(2, "Northwind Analytics", 90000.0, date(2027, 2, 15), "maria", (), "value-roi"),
                "update", plan)
    assert run_import([item], WorkspaceConfig(), TODAY, dry_run=True, write=lambda w: None,
                      report=seen.append).updated == 0
    tally = run_import([item], WorkspaceConfig(), TODAY, dry_run=False, write=lambda w: None,
                       report=seen.append)
    assert tally.updated == 1
    assert [o.what for o in seen] == ["would update", "updated"]
    assert "arr: 90000\n" in plan.read_text(encoding="utf-8")
    run_import([item], WorkspaceConfig(), TODAY, dry_run=False, write=lambda w: None, report=seen.append)
    assert seen[-1].what == "unchanged"


def test_the_words_of_each_row() -> None:
    path = Path("plans/c.yaml")
    new = Work(row(4, "C", signals=("health_drop", "usage_decline")), "write", path)
    assert render.outcome_line(Outcome(new, "write"), dry_run=False) == (
        "  wrote     plans/c.yaml: C, ARR 60,000, renewal 2027-03-01, owner maria, playbook value-roi, "
        "signals health_drop, usage_decline\n")
    plain = Work(row(4, "C"), "write", path)
    assert render.outcome_line(Outcome(plain, "write"), dry_run=True) == (
        "  would write plans/c.yaml: C, ARR 60,000, renewal 2027-03-01, owner maria, playbook value-roi\n")
    assert render.outcome_line(Outcome(Work(row(2, "A"), "outside", Path(), "far"), "outside"),
                               dry_run=False) == "  left out  A: far\n"
    assert render.outcome_line(Outcome(plain, "skip"), dry_run=False) == (
        "  skipped   C: plans/c.yaml has this account "
        "(--update brings its ARR and renewal date up to date)\n")
    assert render.outcome_line(Outcome(plain, "would update"), dry_run=True) == (
        "  would update plans/c.yaml from line 4\n")
    assert render.outcome_line(Outcome(plain, "updated", "set arr to 90000"), dry_run=False) == (
        "  updated   plans/c.yaml: set arr to 90000\n")
    assert render.outcome_line(Outcome(plain, "unchanged"), dry_run=False) == (
        "  unchanged plans/c.yaml: ARR and renewal date are up to date\n")


def test_the_closing_count_and_the_row_problems() -> None:
    assert render.summary(Tally(1, 0, 0), dry_run=False, update=False) == (
        "Wrote 1 draft plan; 0 skipped.\n"
        "Next: fill in each draft (root cause, stakeholders, the <<placeholders>>), then `saveplan check`.\n")
    assert render.summary(Tally(2, 1, 3), dry_run=True, update=True) == (
        "Would write 2 draft plans; 1 skipped, 3 updated.\n")
    assert render.summary(Tally(0, 2, 0), dry_run=False, update=False) == "Wrote 0 draft plans; 2 skipped.\n"
    problems = [RowError(3, "ARR", "'x' is not an amount"), RowError(5, "", "no playbook")]
    assert render.problem_lines(Path("a.csv"), problems) == (
        "  a.csv: line 3, column 'ARR': 'x' is not an amount\n  a.csv: line 5: no playbook\n")
    assert render.problems_message(Path("a.csv"), problems) == "a.csv: 2 row problems; nothing was written"
    assert render.problems_message(Path("a.csv"), problems[:1]) == "a.csv: 1 row problem; nothing was written"


def test_no_progress_bar_off_a_terminal() -> None:
    work = [Work(row(n, f"A{n}"), "write", Path(f"a{n}.yaml")) for n in range(300)]
    assert render.progress(work, io.StringIO()) is work

"""saveplan.approvals.concession_step: a plan's concession rows with their lines, built where
the plan is loaded (plans.map_plans), the same rows `concession_rows` gives and nothing of
the plan."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bench.generate import generate
from saveplan.approvals import (
    ConcessionRow,
    concession_locs,
    concession_rows,
    concession_step,
    listed,
    plan_concessions,
)
from saveplan.models import Plan
from saveplan.plans import PlanFile, load_all, map_plans
from saveplan.workspace import open_workspace

from .builders import plan_data, roster

ROSTER = roster("maria", "sam", "jordan", names=False)


def plan_file(*concessions: dict[str, object], lines: dict[int, int] | None = None) -> PlanFile:
    plan = Plan.model_validate(plan_data("Alpha", concessions=list(concessions)))
    return PlanFile(Path("plans/alpha.yaml"),
                    plan, {("concessions", i): n for i, n in (lines or {}).items()})


def test_the_step_gives_each_concessions_row_with_its_line() -> None:
    pf = plan_file({"kind": "payment_terms", "approved_by": "maria"},
                   {"kind": "discount", "percent": 20, "approved_by": "sam", "tied_to": "Two years",
                    "sunset": " "}, lines={0: 12, 1: 14})
    assert concession_step(pf, ROSTER) == [
        ConcessionRow(path="plans/alpha.yaml", account="Alpha", status="draft", index=0,
                      kind="payment_terms", percent=None, approved_by="maria", approver_role="csm",
                      required_role="csm", within_authority=True, problem=None, tied_to=None,
                      sunset=None, line=12),
        ConcessionRow(path="plans/alpha.yaml", account="Alpha", status="draft", index=1, kind="discount",
                      percent=20, approved_by="sam", approver_role="manager", required_role="director",
                      within_authority=False, problem="beyond a manager's authority: needs a director",
                      tied_to="Two years", sunset=None, line=14),
    ]


def test_a_plan_without_concessions_gives_no_row() -> None:
    assert concession_step(plan_file(), ROSTER) is None


def test_the_rows_are_concession_rows_with_a_line() -> None:
    pf = plan_file({"kind": "custom"}, {"kind": "discount", "approved_by": "sam"}, lines={0: 3, 1: 5})
    rows = concession_step(pf, ROSTER)
    assert rows is not None
    assert [dataclasses.replace(r, line=None) for r in rows] == concession_rows([(pf.shown, pf.plan)], ROSTER)
    assert [r.line for r in rows] == [3, 5]
    assert [r.line for r in concession_rows([(pf.shown, pf.plan)], ROSTER)] == [None, None]
    assert plan_concessions(pf.shown, pf.plan, ROSTER, [7, 9])[1].line == 9


def test_listed_flattens_the_plans_rows_in_order() -> None:
    a = concession_step(plan_file({"kind": "custom"}, {"kind": "custom"}, lines={0: 1, 1: 2}), ROSTER)
    b = concession_step(plan_file({"kind": "payment_terms"}, lines={0: 8}), ROSTER)
    assert a is not None and b is not None
    assert listed([a, b]) == [*a, *b] and listed([]) == []


def test_workers_give_the_rows_one_process_gives_and_no_plan(tmp_path: Path) -> None:
    generate(tmp_path, 250, seed=5)
    (tmp_path / "plans" / "zz-broken.yaml").write_text("version: 1\naccount: [\n", encoding="utf-8")
    ws = open_workspace(tmp_path)
    good, bad = load_all(ws)
    expected = [dataclasses.replace(r, line=g.doc.locate(("concessions", r.index))[0])
                for g in good for r in concession_rows([(g.shown, g.plan)], ws.config)]
    for jobs in (1, 2):
        per_plan, broken = map_plans(ws, concession_step, ws.config, jobs=jobs, wanted=concession_locs)
        assert listed(per_plan) == expected
        assert all(rows for rows in per_plan)  # the plans without concessions are left out
        assert [(b.path, b.findings) for b in broken] == [(b.path, b.findings) for b in bad]
    assert len(expected) > 100 and len(per_plan) < len(good) and bad[-1].path.name == "zz-broken.yaml"
    kept = {type(getattr(r, f.name)) for r in expected for f in dataclasses.fields(r)}
    assert kept <= {str, int, float, bool, type(None)}  # nothing of the plan comes back

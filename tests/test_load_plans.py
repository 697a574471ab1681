"""saveplan.plans.map_plans: a step over the workspace's plans in check's workers, the same
plans and the same problems as one process finds."""

from __future__ import annotations

from pathlib import Path

from bench.generate import generate
from saveplan.findings import Loc
from saveplan.models import Plan
from saveplan.plans import PlanFile, load_all, map_plans
from saveplan.workspace import open_workspace


def test_workers_load_what_one_process_loads(tmp_path: Path) -> None:
    generate(tmp_path, 120, seed=7)
    (tmp_path / "plans" / "zz-broken.yaml").write_text("version: 1\naccount: [\n", encoding="utf-8")
    ws = open_workspace(tmp_path)
    good, bad = load_all(ws)
    for jobs in (1, 2):
        plans, broken = map_plans(ws, whole_plan, None, jobs=jobs)
        assert plans == [(g.path, g.plan) for g in good]
        assert [(b.path, b.findings) for b in broken] == [(b.path, b.findings) for b in bad]
    # of the 120 generated, two carry a seeded mistake that stops them loading
    assert (len(good), len(bad)) == (118, 3)
    assert [b.findings[0].code for b in bad][-1] == "SP100" and bad[-1].path.name == "zz-broken.yaml"


def whole_plan(plan: PlanFile, context: None) -> tuple[Path, Plan]:
    """A step for map_plans that brings the whole plan back (a test's reference, not a view)."""
    return plan.path, plan.plan


def account_and_line(plan: PlanFile, skip: str) -> tuple[str, str, int] | None:
    """A step for map_plans: a small row a plan, None for the plans to leave out."""
    name = plan.plan.account.name
    return None if name.startswith(skip) else (plan.path.name, name, plan.line(("account", "name")))


def wanted_name(plan: Plan) -> list[Loc]:
    return [("account", "name")]


def test_map_plans_keeps_only_the_rows_in_file_order(tmp_path: Path) -> None:
    generate(tmp_path, 120, seed=7)
    (tmp_path / "plans" / "zz-broken.yaml").write_text("version: 1\naccount: [\n", encoding="utf-8")
    ws = open_workspace(tmp_path)
    good, bad = load_all(ws)
    first = good[0].plan.account.name[:1]
    expected = [(g.path.name, g.plan.account.name, g.doc.locate(("account", "name"))[0])
                for g in good if not g.plan.account.name.startswith(first)]
    for jobs in (1, 2):
        rows, broken = map_plans(ws, account_and_line, first, jobs=jobs, wanted=wanted_name)
        assert rows == expected
        assert [(b.path, b.findings) for b in broken] == [(b.path, b.findings) for b in bad]
    assert 0 < len(expected) < len(good) and len(bad) == 3

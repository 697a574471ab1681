"""saveplan.plans.load_plans: the workspace's plans through check's workers, the same
plans and the same problems as one process finds."""

from __future__ import annotations

from pathlib import Path

from bench.generate import generate
from saveplan.plans import load_all, load_plans
from saveplan.workspace import open_workspace


def test_workers_load_what_one_process_loads(tmp_path: Path) -> None:
    generate(tmp_path, 120, seed=7)
    (tmp_path / "plans" / "zz-broken.yaml").write_text("version: 1\naccount: [\n", encoding="utf-8")
    ws = open_workspace(tmp_path)
    good, bad = load_all(ws)
    for jobs in (1, 2):
        plans, broken = load_plans(ws, jobs=jobs)
        assert [(p.path, p.plan) for p in plans] == [(g.path, g.plan) for g in good]
        assert [(b.path, b.findings) for b in broken] == [(b.path, b.findings) for b in bad]
    # of the 120 generated, two carry a seeded mistake that stops them loading
    assert (len(good), len(bad)) == (118, 3)
    assert [b.findings[0].code for b in bad][-1] == "SP100" and bad[-1].path.name == "zz-broken.yaml"

"""Plans as the commands other than `check` use them: loaded, validated, with their
document (for lines) and path. A plan with schema errors is reported, not guessed at."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from saveplan.errors import InvalidPlan
from saveplan.findings import Finding
from saveplan.loader import Document, LoadError, read_document
from saveplan.models import Plan
from saveplan.validation import validate
from saveplan.workspace import Workspace, display_path, place


@dataclass(frozen=True)
class LoadedPlan:
    path: Path
    doc: Document
    plan: Plan

    @property
    def shown(self) -> str:
        return display_path(self.path)


@dataclass(frozen=True)
class BrokenPlan:
    path: Path
    findings: list[Finding]

    @property
    def shown(self) -> str:
        return display_path(self.path)


def try_load(path: Path) -> LoadedPlan | BrokenPlan:
    shown = display_path(path)
    try:
        doc = read_document(path)
    except LoadError as exc:
        return BrokenPlan(path, [Finding("SP100", exc.message, (), shown, exc.line, exc.column)])
    plan, problems = validate(Plan, doc.data)
    if plan is None or any(f.code != "SP103" for f in problems):
        return BrokenPlan(path, place(problems, shown, doc))
    return LoadedPlan(path, doc, plan)


def load_plan(path: Path) -> LoadedPlan:
    """One plan, or InvalidPlan naming the first problem with its line."""
    loaded = try_load(path)
    if isinstance(loaded, BrokenPlan):
        first = loaded.findings[0]
        raise InvalidPlan(f"{first.path}:{first.line}:{first.column}: {first.code} {first.message}",
                          hint=f"run `saveplan check {loaded.shown}` and fix it first")
    return loaded


def load_all(ws: Workspace) -> tuple[list[LoadedPlan], list[BrokenPlan]]:
    """Every plan in the workspace's plans/ folder (sorted by file name)."""
    from saveplan.workspace import collect_plans

    good: list[LoadedPlan] = []
    bad: list[BrokenPlan] = []
    for path in collect_plans([], ws):
        loaded = try_load(path)
        (bad if isinstance(loaded, BrokenPlan) else good).append(loaded)  # type: ignore[arg-type]
    return good, bad


# -- many plans at once: parsed and validated in worker processes, as `check` does ---------

@dataclass(frozen=True)
class PlanFile:
    """A plan that loads, without its document: what whole-workspace views need."""

    path: Path
    plan: Plan

    @property
    def shown(self) -> str:
        return display_path(self.path)


def _plan_or_none(path: Path) -> Plan | None:
    """The plan of a file by `try_load`'s rule, or None (then `try_load` says why)."""
    try:
        doc = read_document(path)
    except LoadError:
        return None
    plan, problems = validate(Plan, doc.data)
    if plan is None or any(f.code != "SP103" for f in problems):
        return None
    return plan


def _load_chunk(paths: list[Path]) -> list[Plan | None]:
    return [_plan_or_none(path) for path in paths]


def load_plans(ws: Workspace, jobs: int | None = None) -> tuple[list[PlanFile], list[BrokenPlan]]:
    """Every plan of the workspace's plans/ (sorted by file name), with check's workers from
    `PARALLEL_FROM` files up; a file that does not load is loaded again here, for its
    findings at their lines. Only the plans are kept, not their node trees."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from saveplan.checker import CHUNK, _workers
    from saveplan.workspace import collect_plans

    files = collect_plans([], ws)
    workers = _workers(len(files), jobs)
    if workers == 1:
        plans = _load_chunk(files)
    else:
        chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            plans = [plan for found in pool.map(_load_chunk, chunks) for plan in found]
    good: list[PlanFile] = []
    bad: list[BrokenPlan] = []
    for path, plan in zip(files, plans, strict=True):
        if plan is not None:
            good.append(PlanFile(path, plan))
            continue
        loaded = try_load(path)
        if isinstance(loaded, BrokenPlan):
            bad.append(loaded)
        else:  # pragma: no cover - the file changed between the two reads
            good.append(PlanFile(path, loaded.plan))
    return good, bad

"""Plans as the commands other than `check` use them: loaded, validated, with their
document (for lines) and path. A plan with schema errors is reported, not guessed at."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from itertools import repeat
from pathlib import Path
from typing import Any, TypeVar

from saveplan.documents import Broken, load, refusal
from saveplan.findings import Finding, Loc
from saveplan.loader import Document
from saveplan.models import Plan
from saveplan.workspace import Workspace, display_path


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
    """A plan by the one rule of "does this plan load" (documents.as_used)."""
    loaded = load(path, Plan, display_path(path))
    if isinstance(loaded, Broken):
        return BrokenPlan(path, loaded.findings)
    return LoadedPlan(path, loaded.doc, loaded.model)


def load_plan(path: Path) -> LoadedPlan:
    """One plan, or InvalidPlan naming the first problem with its line."""
    loaded = try_load(path)
    if isinstance(loaded, BrokenPlan):
        raise refusal(loaded.findings, loaded.shown)
    return loaded


def load_all(ws: Workspace) -> tuple[list[LoadedPlan], list[BrokenPlan]]:
    """Every plan in the workspace's plans/ folder (sorted by file name), in this process,
    with its document: the reference `map_plans` (what the commands use) is tested against."""
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
    """A plan that loads, without its document: what whole-workspace views need. `lines`
    holds the line of each key path the loader was asked for (`map_plans(wanted=...)`)."""

    path: Path
    plan: Plan
    lines: Mapping[Loc, int] = field(default_factory=dict)

    @property
    def shown(self) -> str:
        return display_path(self.path)

    def line(self, loc: Loc) -> int:
        return self.lines[loc]


def _plan_or_none(path: Path, wanted: Callable[[Plan], Iterable[Loc]] | None = None
                  ) -> tuple[Plan, dict[Loc, int]] | None:
    """The plan of a file by `try_load`'s rule (with the lines `wanted` asks for), or None
    (then `try_load` says why)."""
    loaded = load(path, Plan, "")
    if isinstance(loaded, Broken):
        return None
    return loaded.model, _lines(loaded.doc, loaded.model, wanted)


def _lines(doc: Document, plan: Plan, wanted: Callable[[Plan], Iterable[Loc]] | None) -> dict[Loc, int]:
    return {} if wanted is None else {loc: doc.locate(loc)[0] for loc in wanted(plan)}


C = TypeVar("C")
R = TypeVar("R")


class _Answer(Enum):
    BROKEN = "broken"  # from a worker: this file did not load (its findings are read here)


_BROKEN: Any = _Answer.BROKEN  # an enum member comes back from a worker as itself


def map_plans(ws: Workspace, step: Callable[[PlanFile, C], R | None], context: C, *,
              jobs: int | None = None, wanted: Callable[[Plan], Iterable[Loc]] | None = None
              ) -> tuple[list[R], list[BrokenPlan]]:
    """`step(plan, context)` for every plan of the workspace that loads, in file order, run
    where the plan was loaded (check's workers, from `PARALLEL_FROM` files up): only what it
    returns comes back, and None leaves the plan out. A view that keeps a small row a plan
    this way needs a fraction of what keeping the plans would (a loaded plan is about 7 KB
    in memory: 70 MB at 10,000 plans). `step` is a module-level function and `context` can
    be pickled (workers are given both); a file that does not load is read again here, for
    its findings at their lines (in `bad`, in file order)."""
    from saveplan.checker import CHUNK

    files, answers = _spread(ws, jobs, _map_chunk, (step, context, wanted), size=lambda n, w: CHUNK)
    rows: list[R] = []
    bad: list[BrokenPlan] = []
    for path, row in zip(files, answers, strict=True):
        if row is _BROKEN:
            again = _again(path, bad, wanted)
            if again is None:
                continue
            row = step(again, context)  # pragma: no cover - the file changed between the reads
        if row is not None:
            rows.append(row)
    return rows, bad


def _map_chunk(paths: list[Path], job: tuple[Callable[[PlanFile, Any], Any], Any,
                                             Callable[[Plan], Iterable[Loc]] | None]) -> list[Any]:
    step, context, wanted = job
    answers = []
    for path in paths:
        loaded = _plan_or_none(path, wanted)
        answers.append(_BROKEN if loaded is None else step(PlanFile(path, *loaded), context))
    return answers


def _spread(ws: Workspace, jobs: int | None, work: Callable[[list[Path], Any], list[Any]], job: Any,
            size: Callable[[int, int], int]) -> tuple[list[Path], list[Any]]:
    """The workspace's plan files and `work(chunk, job)` for chunks of them (of `size(files,
    workers)` files), in one process or in forked workers, the answers in file order."""
    from saveplan.checker import _workers
    from saveplan.workspace import collect_plans

    files = collect_plans([], ws)
    workers = _workers(len(files), jobs)
    if workers == 1:
        return files, work(files, job)
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    step = size(len(files), workers)
    chunks = [files[i:i + step] for i in range(0, len(files), step)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        answers = [one for part in pool.map(work, chunks, repeat(job)) for one in part]
    return files, answers


def _again(path: Path, bad: list[BrokenPlan], wanted: Callable[[Plan], Iterable[Loc]] | None
           ) -> PlanFile | None:
    """A file a worker could not load, loaded again here: its findings go to `bad` (None
    comes back), or it loads now (it changed between the two reads)."""
    again = try_load(path)
    if isinstance(again, BrokenPlan):
        bad.append(again)
        return None
    return PlanFile(path, again.plan, _lines(again.doc, again.plan, wanted))  # pragma: no cover

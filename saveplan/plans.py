"""Plans as the commands other than `check` use them: loaded, validated, with their
document (for lines) and path. A plan with schema errors is reported, not guessed at."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from itertools import repeat
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from saveplan.dates import DateRef
from saveplan.documents import Broken, load, refusal
from saveplan.findings import Finding, Loc
from saveplan.loader import Document
from saveplan.models import Plan
from saveplan.workspace import Workspace, display_path

M = TypeVar("M", bound=BaseModel)
# values shared by equality: immutable, and equal only to their own type (not numbers: 1 == 1.0)
SHARED = frozenset({str, date, DateRef})
CHUNKS_A_WORKER = 4


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
    """Every plan in the workspace's plans/ folder (sorted by file name), in this process:
    the reference `load_plans` (what the commands use) is tested against."""
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
    holds the line of each key path the loader was asked for (`load_plans(wanted=...)`)."""

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


def _load_chunk(paths: list[Path], wanted: Callable[[Plan], Iterable[Loc]] | None = None
                ) -> list[tuple[Plan, dict[Loc, int]] | None]:
    """The plans of `paths`, in a worker or in `load_plans`' own process. The collector is
    off there (`load_plans` turns it off before the workers fork), so the reference cycles
    a parsed document leaves behind are freed here, every `CHUNK` files: left to pile up, they
    made each worker grow to four times check's size, and in one process `gc.freeze`
    would have kept them for good."""
    import gc

    from saveplan.checker import CHUNK

    loaded: list[tuple[Plan, dict[Loc, int]] | None] = []
    shared: dict[object, Any] = {}
    for at in range(0, len(paths), CHUNK):
        found = [_plan_or_none(path, wanted) for path in paths[at:at + CHUNK]]
        loaded += [None if one is None else (_share_values(one[0], shared), one[1]) for one in found]
        del found
        if not gc.isenabled():
            gc.collect(0)  # the youngest generation: what these files allocated
    return loaded


def _share_values(model: M, shared: dict[object, Any]) -> M:
    """The model with what it has in common with the chunk's other plans shared: one set
    object for equal fields sets, one object for equal strings and dates, and one model for
    equal leaf models (an update `{on, to}`, a touch, a date reference: no list or model
    inside). Pickle keeps the sharing within a chunk; it takes more than half of a loaded
    plan's memory off. Whole-workspace views only read their plans, so nothing is changed
    behind another plan's back. Returns the model to keep (an equal one seen before, or
    this one)."""
    names = model.__pydantic_fields_set__
    object.__setattr__(model, "__pydantic_fields_set__", shared.setdefault(frozenset(names), names))
    values = model.__dict__
    leaf = True
    for key, value in values.items():
        kind = type(value)
        if kind in SHARED:
            values[key] = shared.setdefault(value, value)
        elif isinstance(value, BaseModel):
            values[key] = _share_values(value, shared)
            leaf = False
        elif kind is list:
            value[:] = [_share_values(item, shared) if isinstance(item, BaseModel)
                        else shared.setdefault(item, item) if type(item) in SHARED else item
                        for item in value]
            leaf = False
    if not leaf or model.__pydantic_extra__ or getattr(model, "__pydantic_private__", None):
        return model
    try:  # the types too: 1 and 1.0 are equal, but a target of 1.0 is shown as 1.0
        return cast(M, shared.setdefault((type(model), frozenset(names),
                                          *((type(v), v) for v in values.values())), model))
    except TypeError:  # an unhashable value: kept as it is
        return model


def load_plans(ws: Workspace, jobs: int | None = None,
               wanted: Callable[[Plan], Iterable[Loc]] | None = None
               ) -> tuple[list[PlanFile], list[BrokenPlan]]:
    """Every plan of the workspace's plans/ (sorted by file name), with check's workers from
    `PARALLEL_FROM` files up; a file that does not load is loaded again here, for its
    findings at their lines. Only the plans are kept (and the lines of the key paths
    `wanted` names, a module-level function so workers can be given it), not their node
    trees. The collector is held off while the plans arrive and the plans are frozen out of
    its scans afterwards: they live as long as the command. A view that needs a little of
    each plan, not the plans, uses `map_plans`."""
    import gc

    from saveplan.checker import CHUNK

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        # a few large chunks a worker, not check's small ones: a chunk's plans share their
        # equal values (`_share_values`), and each chunk pays a round trip
        files, plans = _spread(ws, jobs, _load_chunk, wanted,
                                size=lambda n, w: max(CHUNK, -(-n // (w * CHUNKS_A_WORKER))))
        good: list[PlanFile] = []
        bad: list[BrokenPlan] = []
        for path, loaded in zip(files, plans, strict=True):
            if loaded is not None:
                good.append(PlanFile(path, *loaded))
            elif (again := _again(path, bad, wanted)) is not None:  # pragma: no cover - a race
                good.append(again)
    finally:
        if was_enabled:
            gc.enable()
    gc.collect(0)  # what was allocated since the last chunk: the broken files' documents
    gc.freeze()
    return good, bad


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
    this way needs a fraction of what `load_plans` keeps (a loaded plan is about 7 KB in
    memory: 70 MB at 10,000 plans). `step` is a module-level function and `context` can be
    pickled (workers are given both); a file that does not load is reported as `load_plans`
    reports it."""
    from saveplan.checker import CHUNK

    files, answers = _spread(ws, jobs, _map_chunk, (step, context, wanted),
                                size=lambda n, w: CHUNK)
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

"""Plans as the commands other than `check` use them: loaded, validated, with their
document (for lines) and path. A plan with schema errors is reported, not guessed at."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
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
    its scans afterwards: they live as long as the command."""
    import gc
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from saveplan.checker import CHUNK, _workers
    from saveplan.workspace import collect_plans

    files = collect_plans([], ws)
    workers = _workers(len(files), jobs)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if workers == 1:
            plans = _load_chunk(files, wanted)
        else:
            # a few large chunks a worker, not check's small ones: a chunk's plans share their
            # equal values (`_share_values`), and each chunk pays a round trip
            size = max(CHUNK, -(-len(files) // (workers * CHUNKS_A_WORKER)))
            chunks = [files[i:i + size] for i in range(0, len(files), size)]
            with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
                plans = [plan for found in pool.map(_load_chunk, chunks, repeat(wanted))
                         for plan in found]
        good: list[PlanFile] = []
        bad: list[BrokenPlan] = []
        for path, loaded in zip(files, plans, strict=True):
            if loaded is not None:
                good.append(PlanFile(path, *loaded))
                continue
            again = try_load(path)
            if isinstance(again, BrokenPlan):
                bad.append(again)
            else:  # pragma: no cover - the file changed between the two reads
                good.append(PlanFile(path, again.plan, _lines(again.doc, again.plan, wanted)))
    finally:
        if was_enabled:
            gc.enable()
    gc.collect(0)  # what was allocated since the last chunk: the broken files' documents
    gc.freeze()
    return good, bad

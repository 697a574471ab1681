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

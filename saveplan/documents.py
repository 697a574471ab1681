"""The one document loader: a YAML file (or its text) read as a given model, `Loaded` or
`Broken`, with its findings placed at their lines.

Every reader goes through `load`: `saveplan check` (plans and playbooks), the commands'
plans (`plans.try_load`, `map_plans`), the workspace file, the playbook library and the
safety check of the edits (record, done, close, touch). The steps are written here once:

    read (loader.read_or_sp100: SP100 at its line) -> judge (model + findings) -> place

What differs between readers is only the judge, the rule that makes a model of a parsed
document: `as_used` (the default) is the one rule of "does this plan load" that every
command but `check` rests on; `spotless` refuses any finding (the workspace file);
`check` passes its own, which runs the method rules on every part that validated
(checker.check_document), and the library its playbook rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from saveplan.errors import InvalidPlan
from saveplan.findings import Finding, in_file_order
from saveplan.loader import Document, parse_or_sp100, read_or_sp100
from saveplan.validation import blocking, usable, validate

M = TypeVar("M", bound=BaseModel)

Judge = Callable[[type[M], Document], tuple[M | None, list[Finding]]]
"""How a parsed document becomes a model: the model, or None where the document does not
load as one, and the findings about it (not yet placed at lines)."""


@dataclass(frozen=True, slots=True)
class Loaded(Generic[M]):
    """A document that loads: its node tree (for lines), its model, and the findings that
    did not stop it loading (unknown keys for the commands; every finding for `check`),
    placed, in file order."""

    doc: Document
    model: M
    findings: list[Finding]


@dataclass(frozen=True, slots=True)
class Broken:
    """A document that does not load: its findings placed, in file order (at least one).
    `doc` is None where the file could not even be read (the finding is SP100)."""

    findings: list[Finding]
    doc: Document | None = None


def as_used(model: type[M], doc: Document) -> tuple[M | None, list[Finding]]:
    """The one rule of "does this plan load" (validation.usable): it validates as it is, and
    its only problems are unknown keys (SP103)."""
    found, problems = validate(model, doc.data)
    return (found if usable(found, problems) else None), problems


def spotless(model: type[M], doc: Document) -> tuple[M | None, list[Finding]]:
    """Loads only with no finding at all (the workspace file: nothing is half-applied)."""
    found, problems = validate(model, doc.data)
    return (found if not problems else None), problems


def place(findings: list[Finding], path: str, doc: Document) -> list[Finding]:
    """Findings with their path, line and column, in file order."""
    placed = []
    for f in findings:
        line, column = doc.locate(f.loc)
        placed.append(replace(f, path=path, line=line, column=column))
    return in_file_order(placed)


def judged(doc: Document, model: type[M], shown: str, judge: Judge[M] = as_used) -> Loaded[M] | Broken:
    """A parsed document judged as `model`, its findings placed (`shown`: the path as
    findings name it)."""
    found, findings = judge(model, doc)
    placed = place(findings, shown, doc)
    return Broken(placed, doc) if found is None else Loaded(doc, found, placed)


def load(path: Path, model: type[M], shown: str, judge: Judge[M] = as_used) -> Loaded[M] | Broken:
    """The file at `path` as `model`: read (SP100 where it cannot be), judged, placed."""
    doc, unreadable = read_or_sp100(path, shown)
    if doc is None:
        return Broken(unreadable)
    return judged(doc, model, shown, judge)


def load_text(text: str, model: type[M], shown: str, judge: Judge[M] = as_used) -> Loaded[M] | Broken:
    """The same for text already read (an edit reads the file itself, under its lock)."""
    doc, unreadable = parse_or_sp100(text, shown)
    if doc is None:
        return Broken(unreadable)
    return judged(doc, model, shown, judge)


def refusal(findings: list[Finding], shown: str) -> InvalidPlan:
    """The error a command raises for a plan it needs that does not load (`findings`: a
    Broken's, by `as_used`): the first finding that stops it loading (an unknown key does
    not), with where to look."""
    return InvalidPlan((blocking(findings) or findings)[0].one_line(),
                       hint=f"run `saveplan check {shown}` and fix it first")

"""The core of `saveplan check`: files -> load -> model -> rules -> placed findings.

No terminal here: `check_files` returns a `CheckResult` that a reporter prints.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from pathlib import Path

from saveplan.findings import Finding
from saveplan.loader import Document, LoadError, read_document
from saveplan.models import Plan, WorkspaceConfig
from saveplan.rules import Context, run_rules
from saveplan.validation import validate
from saveplan.workspace import display_path, is_playbook_path, place


@dataclass
class CheckResult:
    files: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def _drop_repeats(schema: list[Finding], method: list[Finding]) -> list[Finding]:
    """A value the schema already flagged (and set aside) is not flagged again by a rule
    that sees it as missing."""
    flagged = {f.loc for f in schema}
    return schema + [f for f in method if f.loc not in flagged]


def check_document(
    doc: Document, config: WorkspaceConfig, today: date
) -> tuple[Plan | None, list[Finding]]:
    """Schema and method findings for one parsed plan, not yet placed at lines."""
    plan, schema = validate(Plan, doc.data)
    if plan is None:
        return None, schema
    return plan, _drop_repeats(schema, run_rules(plan, Context(today=today, config=config)))


def check_file(path: Path, config: WorkspaceConfig, today: date) -> list[Finding]:
    shown = display_path(path)
    try:
        doc = read_document(path)
    except LoadError as exc:
        return [Finding("SP100", exc.message, (), shown, exc.line, exc.column)]
    if is_playbook_path(path):
        from saveplan.playbook import check_playbook_document

        return place(check_playbook_document(doc), shown, doc)
    _, found = check_document(doc, config, today)
    return place(found, shown, doc)


PARALLEL_FROM = 200  # below this many files, starting workers costs more than it saves
CHUNK = 50


def _check_chunk(paths: list[Path], config: WorkspaceConfig, today: date) -> list[Finding]:
    return [f for path in paths for f in check_file(path, config, today)]


def _workers(n_files: int, jobs: int | None = None) -> int:
    """Worker processes to use: `jobs` where given, else the machine's cores when files
    are many; always 1 without fork (workers inherit the imported modules, so they start
    in milliseconds)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if jobs is None:
        if n_files < PARALLEL_FROM:
            return 1
        jobs = os.cpu_count() or 1
    return max(1, min(jobs, -(-n_files // CHUNK)))


def check_files(paths: Iterable[Path], config: WorkspaceConfig, today: date,
                extra: Iterable[Finding] = (), jobs: int | None = None) -> CheckResult:
    """Check every file; findings come back in the order of the files, whatever the workers.
    `jobs`: worker processes (None: automatic)."""
    files = list(paths)
    result = CheckResult(files=len(files), findings=list(extra))
    workers = _workers(len(files), jobs)
    if workers == 1:
        for path in files:
            result.findings.extend(check_file(path, config, today))
        return result
    chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for found in pool.map(_check_chunk, chunks, repeat(config), repeat(today)):
            result.findings.extend(found)
    return result

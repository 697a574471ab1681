"""The board's `--since`: the plans as they were at a git revision against the plans as
they are now, as the two snapshots `saveplan.analysis.movers` compares. Reads the files
of plans/ from git (`saveplan.gitlog`); a file that did not load counts as status
`invalid`, then and now."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from saveplan import gitlog
from saveplan.analysis.movers import Mover, Row, movers, snapshot_row
from saveplan.gitlog import Revision
from saveplan.models import Plan
from saveplan.plans import BrokenPlan
from saveplan.workspace import PLANS_DIR, Workspace


def plan_of(raw: bytes) -> Plan | None:
    """A plan from a file's bytes, by the one rule of "does this plan load"
    (`saveplan.documents`: a plan with only unknown keys still loads), or None."""
    from saveplan.documents import Loaded, load_text
    from saveplan.loader import LoadError, decode

    try:
        text = decode(raw)
    except LoadError:
        return None
    loaded = load_text(text, Plan, "")
    return loaded.model if isinstance(loaded, Loaded) else None


def movers_since(ws: Workspace, root: Path, rev: Revision, now_rows: Sequence[tuple[Path, Row]],
                 bad: Sequence[BrokenPlan], day: date) -> list[Mover]:
    """The plans as they were at `rev` (judged on that day, at the latest today) against
    the plans as they are now (each file's `snapshot_row` on `day`)."""
    then_day = min(rev.day, day)

    def key(path: Path) -> str:
        return Path(os.path.relpath(path, ws.root)).as_posix()

    now = {key(path): row for path, row in now_rows}
    now.update({key(b.path): Row(b.path.stem, "invalid", None, None) for b in bad})
    before: dict[str, Row] = {}
    for rel, raw in gitlog.read_files(root, rev, ws.plans_dir).items():
        plan = plan_of(raw)
        path = f"{PLANS_DIR}/{rel}"
        before[path] = (Row(Path(rel).stem, "invalid", None, None) if plan is None
                        else snapshot_row(plan, ws.config, then_day))
    return movers(before, now)

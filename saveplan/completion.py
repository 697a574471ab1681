"""Shell completion of the words saveplan knows: plan slugs, playbook ids, action numbers
and ids, rule codes. Each runs on every Tab press, so each is cheap: it reads folder
listings and a few lines of text, and imports neither pydantic nor ruamel.yaml."""

from __future__ import annotations

import os
import re
from pathlib import Path

import typer

_SUFFIXES = (".yaml", ".yml")
_ITEM = re.compile(r"^(\s*-\s)")
_ACTION_ID = re.compile(r"^\s*(?:-\s+)?\{?\s*id:\s*['\"]?([\w.-]+)")
_TOP_KEY = re.compile(r"^[A-Za-z_]")


def _root() -> Path:
    """The workspace as the commands find it: SAVEPLAN_WORKSPACE, else the first folder up
    from here with saveplan.yaml or plans/, else here."""
    given = os.environ.get("SAVEPLAN_WORKSPACE")
    here = Path.cwd()
    if given:
        return here / given
    for folder in (here, *here.parents):
        if (folder / "saveplan.yaml").is_file() or (folder / "plans").is_dir():
            return folder
    return here


def _stems(folder: Path) -> list[str]:
    try:
        return sorted(p.stem for p in folder.iterdir() if p.suffix in _SUFFIXES)
    except OSError:
        return []


def plan_slugs(incomplete: str) -> list[str]:
    """The slugs of the workspace's plans."""
    return [s for s in _stems(_root() / "plans") if s.startswith(incomplete)]


def playbook_ids(incomplete: str) -> list[str]:
    """Built-in playbook ids and the workspace's own (a file's name is its id)."""
    builtin = Path(__file__).resolve().parent / "playbooks"
    if not builtin.is_dir():  # an editable install keeps them at the repository's top
        builtin = Path(__file__).resolve().parent.parent / "playbooks"
    ids = sorted({*_stems(builtin), *_stems(_root() / "playbooks")})
    return [i for i in ids if i.startswith(incomplete)]


def _plan_file(ref: str) -> Path | None:
    given = Path(ref)
    if given.suffix in _SUFFIXES and given.is_file():
        return given
    for suffix in _SUFFIXES:
        candidate = _root() / "plans" / f"{ref}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def action_refs(ctx: typer.Context, incomplete: str) -> list[str]:
    """The numbers 1..N of the actions of the plan named before, and their `id`s."""
    ref = ctx.params.get("plan")
    path = _plan_file(ref) if isinstance(ref, str) else None
    if path is None:
        return []
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    count, ids, inside, item = 0, [], False, ""
    for line in lines:
        if _TOP_KEY.match(line):
            inside = line.startswith("actions:")
            continue
        if not inside:
            continue
        if not item:
            start = _ITEM.match(line)
            item = start.group(1) if start else ""
        if item and line.startswith(item):
            count += 1
        found = _ACTION_ID.match(line)
        if found and count:
            ids.append(found.group(1))
    words = [str(n) for n in range(1, count + 1)] + ids
    return [w for w in words if w.startswith(incomplete)]


def rule_codes(incomplete: str) -> list[str]:
    """Every rule code (and, after a comma, the next one: `--ignore SP301,SP3`)."""
    from saveplan.findings import CODES  # dataclasses only: cheap

    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    return [prefix + c for c in CODES if c.startswith(last.upper())]

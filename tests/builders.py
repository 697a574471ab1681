"""The one set of test builders: the team and its rosters, plans as data and as YAML, and
workspaces on disk. A test file that needs a plan, a roster or a workspace builds it here."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from saveplan.loader import parse, read_document
from saveplan.models import Plan, WorkspaceConfig

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
CASES = REPO / "tests" / "cases"
REFERENCE_PLAN = REPO / "plans" / "northwind-analytics.yaml"  # the example workspace's reference plan
EDIT_INPUT = GOLDEN / "edit" / "input"
MIDPLAN_YAML = GOLDEN / "report" / "northwind-midplan.yaml"  # the reference plan at day 12

# one team for every test roster: id -> (name, role)
TEAM = {
    "maria": ("Maria Lopez", "csm"),
    "tomas": ("Tomas Berg", "csm"),
    "sam": ("Sam Reed", "manager"),
    "rachel": ("Rachel Nguyen", "manager"),
    "jordan": ("Jordan Kim", "director"),
    "alex": ("Alex Chen", "vp"),
}


# -- rosters ------------------------------------------------------------------------------

def roster_yaml(*ids: str) -> str:
    """A saveplan.yaml with these people of TEAM, in this order."""
    people = "".join(f"  {i}: {{name: {TEAM[i][0]}, role: {TEAM[i][1]}}}\n" for i in ids)
    return f"version: 1\npeople:\n{people}"


def roster(*ids: str, names: bool = True) -> WorkspaceConfig:
    """The settings of a saveplan.yaml with these people of TEAM (by role only: names=False)."""
    people = {i: {"name": TEAM[i][0], "role": TEAM[i][1]} if names else {"role": TEAM[i][1]} for i in ids}
    return WorkspaceConfig.model_validate({"people": people})


# -- plans as data ------------------------------------------------------------------------

def plan_data(name: str = "Northwind Analytics", arr: float = 84000, renewal: str | date = "2027-02-15",
              started: str | date = "2026-11-23", /, *, owner: str = "maria", **keys: Any) -> dict[str, Any]:
    """The keys every plan needs (the reference plan's by default), then `keys` (a key of
    those four in `keys` replaces it in place: plan_data(started="next week"))."""
    return {"account": {"name": name, "arr": arr, "renewal_date": renewal}, "owner": owner,
            "started": started, **keys}


def load_plan(path: Path) -> Plan:
    """The plan in a file."""
    return Plan.model_validate(read_document(path).data)


def parse_plan(text: str) -> Plan:
    """The plan in a YAML text."""
    return Plan.model_validate(parse(text).data)


def changed(plan: Plan, **keys: object) -> Plan:
    """The plan with these top-level keys replaced."""
    data = plan.model_dump()
    data.update(keys)
    return Plan.model_validate(data)


# -- plans as YAML ------------------------------------------------------------------------

def plan_head(name: str, arr: int = 84000, renewal: str = "2027-02-15", started: str = "2026-11-23",
              *, owner: str = "maria") -> str:
    """The first lines of a plan file: version, the account in flow style, owner, started."""
    return (f"version: 1\naccount: {{name: {name}, arr: {arr}, renewal_date: {renewal}}}\n"
            f"owner: {owner}\nstarted: {started}\n")


# -- workspaces on disk -------------------------------------------------------------------

def write_tree(root: Path, files: Mapping[str | Path, str | Path]) -> Path:
    """Make `root` with these files (path inside it -> text, or a file to copy byte for byte)."""
    root.mkdir(parents=True)
    for where, content in files.items():
        target = root / where
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copy(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def files_under(root: Path) -> list[str]:
    """Every file below `root` (not inside a .git folder), as sorted relative paths."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and ".git" not in p.relative_to(root).parts)


def copy_example(root: Path) -> Path:
    """Make `root` a copy of the repository's example workspace (saveplan.yaml and plans/)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "saveplan.yaml", root / "saveplan.yaml")
    shutil.copytree(REPO / "plans", root / "plans")
    return root

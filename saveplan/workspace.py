"""Finding the workspace, its `saveplan.yaml`, its plans and a plan by slug.

A workspace is the first folder, walking up from the current one, that holds
`saveplan.yaml` or `plans/`; `--workspace DIR` overrides. Outside any workspace the
current folder is used with the built-in defaults (so `saveplan check file.yaml` works
anywhere).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from saveplan.documents import Broken, load, spotless
from saveplan.documents import place as place  # where authoring and older tests import it from
from saveplan.errors import PlanNotFound, UsageError, WorkspaceError
from saveplan.findings import Finding
from saveplan.models import WorkspaceConfig

CONFIG_NAME = "saveplan.yaml"
PLANS_DIR = "plans"
PLAYBOOKS_DIR = "playbooks"
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Workspace:
    root: Path
    config: WorkspaceConfig
    config_findings: list[Finding] = field(default_factory=list)

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def plans_dir(self) -> Path:
        return self.root / PLANS_DIR

    @property
    def playbooks_dir(self) -> Path:
        return self.root / PLAYBOOKS_DIR


def find_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file() or (folder / PLANS_DIR).is_dir():
            return folder
    return None


def load_config(path: Path) -> tuple[WorkspaceConfig, list[Finding]]:
    """The workspace settings and the problems found in the file (placed at their lines).
    A file with problems yields the built-in defaults, so nothing is half-applied."""
    shown = display_path(path)
    if not path.is_file():
        return WorkspaceConfig(), []
    loaded = load(path, WorkspaceConfig, shown, spotless)
    if isinstance(loaded, Broken):
        return WorkspaceConfig(), loaded.findings
    return loaded.model, []


def open_workspace(explicit: Path | None = None, cwd: Path | None = None) -> Workspace:
    here = (cwd or Path.cwd()).resolve()
    if explicit is not None:
        root = (here / explicit).resolve()
        if not root.is_dir():
            raise UsageError(f"--workspace {explicit}: no such folder")
    else:
        root = find_root(here) or here
    config, findings = load_config(root / CONFIG_NAME)
    return Workspace(root=root, config=config, config_findings=findings)


def require_valid_config(ws: Workspace) -> None:
    """For commands other than check: a broken saveplan.yaml is an error, with its line."""
    if ws.config_findings:
        first = ws.config_findings[0]
        more = len(ws.config_findings) - 1
        raise WorkspaceError(
            first.one_line()
            + (f" (and {more} more)" if more else ""),
            hint="run `saveplan check` to see every problem",
        )


def display_path(path: Path) -> str:
    """A path as people and CI annotations want it: relative to the current folder."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


def is_playbook_path(path: Path) -> bool:
    """Files in a folder named playbooks/ are playbooks, checked against the playbook format."""
    return path.parent.name == PLAYBOOKS_DIR


def _yaml_files(folder: Path) -> list[Path]:
    """The .yaml files below `folder`, sorted by path. A link named *.yaml is listed even
    when it leads nowhere or loops, so check reports it (SP100) instead of skipping it;
    linked folders are not followed (no loops, nothing outside the tree). os.walk is ~20x
    cheaper than Path.rglob at 50,000 plans."""
    found: list[str] = []
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        found.extend(os.path.join(top, n) for n in names if os.path.splitext(n)[1] in YAML_SUFFIXES)
        for d in dirs:  # a link to a folder is not followed, but a link named x.yaml is a plan
            if os.path.splitext(d)[1] in YAML_SUFFIXES:
                found.append(os.path.join(top, d))
    return [Path(p) for p in sorted(found)]


def _not_a_plan(path: Path) -> str | None:
    """Why a path named on the command line cannot be a plan file, or None when it may be."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file or folder" if not path.is_symlink() else "a link that leads nowhere"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if
            stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else
            "not a regular file")
    return f"{kind}, not a plan file"


def collect_plans(paths: list[Path], ws: Workspace) -> list[Path]:
    """Plan files from the arguments (files or folders); default: the workspace's plans/."""
    if not paths:
        if not ws.plans_dir.is_dir():
            raise WorkspaceError(f"no plans/ folder in {display_path(ws.root)}",
                                 hint="run `saveplan init` to create a workspace, or name files")
        found = _yaml_files(ws.plans_dir)
        if not found:
            raise WorkspaceError(f"no plan found in {display_path(ws.plans_dir)}",
                                 hint="create one with `saveplan new`")
        return found
    files: list[Path] = []
    for given in paths:
        problem = _not_a_plan(given)
        if problem is not None:
            raise UsageError(f"{given}: {problem}")
        if given.is_dir():
            inside = _yaml_files(given)
            if not inside:
                raise UsageError(f"{given}: no .yaml file in this folder")
            files += inside
        else:
            files.append(given)
    return list(dict.fromkeys(files))


def slugify(name: str) -> str:
    """the contract: lower-case, each run of characters other than a-z and 0-9 one `-`, no `-` at
    either end. Accents are folded first (`Café` -> `cafe`)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def resolve_plan(ref: str, ws: Workspace) -> Path:
    """PLAN: a path to a plan file, or its slug in the workspace's plans/."""
    as_path = Path(ref)
    if as_path.suffix in YAML_SUFFIXES and as_path.is_file():
        return as_path
    slug = slugify(ref)
    for suffix in YAML_SUFFIXES:
        candidate = ws.plans_dir / f"{slug}{suffix}"
        if slug and candidate.is_file():
            return candidate
    known = [p.stem for p in _yaml_files(ws.plans_dir)] if ws.plans_dir.is_dir() else []
    close = [k for k in known if slug and (slug in k or k in slug)]
    raise PlanNotFound(f"no plan '{ref}' in {display_path(ws.plans_dir)}",
                       hint=f"did you mean {', '.join(close)}?" if close
                       else f"known plans: {', '.join(known)}" if known
                       else "create one with `saveplan new`")

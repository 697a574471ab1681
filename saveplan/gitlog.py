"""Reading the plan files of an earlier commit from git, for the board's `--since`.

Git is the record of a plans repository: this module asks it, through the `git` command
(subprocess, never a shell), for the commit a `--since REF` names and for the plan files
as they were in that commit. Three calls whatever the number of plans: one to find the
commit, one to list the files (`git ls-tree`), one to read them all (`git cat-file --batch`).
Nothing else in saveplan depends on this module; it decides nothing about the plans.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from saveplan.errors import UsageError

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YAML_SUFFIXES = (".yaml", ".yml")
MAX_BLOB = 8 << 20  # larger files are not plans (the loader refuses them too)


@dataclass(frozen=True)
class Revision:
    """The commit a `--since` names: its id, the day the board judges it on (the date
    given, or the commit's own day), the words given, and the commit's day."""

    sha: str
    day: date
    ref: str
    committed: date
    by_date: bool = False

    @property
    def describe(self) -> str:
        """`HEAD~1 (commit 1a2b3c4d5e of 2026-11-18)`, `2026-11-20 (the last commit before it,
        1a2b3c4d5e of 2026-11-18)`."""
        if self.by_date:
            return f"{self.ref} (the last commit before it, {self.short} of {self.committed.isoformat()})"
        return f"{self.ref} (commit {self.short} of {self.committed.isoformat()})"

    @property
    def short(self) -> str:
        return self.sha[:10]


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    env.pop("GIT_DIR", None)  # the repository is the one around the workspace, nothing else
    env.pop("GIT_WORK_TREE", None)
    try:
        return subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, env=env,
                              check=False)
    except FileNotFoundError:
        raise UsageError("--since reads the git history, and git is not installed",
                         hint="install git, or leave out --since") from None


def repo_root(folder: Path) -> Path:
    """The top folder of the git work tree holding `folder`, or UsageError outside one."""
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise UsageError(f"--since reads the git history, but {folder} is not in a git repository",
                         hint="run the board inside the plans repository, or leave out --since")
    return Path(done.stdout.decode("utf-8", "replace").strip())


def resolve(root: Path, ref: str) -> Revision:
    """A revision (`HEAD~3`, a tag, a commit id) or an ISO date: the last commit before
    that date (00:00 local time), on the current branch."""
    text = ref.strip()
    if not text or text.startswith("-"):
        raise UsageError(f"--since {ref!r} is neither a git revision nor a date",
                         hint="write a revision (HEAD~1, a tag, a commit) or a date (2026-11-20)")
    if ISO_DATE.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"--since {ref!r} is not a date", hint="write it as YYYY-MM-DD") from None
        done = _git(root, "rev-list", "-1", f"--before={day.isoformat()} 00:00:00", "HEAD", "--")
        sha = done.stdout.decode("ascii", "replace").strip()
        if done.returncode != 0 or not sha:
            raise UsageError(f"--since {text}: no commit before that date",
                             hint="name an earlier date, or a revision (git log --oneline plans/)")
        return Revision(sha, day, text, _commit_day(root, sha), by_date=True)
    done = _git(root, "rev-parse", "--verify", "--quiet", f"{text}^{{commit}}")
    sha = done.stdout.decode("ascii", "replace").strip()
    if done.returncode != 0 or not sha:
        raise UsageError(f"--since {ref!r} is not a revision of this repository",
                         hint="write a revision (HEAD~1, a tag, a commit) or a date (2026-11-20)")
    committed = _commit_day(root, sha)
    return Revision(sha, committed, text, committed)


def _commit_day(root: Path, sha: str) -> date:
    shown = _git(root, "show", "-s", "--format=%cs", sha)
    return date.fromisoformat(shown.stdout.decode("ascii").strip())


def read_files(root: Path, rev: Revision, folder: Path) -> dict[str, bytes]:
    """The YAML files under `folder` (inside the work tree at `root`) as they were in
    `rev`: path relative to `folder` (posix) -> content. A folder absent then is empty."""
    try:
        prefix = folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{folder} is not inside the git repository at {root}") from None
    spec = "" if prefix == "." else prefix + "/"
    listed = _git(root, "ls-tree", "-r", "-z", "--full-tree", rev.sha, "--", spec or ".")
    if listed.returncode != 0:
        raise UsageError(f"git cannot list {spec or '.'} at {rev.ref}: "
                         f"{listed.stderr.decode('utf-8', 'replace').strip()}")
    wanted: list[tuple[str, str]] = []  # (object id, path relative to folder)
    for entry in listed.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split()
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind != "blob" or mode == "120000" or not path.endswith(YAML_SUFFIXES):
            continue
        wanted.append((oid, path[len(spec):]))
    if not wanted:
        return {}
    batch = _git(root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid, _ in wanted).encode())
    if batch.returncode != 0:
        raise UsageError(f"git cannot read the plans at {rev.ref}: "
                         f"{batch.stderr.decode('utf-8', 'replace').strip()}")
    out = batch.stdout
    files: dict[str, bytes] = {}
    at = 0
    for _, path in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) != 3:  # "<oid> missing": no content follows
            at = end + 1
            continue
        size = int(header[2])
        if size <= MAX_BLOB:
            files[path] = out[end + 1:end + 1 + size]
        at = end + 1 + size + 1  # the content is followed by a newline
    return files

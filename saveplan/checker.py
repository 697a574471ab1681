"""The core of `saveplan check`: files -> load -> model -> rules -> placed findings.

No terminal here: `check_files` returns a `CheckResult` that a reporter prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import repeat
from pathlib import Path

from saveplan.documents import Judge, Loaded, load
from saveplan.findings import Finding, in_file_order
from saveplan.loader import Document
from saveplan.models import Plan, WorkspaceConfig
from saveplan.rules import Context, run_rules
from saveplan.validation import drop_repeats, validate_parts
from saveplan.workspace import display_path, is_playbook_path


@dataclass
class CheckResult:
    files: int = 0
    findings: list[Finding] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # every file checked, as findings show it

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def check_document(
    doc: Document, config: WorkspaceConfig, today: date
) -> tuple[Plan | None, list[Finding]]:
    """Schema and method findings for one parsed plan, not yet placed at lines. Each schema
    problem sets aside only its smallest part, so the rules still run on the rest (one pass:
    fixing an SP102 reveals no finding that was there all along)."""
    parts = validate_parts(Plan, doc.data)
    if parts.model is None:
        return None, parts.findings
    method = run_rules(parts.model, Context(today=today, config=config))
    return parts.model, drop_repeats(parts, method)


@dataclass(frozen=True, slots=True)
class OpenAccount:
    """An open plan's account, as SP207 compares them across files."""

    key: str  # account.name, case-folded
    name: str
    path: str
    line: int
    column: int


def check_file(path: Path, config: WorkspaceConfig, today: date) -> list[Finding]:
    return _check_one(path, config, today)[0]


def as_checked(config: WorkspaceConfig, today: date) -> Judge[Plan]:
    """`check`'s judge for the one document loader: every finding (check_document), and a
    plan wherever one can be read, errors and all."""

    def judge(model: type[Plan], doc: Document) -> tuple[Plan | None, list[Finding]]:
        return check_document(doc, config, today)

    return judge


def _check_one(path: Path, config: WorkspaceConfig, today: date) -> tuple[list[Finding], OpenAccount | None]:
    shown = display_path(path)
    if is_playbook_path(path):
        from saveplan.library import as_checked_playbook
        from saveplan.models.playbook import Playbook

        return load(path, Playbook, shown, as_checked_playbook).findings, None
    loaded = load(path, Plan, shown, as_checked(config, today))
    account = None
    if isinstance(loaded, Loaded) and not loaded.model.is_closed:
        plan = loaded.model
        line, column = loaded.doc.locate(("account", "name"))
        account = OpenAccount(" ".join(plan.account.name.casefold().split()), plan.account.name,
                              shown, line, column)
    return loaded.findings, account


def duplicate_accounts(accounts: Iterable[OpenAccount | None]) -> list[Finding]:
    """SP207: an account with more than one open plan among the files checked (its ARR
    would count twice in triage); one finding at each plan's account.name."""
    by_key: dict[str, list[OpenAccount]] = {}
    for a in accounts:
        if a is not None:
            by_key.setdefault(a.key, []).append(a)
    found = []
    for same in by_key.values():
        for a in same if len(same) > 1 else ():
            others = ", ".join(o.path for o in same if o is not a)
            found.append(Finding("SP207", f"the account '{a.name}' has another open plan: {others} "
                                 "(its ARR counts twice in triage): keep one plan, close or merge "
                                 "the other", ("account", "name"), a.path, a.line, a.column))
    return found


PARALLEL_FROM = 200  # below this many files, starting workers costs more than it saves
CHUNK = 50


def _check_chunk(paths: list[Path], config: WorkspaceConfig, today: date
                 ) -> list[tuple[list[Finding], OpenAccount | None]]:
    return [_check_one(path, config, today) for path in paths]


def _workers(n_files: int, jobs: int | None = None) -> int:
    """Worker processes to use: `jobs` where given, else the machine's cores when files
    are many; always 1 without fork (workers inherit the imported modules, so they start
    in milliseconds)."""
    if (jobs is None and n_files < PARALLEL_FROM) or jobs == 1:
        return 1  # before importing multiprocessing: one file (pre-commit) need not pay for it
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if jobs is None:
        jobs = os.cpu_count() or 1
    return max(1, min(jobs, -(-n_files // CHUNK)))


def check_files(paths: Iterable[Path], config: WorkspaceConfig, today: date,
                extra: Iterable[Finding] = (), jobs: int | None = None) -> CheckResult:
    """Check every file; findings come back in the order of the files, whatever the workers.
    `jobs`: worker processes (None: automatic)."""
    files = list(paths)
    result = CheckResult(files=len(files), findings=list(extra),
                         paths=[display_path(p) for p in files])
    workers = _workers(len(files), jobs)
    checked: list[tuple[list[Finding], OpenAccount | None]] = []
    if workers == 1:
        checked = [_check_one(path, config, today) for path in files]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for part in pool.map(_check_chunk, chunks, repeat(config), repeat(today)):
                checked.extend(part)
    twins: dict[str, list[Finding]] = {}
    for f in duplicate_accounts(account for _, account in checked):
        twins.setdefault(f.path, []).append(f)
    for found, account in checked:
        more = twins.get(account.path, []) if account is not None else []
        result.findings.extend(in_file_order([*found, *more]) if more else found)
    return result


def matches(code: str, patterns: Iterable[str]) -> bool:
    """A code matches a pattern that is the code itself or a prefix of it (`SP3`)."""
    return any(code.startswith(p) for p in patterns)


def parse_codes(values: Iterable[str], option: str) -> list[str]:
    """`--select SP3,SP401 --select SP2` -> ["SP3", "SP401", "SP2"], each one a known code
    or a prefix of one (upper-cased); anything else is a usage error."""
    from saveplan.errors import UsageError
    from saveplan.findings import CODES

    patterns: list[str] = []
    for value in values:
        for word in value.split(","):
            pattern = word.strip().upper()
            if not pattern:
                continue
            if not any(code.startswith(pattern) for code in CODES):
                raise UsageError(f"{option} {word.strip()}: no rule code is or starts with it",
                                 hint="`saveplan rules` lists every code")
            patterns.append(pattern)
    return patterns


def select_findings(result: CheckResult, select: Iterable[str] = (),
                    ignore: Iterable[str] = ()) -> CheckResult:
    """Only the findings `select` names (all when empty), less those `ignore` names."""
    chosen, dropped = list(select), list(ignore)
    kept = [f for f in result.findings
            if (not chosen or matches(f.code, chosen)) and not matches(f.code, dropped)]
    return replace(result, findings=kept)


GITHUB_WORKSPACE = "GITHUB_WORKSPACE"


def repository_root(start: Path) -> Path | None:
    """`GITHUB_WORKSPACE` where set, else the first folder up from `start` holding `.git`
    (a folder, or a file in a worktree): no git process is started."""
    env = os.environ.get(GITHUB_WORKSPACE)
    if env:
        return Path(env).resolve()
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def from_root(result: CheckResult, root: Path | None, cwd: Path | None = None) -> CheckResult:
    """The result with every path relative to `root` (the repository), so annotations land
    on the right file whatever folder the workspace is in. Paths outside it stay as they are."""
    if root is None:
        return result
    here = (cwd or Path.cwd()).resolve()
    cache: dict[str, str] = {}

    def rebase(shown: str) -> str:
        if shown not in cache:
            full = Path(os.path.normpath(here / shown))
            try:
                cache[shown] = full.relative_to(root).as_posix()
            except ValueError:
                cache[shown] = shown
        return cache[shown]

    return replace(result, paths=[rebase(p) for p in result.paths],
                   findings=[replace(f, path=rebase(f.path)) if f.path else f
                             for f in result.findings])


# -- what `saveplan check PATH...` checks ---------------------------------------------------

def _split_config(paths: list[Path], workspace: Path | None) -> tuple[list[Path], Path | None, bool]:
    """`saveplan.yaml` among the paths (as pre-commit passes it when it changes) means:
    check that workspace file and every plan against it. Returns the other paths, the
    workspace to use and whether a workspace file was given."""
    from saveplan.workspace import CONFIG_NAME

    configs = [p for p in paths if p.name == CONFIG_NAME and p.is_file()]
    rest = [p for p in paths if p not in configs]
    if not configs:
        return rest, workspace, False
    return rest, workspace if workspace is not None else configs[0].parent, True


def _plans_if_any(folder: Path) -> list[Path]:
    from saveplan.workspace import YAML_SUFFIXES

    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


def check_paths(paths: list[Path], *, workspace: Path | None = None, today: str | None = None,
                jobs: int | None = None, select: list[str] | None = None,
                ignore: list[str] | None = None) -> CheckResult:
    """What `saveplan check PATH...` checks (default: the workspace's plans/), with the codes
    `--select`/`--ignore` and the workspace's check.ignore leave, paths shown from the
    repository root. The command prints it with a reporter (saveplan.render.reporters)."""
    from saveplan.dates import resolve_today
    from saveplan.workspace import collect_plans, display_path, open_workspace

    day = resolve_today(today)
    chosen = parse_codes(select or [], "--select")
    dropped = parse_codes(ignore or [], "--ignore")
    paths, workspace, whole = _split_config(paths, workspace)
    ws = open_workspace(workspace)
    dropped += parse_codes(ws.config.check.ignore, f"{display_path(ws.config_path)}: check.ignore")
    files = collect_plans(paths, ws) if paths or not whole else []
    if whole:  # the workspace file changed: every plan is checked against it
        files = list(dict.fromkeys([*files, *_plans_if_any(ws.plans_dir)]))
    result = check_files(files, ws.config, day, extra=ws.config_findings, jobs=jobs)
    if whole:
        result.files += 1
        result.paths.insert(0, display_path(ws.config_path))
    result = select_findings(result, chosen, dropped)
    return from_root(result, repository_root(ws.root))

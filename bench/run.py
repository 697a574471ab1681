"""saveplan's benchmark: how fast `saveplan check` is, against the tools a team would use.

One command, from a fresh clone (nothing is needed outside the venv):

    python -m venv .venv && .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/run.py

What it does, in one run:

1. writes N generated plans (default 2,000 and 10,000; `bench/generate.py`, seeded) with a
   `saveplan.yaml` roster into a temporary workspace per size: all clean under
   `saveplan check --today 2026-11-25` except a fixed 2% with realistic mistakes, which
   it verifies (a warning is printed when the findings are not exactly the seeded ones);
2. times, interleaved (A B C A B C ...), `--repeat` times (default 5), and reports the
   median wall time of
   - `saveplan check --today 2026-11-25 --format json plans/` (output to /dev/null),
   - `check-jsonschema --schemafile <saveplan schema> <files...>`, schema-only validation
     (as few invocations as the OS argument limit allows; their times are summed),
   - the parse floor: one `python -c` process that loads every file with PyYAML's
     `yaml.load(f, Loader=yaml.CSafeLoader)` (libyaml) and does nothing else;
3. times, interleaved, `--startup-repeat` times (default 20): `python -c pass` (the venv's
   python), `saveplan --version`, and for information `saveplan check --help` and
   `saveplan check` on one plan (the pre-commit case);
4. records the peak memory (max RSS, from `os.wait4`) of every child, started by a small
   launcher process so that the bench's own memory does not count in the child's;
5. prints the figures, the machine, and the targets with PASS/FAIL:
   (a) check at the small size <= 0.5 x check-jsonschema; (b) <= 3 x the parse floor;
   (c) large <= 1.05 x (large/small) x small, i.e. 10.5 x for 1k -> 10k;
   (d) peak RSS at the large size <= 1.5 x the small size's; (e) `--version` <= 3 x `python -c pass`;
   (f) `saveplan board -o board.html` at the small size <= 3 x check at the small size;
   (g) `saveplan check` on one plan <= 1.5 x yamllint on the same file;
   (h) each whole-workspace view <= 1.5 x check on the same plans (board 3 x), at each size;
   (i) its peak RSS <= 2 x check's (board 3 x);
   (j) `record` and `done` in the large workspace <= 1.5 x `saveplan check --help` (the
   CLI's start-up: an edit reads its one plan, never the workspace).

Options: --sizes 1000,10000  --repeat 5  --startup-repeat 20  --seed N  --keep DIR
         --quick (sizes 200,2000, repeat 3, startup-repeat 10: a smoke run)
         --profile (cProfile of `saveplan check` on the small size, and `-X importtime`)
         --markdown FILE (the whole report, as written to BENCHMARKS.md)  --json FILE
Exit code: 0 when the run completed (whatever the targets say), 2 when it could not run.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

try:  # `python -m bench.run` from the repo root, or an import from the tests
    from bench.generate import DEFAULT_SEED, MISTAKE_CODES, TODAY, generate, mistake_for
except ImportError:  # `python bench/run.py`: this folder is on sys.path
    from generate import DEFAULT_SEED, MISTAKE_CODES, TODAY, generate, mistake_for  # type: ignore[import-not-found,no-redef]

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's bin/ (saveplan and check-jsonschema live there)
PYTHON = sys.executable
TODAY_ARG = TODAY.isoformat()
COMMAND = "python -m venv .venv && .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/run.py"
PACKAGES = ["saveplan", "pydantic", "pydantic-core", "ruamel.yaml", "ruamel.yaml.clib", "typer", "click",
            "rich", "python-dateutil", "check-jsonschema", "jsonschema", "PyYAML"]

VIEWS = ("status", "triage", "calendar", "concessions", "agenda", "metrics")  # whole-workspace views
STARTUP = ("python", "version", "help", "one", "yamllint", "cjs-one")
EDITS = ("record", "done", "import")
IMPORT_ROWS = 5000


def import_csv(rows: int) -> str:
    """A CRM export of `rows` accounts (Salesforce's headers), owners from the roster."""
    owners = ("maria", "tomas", "nadia", "li", "omar")
    lines = ["Account Name,ARR,Renewal Date,Account Owner"]
    lines += [f"Imported Account {i:05d},{10000 + i},2027-03-{1 + i % 28:02d},{owners[i % 5]}"
              for i in range(rows)]
    return "\n".join(lines) + "\n"


# the children's environment: a normal user's, so no PYTHONDONTWRITEBYTECODE (without .pyc files
# every run would compile saveplan's sources again), and no variable that changes what is measured
DROPPED_ENV = ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "SAVEPLAN_TODAY")
CHILD_ENV = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}

# the parse floor: load every plan with libyaml, keep nothing
FLOOR_CODE = """\
import os, sys, yaml
loader = yaml.CSafeLoader
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    if name.endswith(('.yaml', '.yml')):
        with open(os.path.join(folder, name), 'rb') as f:
            yaml.load(f, Loader=loader)
"""


class BenchError(Exception):
    """The benchmark cannot run (a tool missing, a command that failed)."""


# -- running a child -------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float  # wall time
    cpu: float  # user + system time of the child and of the children it waited for (workers)
    rss_kb: int  # peak RSS: the largest single process among the child and its workers
    code: int


@dataclass
class Output:
    sample: Sample
    stdout: str
    stderr: str


# The children are started by a small launcher process, not by this one. On Linux a child's
# max RSS (ru_maxrss) counts the memory of the process it was exec'd from: a child forked (or
# vforked) by the bench, which holds every sample and generated path, is floored at the
# bench's own size (every small child showed the same 47.5 MB). The launcher is a bare
# `python -S` that imports nothing beyond os, sys, json and time; its children start from its
# few megabytes, below any Python program's own, so their peak RSS is their own. It also
# times each child from fork to reaping, so the pipe between the two processes is not timed.
LAUNCHER_CODE = """\
import json, os, sys, time
for line in sys.stdin:
    job = json.loads(line)
    fds = [os.open(os.devnull, os.O_RDONLY), os.open(job["out"], os.O_WRONLY),
           os.open(job["err"], os.O_WRONLY)]
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(job["cwd"])
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            os.execv(job["argv"][0], job["argv"])
        except BaseException as exc:
            os.write(2, f"launcher: {job['argv'][0]}: {exc}\\n".encode())
        os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    for fd in fds:
        os.close(fd)
    print(json.dumps([seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
                      os.waitstatus_to_exitcode(status)]), flush=True)
"""


class Launcher:
    """The one launcher process (started on first use, ended at exit)."""

    proc: subprocess.Popen[str] | None = None

    @classmethod
    def run(cls, argv: Sequence[str], cwd: Path, out: str, err: str) -> Sample:
        if cls.proc is None or cls.proc.poll() is not None:
            cls.proc = subprocess.Popen([PYTHON, "-S", "-u", "-c", LAUNCHER_CODE], env=CHILD_ENV,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            atexit.register(cls.stop)
        assert cls.proc.stdin is not None and cls.proc.stdout is not None
        program = shutil.which(argv[0]) if os.sep not in argv[0] else argv[0]
        job = {"argv": [program or argv[0], *argv[1:]], "cwd": str(cwd), "out": out, "err": err}
        cls.proc.stdin.write(json.dumps(job) + "\n")
        cls.proc.stdin.flush()
        reply = cls.proc.stdout.readline()
        if not reply:
            raise BenchError(f"the launcher stopped (exit code {cls.proc.wait()}) running {argv[0]}")
        seconds, cpu, rss_kb, code = json.loads(reply)
        return Sample(seconds, cpu, rss_kb, code)

    @classmethod
    def stop(cls) -> None:
        if cls.proc is not None:
            assert cls.proc.stdin is not None
            cls.proc.stdin.close()
            cls.proc.wait()
            cls.proc = None


def spawn(argv: Sequence[str], cwd: Path, *, capture: bool = False) -> Output:
    """Run one child (through the launcher) and time it from fork to reaping; its rusage comes
    from os.wait4 in the launcher. Output goes to /dev/null, or to temporary files when
    `capture` (never a pipe that could fill)."""
    with tempfile.NamedTemporaryFile() as out, tempfile.NamedTemporaryFile() as err:
        sample = Launcher.run(argv, cwd, out.name if capture else os.devnull, err.name)
        return Output(sample, Path(out.name).read_text("utf-8", "replace"),
                      Path(err.name).read_text("utf-8", "replace"))


def spawn_all(argvs: Sequence[Sequence[str]], cwd: Path, *, capture: bool = False) -> Output:
    """Several invocations as one measurement: times summed, peak RSS the largest, worst exit code."""
    parts = [spawn(argv, cwd, capture=capture) for argv in argvs]
    sample = Sample(sum(p.sample.seconds for p in parts), sum(p.sample.cpu for p in parts),
                    max(p.sample.rss_kb for p in parts), max(p.sample.code for p in parts))
    return Output(sample, "".join(p.stdout for p in parts), "".join(p.stderr for p in parts))


def split_for_argmax(prefix: list[str], files: list[str]) -> list[list[str]]:
    """`prefix + files` cut into as few command lines as the OS argument limit allows."""
    try:
        limit = os.sysconf("SC_ARG_MAX")
    except (AttributeError, ValueError, OSError):
        limit = 128 * 1024
    env = sum(len(os.fsencode(k)) + len(os.fsencode(v)) + 2 + 8 for k, v in CHILD_ENV.items())
    budget = limit - env - 8192  # headroom for the auxiliary vector and the program path

    def cost(arg: str) -> int:
        return len(os.fsencode(arg)) + 1 + 8  # the string, its NUL, its pointer

    base = sum(cost(a) for a in prefix)
    chunks: list[list[str]] = []
    current: list[str] = []
    used = base
    for name in files:
        if current and used + cost(name) > budget:
            chunks.append(prefix + current)
            current, used = [], base
        current.append(name)
        used += cost(name)
    chunks.append(prefix + current)
    return chunks


# -- what is measured ------------------------------------------------------------------


@dataclass
class Task:
    key: str  # e.g. "check:1000"
    label: str
    argvs: list[list[str]]
    cwd: Path
    ok_codes: frozenset[int] = frozenset({0})
    size: int | None = None
    samples: list[Sample] = field(default_factory=list)
    setup: list[list[str]] = field(default_factory=list)  # run untimed before each run (a reset)

    def run(self, *, capture: bool = False) -> Output:
        for argv in self.setup:
            spawn(argv, self.cwd)
        result = spawn_all(self.argvs, self.cwd, capture=capture)
        if result.sample.code not in self.ok_codes:
            raise BenchError(f"{self.label} exited {result.sample.code} in {self.cwd}:\n"
                             f"{result.stderr[-2000:]}")
        return result

    def measure(self) -> Sample:
        sample = self.run().sample
        self.samples.append(sample)
        return sample

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def median_cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak_rss_kb(self) -> int:
        return max(s.rss_kb for s in self.samples)


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        raise BenchError(f"{path} is missing: install the bench extra first "
                         f"(.venv/bin/pip install -e '.[bench]')")
    return str(path)


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


# -- checking the generated data -------------------------------------------------------


def verify(paths: list[Path], ws: Path, check_out: str, cjs_out: str) -> tuple[str, list[str]]:
    """One line on what the tools found in the workspace, and warnings where saveplan's findings
    are not exactly the seeded mistakes (then the data does not measure what it says)."""
    warnings: list[str] = []
    expected = {p.relative_to(ws).as_posix(): mistake_for(i) for i, p in enumerate(paths) if mistake_for(i)}
    try:
        report = json.loads(check_out)
        by_file: dict[str, set[str]] = defaultdict(set)
        for f in report["findings"]:
            by_file[Path(f["path"]).as_posix()].add(f["code"])
        errors, warns, files = report["errors"], report["warnings"], report["files"]
    except (ValueError, KeyError, TypeError) as exc:
        return "saveplan's JSON output could not be read", [f"saveplan check --format json: {exc}"]
    if files != len(paths):
        warnings.append(f"saveplan checked {files} files, {len(paths)} were written")
    unexpected = sorted(set(by_file) - set(expected))
    if unexpected:
        shown = ", ".join(f"{p} {sorted(by_file[p])}" for p in unexpected[:5])
        warnings.append(f"{len(unexpected)} clean plans have findings: {shown}")
    missed = sorted(set(expected) - set(by_file))
    if missed:
        warnings.append(f"{len(missed)} seeded mistakes were not found: {', '.join(missed[:5])}")
    odd = [p for p, kind in expected.items()
           if p in by_file and kind and not by_file[p] <= MISTAKE_CODES[kind]]
    if odd:
        warnings.append(f"{len(odd)} seeded mistakes gave unexpected codes: "
                        + ", ".join(f"{p} {sorted(by_file[p])}" for p in odd[:5]))
    flagged = {m.group(1) for m in re.finditer(r"^\s+(\S+\.ya?ml)::", cjs_out, re.MULTILINE)}
    codes = Counter(code for found in by_file.values() for code in found)
    summary = (f"{len(paths)} plans, {len(expected)} with a seeded mistake; saveplan: {errors} errors and "
               f"{warns} warnings in {len(by_file)} files ({', '.join(sorted(codes))}); "
               f"check-jsonschema: {len(flagged)} files fail the schema")
    return summary, warnings


# -- the machine -----------------------------------------------------------------------


def machine() -> dict[str, str]:
    info: dict[str, str] = {}
    cpuinfo = ""
    with contextlib.suppress(OSError):
        cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    info["CPU"] = model.group(1).strip() if model else (platform.processor() or platform.machine())
    physical = {(m.group(1), m.group(2)) for m in re.finditer(
        r"physical id\s*:\s*(\d+).*?core id\s*:\s*(\d+)", cpuinfo, re.DOTALL)}
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    info["cores"] = (f"{os.cpu_count()} logical" + (f", {len(physical)} physical" if physical else "")
                     + f", {usable} usable by this process")
    with contextlib.suppress(OSError, AttributeError):
        kb = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        info["memory"] = f"{kb / 1024 / 1024:.1f} GiB"
    info["OS"] = platform.platform()
    info["Python"] = f"{platform.python_implementation()} {platform.python_version()} ({PYTHON})"
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    info["packages"] = ", ".join(versions)
    with contextlib.suppress(Exception):
        yaml: Any = importlib.import_module("yaml")  # the bench extra (PyYAML)
        info["libyaml"] = yaml._yaml.get_version_string() if yaml.__with_libyaml__ else "absent"
    dropped = [k for k in DROPPED_ENV if k in os.environ]
    if dropped:
        info["environment"] = f"unset for the measured commands: {', '.join(dropped)}"
    info["saveplan source"] = source_digest()
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        rev = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty", "--abbrev=10"],
                             capture_output=True, text=True, timeout=10)
        if rev.returncode == 0:
            info["saveplan commit"] = rev.stdout.strip()
    return info


def source_digest() -> str:
    """A digest of the saveplan sources being measured (the working tree, committed or not)."""
    import hashlib

    digest = hashlib.sha256()
    files = sorted((REPO / "saveplan").rglob("*.py")) + sorted((REPO / "playbooks").glob("*.yaml"))
    for path in files:
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"sha256 {digest.hexdigest()[:12]} of saveplan/**/*.py and playbooks/*.yaml ({len(files)} files)"


def cpu_ticks() -> tuple[int, int]:
    """(steal, total) jiffies of the whole machine, from /proc/stat ((0, 0) elsewhere)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    return (fields[7] if len(fields) > 7 else 0), sum(fields[:8])


def load1() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


# -- profile and import time -------------------------------------------------------------


def _short(filename: str) -> str:
    """A source path, short: `pydantic/main.py`, `stdlib/json/decoder.py`, `saveplan/loader.py`."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    with contextlib.suppress(ValueError):
        return Path(filename).relative_to(REPO).as_posix()
    stdlib = re.search(r"/lib/python3\.\d+/(.+)$", filename)
    return f"stdlib/{stdlib.group(1)}" if stdlib else filename


def _area(filename: str) -> str:
    """The package a profiled function belongs to: `ruamel`, `saveplan`, `stdlib`, ..."""
    if filename == "~":
        return "built-in functions (C)"
    if filename.startswith("<frozen importlib"):
        return "imports (importlib)"
    if filename.startswith("<"):
        return "stdlib"
    short = _short(filename)
    return short.split("/", 1)[0] if "/" in short else short.removesuffix(".py")


def _func(key: tuple[str, int, str]) -> str:
    filename, line, name = key
    if filename == "~":
        return name.replace("<", "").replace(">", "")
    return f"{_short(filename)}:{line} {name}"


# saveplan may spread many files over worker processes, whose calls a profile of the parent
# cannot see; the profile runs `check --jobs 1`, so the work is done (and seen) in one process
PROFILE_CODE = """\
import cProfile, sys
from saveplan.cli import main
profiler = cProfile.Profile()
profiler.runcall(main, sys.argv[2:])
profiler.dump_stats(sys.argv[1])
"""


def profile(ws: Path, root: Path, size: int) -> list[str]:
    """cProfile of `saveplan check` on the workspace: the top 25 by cumulative time and the
    top 15 by own time, as Markdown."""
    import pstats

    out = root / f"check-{size}.prof"
    argv = [PYTHON, "-c", PROFILE_CODE, str(out), "check", "--jobs", "1", "--today", TODAY_ARG, "--format",
            "json", "plans/"]
    sample = spawn(argv, ws).sample
    stats = pstats.Stats(str(out))
    entries = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    waiting = sum(v[2] for k, v in entries.items() if k[0] == "~" and "acquire" in k[2])

    def table(sort: int, count: int) -> list[str]:
        rows = ["| calls | own s | cumulative s | function |", "| ---: | ---: | ---: | --- |"]
        ranked = sorted(entries.items(), key=lambda kv: kv[1][sort], reverse=True)[:count]
        for key, (cc, nc, tt, ct, _) in ranked:
            calls = f"{nc}/{cc}" if nc != cc else str(nc)
            rows.append(f"| {calls} | {tt:.3f} | {ct:.3f} | `{_func(key)}` |")
        return rows

    lines = [
        f"`saveplan check --jobs 1 --today {TODAY_ARG} --format json plans/` on {size:,} plans under "
        f"cProfile, in one process (so no worker hides the work): {sample.seconds:.2f} s "
        f"wall, {total:.2f} s profiled. The profiler slows Python calls down: read the shares, not "
        "the seconds.",
    ]
    if total and waiting / total > 0.3:
        lines.append(f"**Caution**: {waiting / total:.0%} of it is waiting on locks: saveplan still ran "
                     "workers, and this profile does not see inside them.")
    areas: Counter[str] = Counter()
    for key, value in entries.items():
        areas[_area(key[0])] += value[2]
    by_area = ["| area | own s | share |", "| --- | ---: | ---: |"]
    by_area += [f"| {name} | {own:.3f} | {own / total:.0%} |" for name, own in areas.most_common(10)]
    return [*lines, "", "Own time by area (time in C code that does not report to the profiler, such as a "
            "Cython parser, counts as the own time of the Python function that called it):", "",
            *by_area, "", "Top 25 by cumulative time:", "", *table(3, 25), "",
            "Top 15 by own time (where the CPU actually goes):", "", *table(2, 15)]


@dataclass
class ImportRun:
    total_us: int
    modules: list[tuple[int, int, int, str]]  # (self us, cumulative us, depth, name)


def import_times(argv: list[str], cwd: Path, runs: int = 5) -> ImportRun:
    """`-X importtime` of a command, the run with the median total of `runs`."""
    parsed: list[ImportRun] = []
    for _ in range(runs):
        err = spawn([PYTHON, "-X", "importtime", *argv], cwd, capture=True).stderr
        modules = []
        for m in re.finditer(r"^import time:\s+(\d+) \|\s+(\d+) \|( +)(\S+)$", err, re.MULTILINE):
            modules.append((int(m.group(1)), int(m.group(2)), (len(m.group(3)) - 1) // 2, m.group(4)))
        parsed.append(ImportRun(sum(s for s, _, _, _ in modules), modules))
    parsed.sort(key=lambda r: r.total_us)
    return parsed[len(parsed) // 2]


def import_report(ws: Path) -> list[str]:
    """Where the start-up time goes, by the top-level import that pulled each module in."""
    bare = import_times(["-c", "pass"], ws)
    baseline = {name for _, _, _, name in bare.modules}
    lines = [f"`python -X importtime`, the median of 5 runs each. `python -c pass` itself imports "
             f"{len(bare.modules)} modules in {bare.total_us / 1000:.1f} ms (site, the venv's .pth files).",
             ""]
    for argv in (["-m", "saveplan", "--version"], ["-m", "saveplan", "check", "--help"]):
        run = import_times(argv, ws)
        extra = [m for m in run.modules if m[3] not in baseline]
        groups: Counter[str] = Counter()
        for _, cum, depth, name in run.modules:
            if depth == 0:
                groups[name.split(".")[0]] += cum
        lines += [f"**`python -X importtime -m {' '.join(argv[1:])}`**: {len(run.modules)} modules, "
                  f"{run.total_us / 1000:.1f} ms of imports; {len(extra)} modules beyond `python -c pass`, "
                  f"{sum(m[0] for m in extra) / 1000:.1f} ms.", "",
                  "| top-level import (and all it pulls in) | ms |", "| --- | ---: |"]
        lines += [f"| `{name}` | {us / 1000:.1f} |" for name, us in groups.most_common(12)]
        lines += ["", "| heaviest modules (own time) | own ms | cumulative ms |", "| --- | ---: | ---: |"]
        for own, cum, _, name in sorted(run.modules, reverse=True)[:15]:
            lines.append(f"| `{name}` | {own / 1000:.1f} | {cum / 1000:.1f} |")
        lines.append("")
    return lines


# -- the report --------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_mb(kb: int) -> str:
    return f"{kb / 1024:.1f} MB"


@dataclass
class Target:
    name: str
    what: str
    value: float
    limit: float
    detail: str
    cpu: float | None = None  # the same ratio on CPU time, for information

    @property
    def passed(self) -> bool:
        return self.value <= self.limit

    @property
    def verdict(self) -> str:
        return "PASS" if self.passed else "FAIL"

    @property
    def cpu_text(self) -> str:
        return f"{self.cpu:.2f} x" if self.cpu is not None else "-"


def _ratio(name: str, what: str, a: Task, b: Task, limit: float) -> Target:
    return Target(name, what, a.median / b.median, limit, f"{fmt_s(a.median)} / {fmt_s(b.median)}",
                  a.median_cpu / b.median_cpu if b.median_cpu > 0 else None)


def targets(tasks: dict[str, Task], sizes: list[int]) -> list[Target]:
    small, large = sizes[0], sizes[-1]
    s, lg = size_label(small), size_label(large)
    check_small = tasks[f"check:{small}"]
    found = [
        _ratio("a", f"saveplan check {s} <= 0.5 x check-jsonschema {s}", check_small,
               tasks[f"cjs:{small}"], 0.5),
        _ratio("b", f"saveplan check {s} <= 3 x parse floor {s}", check_small,
               tasks[f"floor:{small}"], 3.0),
    ]
    if large != small:
        check_large = tasks[f"check:{large}"]
        factor = 1.05 * large / small
        found.append(_ratio("c", f"saveplan check {lg} <= {factor:g} x saveplan check {s}", check_large,
                            check_small, factor))
        found.append(Target("d", f"peak RSS of saveplan check {lg} <= 1.5 x at {s}",
                            check_large.peak_rss_kb / check_small.peak_rss_kb, 1.5,
                            f"{fmt_mb(check_large.peak_rss_kb)} / {fmt_mb(check_small.peak_rss_kb)}"))
    found.append(_ratio("e", "saveplan --version <= 3 x python -c pass", tasks["version"], tasks["python"],
                        3.0))
    found.append(_ratio("f", f"saveplan board {s} <= 3 x saveplan check {s}", tasks[f"board:{small}"],
                        check_small, 3.0))
    found.append(_ratio("g", "saveplan check (one plan) <= 1.5 x yamllint", tasks["one"], tasks["yamllint"],
                        1.5))
    for edit in ("record", "done"):  # an edit reads one plan: it costs what the CLI's start-up costs
        found.append(_ratio("j", f"saveplan {edit} in {lg} <= 1.5 x saveplan check --help", tasks[edit],
                            tasks["help"], 1.5))
    for n in sorted({small, large}):
        label, check_n = size_label(n), tasks[f"check:{n}"]
        for view, limit in (*((v, 1.5) for v in VIEWS), ("board", 3.0)):
            found.append(_ratio("h", f"saveplan {view} {label} <= {limit:g} x saveplan check {label}",
                                tasks[f"{view}:{n}"], check_n, limit))
        for view, limit in (*((v, 2.0) for v in VIEWS), ("board", 3.0)):
            task = tasks[f"{view}:{n}"]
            found.append(Target("i", f"peak RSS of saveplan {view} {label} <= {limit:g} x check {label}",
                                task.peak_rss_kb / check_n.peak_rss_kb, limit,
                                f"{fmt_mb(task.peak_rss_kb)} / {fmt_mb(check_n.peak_rss_kb)}"))
    return found


@dataclass
class Run:
    args: argparse.Namespace
    sizes: list[int]
    tasks: dict[str, Task]
    order: list[str]
    info: dict[str, str]
    checks: dict[int, tuple[str, list[str]]]
    started: datetime
    seconds: float
    load_before: str
    load_after: str
    cjs_calls: dict[int, int]
    steal: float = 0.0  # share of the machine's CPU time the hypervisor took, during the run
    changed: str | None = None  # set when saveplan's sources changed during the run
    load_max: float = 0.0  # the highest 1-minute load average seen while timing
    extra: list[str] = field(default_factory=list)  # profile and import sections (Markdown)

    def noise(self) -> str | None:
        """A caution when the machine was busy with other work, or a hypervisor took CPU time."""
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        why = []
        if self.load_max > cores:
            why.append(f"the 1-minute load average reached {self.load_max:.1f} on {cores} cores while "
                       "timing (other work shared the CPU)")
        if self.steal > 0.05:
            why.append(f"the hypervisor took {self.steal:.0%} of the CPU time (steal)")
        if not why:
            return None
        return ("Noisy machine: " + "; ".join(why) + ". Absolute times are inflated and vary (see min - max);"
                " ratios of interleaved runs and CPU times are more robust. Re-run on a quiet machine"
                " before reading small differences.")


def rows(run: Run) -> Iterator[tuple[str, ...]]:
    for key in run.order:
        task = run.tasks[key]
        per = fmt_s(task.median / task.size) if task.size else ""
        times = [s.seconds for s in task.samples]
        yield (task.label, f"{task.size:,}" if task.size else "-", fmt_s(task.median),
               f"{fmt_s(min(times))} - {fmt_s(max(times))}", str(len(times)), per,
               fmt_s(task.median_cpu), fmt_mb(task.peak_rss_kb))


HEAD = ("measurement", "plans", "median", "min - max", "runs", "per plan", "CPU", "peak RSS")


def text_report(run: Run, found: list[Target]) -> str:
    table = [HEAD, *rows(run)]
    widths = [max(len(r[i]) for r in table) for i in range(len(HEAD))]
    lines = [f"saveplan benchmark, {run.started:%Y-%m-%d %H:%M} UTC, {run.seconds / 60:.1f} min "
             f"(load average {run.load_before} before, {run.load_after} after, at most "
             f"{run.load_max:.2f} while timing)"]
    lines += [f"  {k}: {v}" for k, v in run.info.items()]
    lines.append(f"  CPU steal during the run: {run.steal:.1%}")
    if run.noise():
        lines.append(f"  CAUTION: {run.noise()}")
    if run.changed:
        lines.append(f"  WARNING: {run.changed}")
    for n, (summary, warnings) in run.checks.items():
        lines.append(f"  data {size_label(n)}: {summary}")
        lines += [f"  WARNING: {w}" for w in warnings]
    lines.append("")
    for r in table:
        lines.append("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in
                               enumerate(zip(r, widths, strict=True))))
    lines.append("")
    width = max(len(t.what) for t in found)
    for t in found:
        lines.append(f"({t.name}) {t.what.ljust(width)}  {t.value:6.2f} x  (limit {t.limit:g} x; "
                     f"{t.detail}; on CPU time {t.cpu_text})  {t.verdict}")
    return "\n".join(lines)


def markdown_report(run: Run, found: list[Target]) -> str:
    a = run.args
    sizes = ",".join(str(n) for n in run.sizes)
    options = f"--sizes {sizes} --repeat {a.repeat} --startup-repeat {a.startup_repeat} --seed {a.seed}"
    out = [
        "# Benchmarks",
        "",
        "How long `saveplan check` takes on many plans, against schema-only validation with",
        "`check-jsonschema` and against the bare cost of parsing the YAML; how long every",
        "whole-workspace command (status, triage, calendar, concessions, agenda, metrics, board)",
        "takes and how much memory it needs, as ratios to `check` on the same plans; how long the",
        "CLI takes to start (a one-plan check beside yamllint and check-jsonschema on the same",
        "file, what pre-commit runs); and the editing commands in the large workspace and a",
        f"{IMPORT_ROWS:,}-row import. Generated by `bench/run.py` (see `bench/README.md`); do not",
        "edit the figures by hand, run it again.",
        "",
        "## How to reproduce",
        "",
        "From a fresh clone:",
        "",
        "```sh",
        COMMAND,
        "```",
        "",
        "This report was made with:",
        "",
        "```sh",
        f".venv/bin/python bench/run.py {options}"
        + (" --profile" if a.profile else "") + " --markdown BENCHMARKS.md",
        "```",
        "",
        f"Each size is a generated workspace (`bench/generate.py`, seed {a.seed}): a `saveplan.yaml`",
        "roster and one plan per account, varied (3 to 5 actions, ISO and relative dates, readings,",
        "concessions on some, comments, flow and block styles) and clean under",
        f"`saveplan check --today {TODAY_ARG}` except one plan in 50 with a realistic mistake (a typo",
        "in a key, a missing owner, a discount first, an overdue action, a discount beyond its",
        "approver's authority). The commands run interleaved (A B C A B C ...); figures are medians.",
        "Wall time is from spawning the process to reaping it; peak RSS is the child's max RSS from",
        "`os.wait4` (the children are started by a small launcher, so the benchmark's own memory",
        "does not count in theirs). check-jsonschema is given the files in as few invocations as",
        "the OS argument limit allows ("
        + ", ".join(f"{c} at {size_label(n)}" for n, c in run.cjs_calls.items())
        + "), their times summed. The parse floor is one Python process that loads every",
        "file with `yaml.load(f, Loader=yaml.CSafeLoader)` (libyaml) and keeps nothing.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *(f"| {k} | {v} |" for k, v in run.info.items()),
        f"| run | {run.started:%Y-%m-%d %H:%M} UTC, {run.seconds / 60:.1f} min; load average "
        f"{run.load_before} before, {run.load_after} after, at most {run.load_max:.2f} (1 min) while "
        f"timing; CPU steal {run.steal:.1%} |",
        "",
        *([f"> **{run.noise()}**", ""] if run.noise() else []),
        *([f"> **Warning: {run.changed}.**", ""] if run.changed else []),
        "## Results",
        "",
        "| " + " | ".join(HEAD) + " |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *("| " + " | ".join(r) + " |" for r in rows(run)),
        "",
        "Data checks (the findings must be exactly the seeded mistakes):",
        "",
    ]
    for n, (summary, warnings) in run.checks.items():
        out.append(f"- {size_label(n)}: {summary}" + ("" if warnings else ". OK."))
        out += [f"  - **warning**: {w}" for w in warnings]
    out += [
        "",
        "## Targets",
        "",
        "| | target | ratio | limit | figures | result | ratio on CPU time |",
        "| --- | --- | ---: | ---: | --- | --- | ---: |",
        *(f"| ({t.name}) | {t.what} | {t.value:.2f} x | {t.limit:g} x | {t.detail} | **{t.verdict}** "
          f"| {t.cpu_text} |" for t in found),
        "",
        "The targets are on wall time (medians). CPU is user + system time of the process and of the",
        "worker processes it waited for: where saveplan spreads files over several cores, its wall time",
        "drops below its CPU time. Peak RSS is that of the largest single process (parent or worker),",
        "not the sum over workers.",
        "",
    ]
    if run.extra:
        out += run.extra
    return "\n".join(out).rstrip("\n") + "\n"


# -- the run -----------------------------------------------------------------------------


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description="Benchmark saveplan check against check-jsonschema and a YAML "
        "parse floor, and the CLI's start-up against python.",
        epilog=f"One command from a fresh clone: {COMMAND}")
    parser.add_argument("--sizes", default=None, help="plan counts, comma-separated (default 1000,10000)")
    parser.add_argument("--repeat", type=int, default=None, help="timed runs of each check (default 5)")
    parser.add_argument("--startup-repeat", type=int, default=None,
                        help="timed runs of each start-up command (default 20)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"generator seed (default {DEFAULT_SEED})")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="generate the workspaces in DIR (empty or new) and keep them")
    parser.add_argument("--quick", action="store_true", help="a smoke run: sizes 200,2000, repeat 3")
    parser.add_argument("--profile", action="store_true",
                        help="add a cProfile of saveplan check and an -X importtime breakdown")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="write the report as Markdown")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every sample as JSON")
    args = parser.parse_args(argv)
    args.sizes = args.sizes or ("200,2000" if args.quick else "2000,10000")
    args.repeat = args.repeat or (3 if args.quick else 5)
    args.startup_repeat = args.startup_repeat or (10 if args.quick else 20)
    try:
        sizes = sorted({int(x) for x in args.sizes.split(",") if x.strip()})
    except ValueError:
        parser.error(f"--sizes {args.sizes!r}: give plan counts, e.g. 1000,10000")
    if not sizes or sizes[0] < 1 or args.repeat < 1 or args.startup_repeat < 1:
        parser.error("sizes and repeats must be positive")
    args.size_list = sizes
    return args


def prepare(args: argparse.Namespace, root: Path) -> tuple[dict[str, Task], list[str], dict[int, Path],
                                                          dict[int, list[Path]], dict[int, int]]:
    saveplan, cjs = tool("saveplan"), tool("check-jsonschema")
    try:
        yaml = importlib.import_module("yaml")
        if not hasattr(yaml, "CSafeLoader"):
            raise BenchError("PyYAML was built without libyaml (no CSafeLoader): the parse floor needs it")
    except ImportError:
        raise BenchError("PyYAML is missing: .venv/bin/pip install -e '.[bench]'") from None

    schema = root / "plan-schema.json"
    out = spawn([saveplan, "schema"], root, capture=True)
    if out.sample.code != 0:
        raise BenchError(f"saveplan schema exited {out.sample.code}: {out.stderr}")
    schema.write_text(out.stdout, encoding="utf-8")

    tasks: dict[str, Task] = {}
    order: list[str] = []
    workspaces: dict[int, Path] = {}
    written: dict[int, list[Path]] = {}
    calls: dict[int, int] = {}
    for n in args.size_list:
        ws = root / f"ws-{n}"
        started = time.perf_counter()
        written[n] = generate(ws, n, args.seed)
        workspaces[n] = ws
        progress(f"generated {n:,} plans in {ws} ({time.perf_counter() - started:.1f} s)")
        files = sorted(p.relative_to(ws).as_posix() for p in written[n])
        chunks = split_for_argmax([cjs, "--schemafile", str(schema)], files)
        calls[n] = len(chunks)
        calls_note = "1 call" if len(chunks) == 1 else f"{len(chunks)} calls"
        for task in (
            Task(f"check:{n}", "saveplan check --format json", [[saveplan, "check", "--today", TODAY_ARG,
                                                                 "--format", "json", "plans/"]],
                 ws, frozenset({0, 1}), n),
            Task(f"cjs:{n}", f"check-jsonschema ({calls_note})", chunks, ws, frozenset({0, 1}), n),
            Task(f"floor:{n}", "parse floor (PyYAML CSafeLoader)", [[PYTHON, "-c", FLOOR_CODE, "plans"]], ws,
                 size=n),
            Task(f"board:{n}", "saveplan board -o board.html", [[saveplan, "board", "--today", TODAY_ARG,
                                                                 "-o", "board.html"]], ws, size=n),
            *(Task(f"{view}:{n}", f"saveplan {view}", [[saveplan, view, "--today", TODAY_ARG]], ws, size=n)
              for view in VIEWS),
        ):
            tasks[task.key] = task
            order.append(task.key)
    small = workspaces[args.size_list[0]]
    one_plan = sorted(p.relative_to(small).as_posix() for p in written[args.size_list[0]])[0]
    large_n = args.size_list[-1]
    large = workspaces[large_n]
    edited = written[large_n][0].relative_to(large).as_posix()  # plan 0: clean, an indicator, actions
    kept = root / "edited-plan.yaml"
    shutil.copyfile(large / edited, kept)
    restore = [[PYTHON, "-c", "import shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2])", str(kept),
                edited]]
    slug = Path(edited).stem
    imports = root / "ws-import"
    generate(imports, 1, args.seed)
    (imports / "rows.csv").write_text(import_csv(IMPORT_ROWS), encoding="utf-8")
    clear = [[PYTHON, "-c", "import pathlib; [p.unlink() for p in pathlib.Path('plans').glob('imported-*')]"]]
    for task in (
        Task("python", "python -c pass", [[PYTHON, "-c", "pass"]], small),
        Task("version", "saveplan --version", [[saveplan, "--version"]], small),
        Task("help", "saveplan check --help", [[saveplan, "check", "--help"]], small),
        Task("one", "saveplan check (one plan)", [[saveplan, "check", "--today", TODAY_ARG, one_plan]],
             small, frozenset({0, 1})),
        Task("yamllint", "yamllint (the same plan)", [[tool("yamllint"), one_plan]], small,
             frozenset({0, 1})),
        Task("cjs-one", "check-jsonschema (the same plan)", [[cjs, "--schemafile", str(schema), one_plan]],
             small, frozenset({0, 1})),
        Task("record", f"saveplan record (in {size_label(large_n)})",
             [[saveplan, "record", "--today", TODAY_ARG, slug, "1"]], large, setup=restore),
        Task("done", f"saveplan done (in {size_label(large_n)})",
             [[saveplan, "done", "--today", TODAY_ARG, slug, "2"]], large, setup=restore),
        Task("import", f"saveplan import ({IMPORT_ROWS:,} rows)",
             [[saveplan, "import", "--today", TODAY_ARG, "--playbook", "budget-economic", "rows.csv"]],
             imports, setup=clear, size=IMPORT_ROWS),
    ):
        tasks[task.key] = task
        order.append(task.key)
    return tasks, order, workspaces, written, calls


def bench(args: argparse.Namespace, root: Path) -> Run:
    started_at = datetime.now(UTC)
    clock = time.perf_counter()
    load_before = loadavg()
    steal_before, total_before = cpu_ticks()
    info = machine()
    tasks, order, workspaces, written, calls = prepare(args, root)
    sizes = args.size_list

    # warm-up (page cache, .pyc files) and the data check, untimed
    checks: dict[int, tuple[str, list[str]]] = {}
    for n in sizes:
        check_out = tasks[f"check:{n}"].run(capture=True).stdout
        cjs_out = tasks[f"cjs:{n}"].run(capture=True).stdout
        tasks[f"floor:{n}"].run()
        for view in VIEWS:
            tasks[f"{view}:{n}"].run()
        checks[n] = verify(written[n], workspaces[n], check_out, cjs_out)
        progress(f"data {size_label(n)}: {checks[n][0]}")
        for warning in checks[n][1]:
            progress(f"WARNING: {warning}")
    for key in STARTUP:
        tasks[key].run()

    loads = [load1()]
    for rep in range(args.repeat):
        for n in sizes:
            for kind in ("check", "cjs", "floor", "board", *VIEWS):
                task = tasks[f"{kind}:{n}"]
                sample = task.measure()
                loads.append(load1())
                progress(f"run {rep + 1}/{args.repeat}  {task.label:<36} {n:>7,}  {fmt_s(sample.seconds):>9}"
                         f"  {fmt_mb(sample.rss_kb):>9}")
    for _ in range(args.startup_repeat):
        for key in STARTUP:
            tasks[key].measure()
        loads.append(load1())
    progress("start-up: " + ", ".join(f"{tasks[k].label} {fmt_s(tasks[k].median)}" for k in STARTUP))
    for rep in range(args.repeat):  # the editing commands and an import, interleaved too
        for key in EDITS:
            sample = tasks[key].measure()
            progress(f"run {rep + 1}/{args.repeat}  {tasks[key].label:<36} {fmt_s(sample.seconds):>9}")

    run = Run(args=args, sizes=sizes, tasks=tasks, order=order, info=info, checks=checks,
              started=started_at, seconds=0.0, load_before=load_before, load_after="",
              cjs_calls=calls, load_max=max(loads))
    if args.profile:
        progress("profiling saveplan check and the imports ...")
        run.extra += ["## Where the time goes", "", f"### `saveplan check` on {sizes[0]:,} plans", ""]
        run.extra += profile(workspaces[sizes[0]], root, sizes[0])
        run.extra += ["", "### Start-up: imports", ""]
        run.extra += import_report(workspaces[sizes[0]])
    if source_digest() != info["saveplan source"]:
        run.changed = ("saveplan's sources changed during the run (an editable install runs the working "
                       "tree): the figures may mix two versions; run again")
    run.seconds = time.perf_counter() - clock
    run.load_after = loadavg()
    steal_after, total_after = cpu_ticks()
    if total_after > total_before:
        run.steal = (steal_after - steal_before) / (total_after - total_before)
    return run


def write_json(run: Run, found: list[Target], path: Path) -> None:
    data = {
        "started": run.started.isoformat(), "machine": run.info, "sizes": run.sizes, "seed": run.args.seed,
        "measurements": {key: {"label": t.label, "plans": t.size, "median_s": t.median,
                               "peak_rss_kb": t.peak_rss_kb,
                               "samples": [{"s": s.seconds, "rss_kb": s.rss_kb, "code": s.code}
                                           for s in t.samples]}
                         for key, t in run.tasks.items()},
        "targets": [{"name": t.name, "what": t.what, "ratio": t.value, "limit": t.limit, "pass": t.passed}
                    for t in found],
        "data_checks": {str(n): {"summary": s, "warnings": w} for n, (s, w) in run.checks.items()},
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.keep is not None:
        if args.keep.exists() and any(args.keep.iterdir()):
            print(f"bench/run.py: --keep {args.keep}: the folder is not empty", file=sys.stderr)
            return 2
        args.keep.mkdir(parents=True, exist_ok=True)
        root = args.keep.resolve()
    else:
        root = Path(tempfile.mkdtemp(prefix="saveplan-bench-"))
    try:
        run = bench(args, root)
    except BenchError as exc:
        print(f"bench/run.py: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench/run.py: interrupted", file=sys.stderr)
        return 130
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    found = targets(run.tasks, run.sizes)
    print(text_report(run, found))
    if args.keep is not None:
        print(f"\nworkspaces kept in {root}")
    if args.markdown:
        args.markdown.write_text(markdown_report(run, found), encoding="utf-8")
        print(f"wrote {args.markdown}")
    if args.json:
        write_json(run, found, args.json)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""bench/run.py's child runner: a child's peak RSS is its own, not the benchmark's (no timing)."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.run import spawn

MB = 1024  # ru_maxrss is in kilobytes on Linux


def test_a_small_child_is_not_floored_at_the_parents_memory(tmp_path: Path) -> None:
    spawn([sys.executable, "-c", "pass"], tmp_path)  # the launcher starts while this process is small
    ballast = b"x" * (200 * MB * 1024)  # then this process grows well past any small child
    small = spawn([sys.executable, "-c", "pass"], tmp_path).sample
    big = spawn([sys.executable, "-c", "b = b'x' * (100 << 20)"], tmp_path).sample
    assert len(ballast) == 200 * MB * 1024
    assert small.code == 0 and big.code == 0
    assert small.rss_kb < 60 * MB
    assert 100 * MB < big.rss_kb < small.rss_kb + 140 * MB


def test_output_and_exit_code_come_back(tmp_path: Path) -> None:
    (tmp_path / "here.txt").write_text("in the working folder\n", encoding="utf-8")
    code = "import sys; print(open('here.txt').read(), end=''); print('oops', file=sys.stderr); sys.exit(3)"
    out = spawn([sys.executable, "-c", code], tmp_path, capture=True)
    assert (out.sample.code, out.stdout, out.stderr) == (3, "in the working folder\n", "oops\n")
    assert spawn([sys.executable, "-c", "print('x')"], tmp_path).stdout == ""


def test_a_program_that_cannot_start_exits_127(tmp_path: Path) -> None:
    out = spawn([str(tmp_path / "missing")], tmp_path)
    assert out.sample.code == 127
    assert out.stderr.startswith(f"launcher: {tmp_path / 'missing'}: [Errno 2]")


def test_every_goal_of_the_issue_is_a_target_with_its_ratio() -> None:
    from bench.run import EDITS, STARTUP, VIEWS, Sample, Task, targets

    def task(key: str, seconds: float, mb: int = 40) -> Task:
        return Task(key, key, [], Path("."), samples=[Sample(seconds, seconds, mb * MB, 0)])

    keys = [*STARTUP, *EDITS] + [f"{kind}:{n}" for n in (2000, 10000)
                                 for kind in ("check", "cjs", "floor", "board", *VIEWS)]
    tasks = {key: task(key, 1.0) for key in keys}
    tasks["help"], tasks["record"] = task("help", 0.2), task("record", 0.4)
    found = {(t.name, t.what): t for t in targets(tasks, [2000, 10000])}
    record = found[("j", "saveplan record in 10k <= 1.5 x saveplan check --help")]
    assert (record.value, record.passed) == (2.0, False)
    assert found[("j", "saveplan done in 10k <= 1.5 x saveplan check --help")].value == 5.0
    assert sum(1 for name, _ in found if name == "h") == 2 * (len(VIEWS) + 1)
    assert sum(1 for name, _ in found if name == "i") == 2 * (len(VIEWS) + 1)
    assert ("g", "saveplan check (one plan) <= 1.5 x yamllint") in found

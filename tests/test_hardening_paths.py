"""Odd paths get a clear verdict and never hang: links that lead nowhere or loop, FIFOs,
devices, and files over the size limit, for check and for the editing commands alike."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import Run


def _findings(run: Run) -> dict[str, list[tuple[str, str]]]:
    body = json.loads(run("check", "--format", "json", "--today", "2026-12-02").out)
    found: dict[str, list[tuple[str, str]]] = {}
    for f in body["findings"]:
        found.setdefault(f["path"], []).append((f["code"], f["message"]))
    return found


def test_links_that_lead_nowhere_or_loop_are_reported_not_skipped(workspace: Path, run: Run) -> None:
    plans = workspace / "plans"
    (plans / "dangling.yaml").symlink_to("/nonexistent/plan.yaml")
    (plans / "loop.yaml").symlink_to("loop.yaml")
    found = _findings(run)
    assert found["plans/dangling.yaml"] == [
        ("SP100", "a link to /nonexistent/plan.yaml, which does not exist")]
    assert [code for code, _ in found["plans/loop.yaml"]] == ["SP100"]
    assert "symbolic links" in found["plans/loop.yaml"][0][1]


def test_a_fifo_in_plans_is_sp100_and_does_not_hang(workspace: Path, run: Run) -> None:
    os.mkfifo(workspace / "plans" / "pipe.yaml")
    assert _findings(run)["plans/pipe.yaml"] == [
        ("SP100", "not a regular file (a named pipe, device or socket); a plan is a .yaml file")]


@pytest.mark.parametrize(("make", "said"), [
    (lambda ws: Path("/dev/null"), "/dev/null: a device, not a plan file"),
    (lambda ws: (os.mkfifo(ws / "p.yaml"), ws / "p.yaml")[1], "p.yaml: a named pipe (FIFO), not a plan file"),
    (lambda ws: ws / "missing.yaml", "missing.yaml: no such file or folder"),
])
def test_odd_paths_named_on_the_command_line_are_usage_errors(workspace: Path, run: Run, make: object,
                                                              said: str) -> None:
    path = make(workspace)  # type: ignore[operator]
    result = run("check", str(path.relative_to(workspace) if path.is_relative_to(workspace) else path))
    assert result.code == 2 and said in result.err


def test_an_edit_of_a_plan_over_the_size_limit_is_refused(workspace: Path, run: Run) -> None:
    plan = workspace / "plans" / "northwind-analytics.yaml"
    big = plan.read_text() + "# padding\n" * 450_000  # over 4 MB of comments
    plan.write_text(big)
    result = run("record", "northwind-analytics", "3", "--on", "2026-12-03", "--today", "2026-12-03")
    assert result.code == 2 and "at most 4 MB" in result.err
    assert plan.read_text() == big

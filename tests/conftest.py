"""Shared fixtures. Output is made the same on every machine: no colour, fixed width."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from saveplan.cli import main

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"
GOLDEN = REPO / "tests" / "golden"
REFERENCE_PLAN = REPO / "plans" / "northwind-analytics.yaml"

# one team for every test roster: id -> (name, role)
TEAM = {
    "maria": ("Maria Lopez", "csm"),
    "tomas": ("Tomas Berg", "csm"),
    "sam": ("Sam Reed", "manager"),
    "rachel": ("Rachel Nguyen", "manager"),
    "jordan": ("Jordan Kim", "director"),
    "alex": ("Alex Chen", "vp"),
}


def roster_yaml(*ids: str) -> str:
    """A saveplan.yaml with these people of TEAM, in this order."""
    people = "".join(f"  {i}: {{name: {TEAM[i][0]}, role: {TEAM[i][1]}}}\n" for i in ids)
    return f"version: 1\npeople:\n{people}"


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("SAVEPLAN_TODAY", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


Run = Callable[..., "Result"]


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `saveplan ARGS...` in-process: run("check", cwd=ws) -> Result(code, out, err)."""

    def _run(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the repo's example workspace (saveplan.yaml + plans/), as the cwd."""
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(REPO / "saveplan.yaml", ws / "saveplan.yaml")
    shutil.copytree(REPO / "plans", ws / "plans")
    monkeypatch.chdir(ws)
    yield ws

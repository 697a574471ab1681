"""Shared fixtures. Output is made the same on every machine: no colour, fixed width."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from saveplan.cli import main
from saveplan.workspace import Workspace, open_workspace

# re-exported: the imports of these from conftest keep working; tests/builders.py is their home
from .builders import CASES as CASES
from .builders import GOLDEN as GOLDEN
from .builders import REFERENCE_PLAN as REFERENCE_PLAN
from .builders import REPO as REPO
from .builders import TEAM as TEAM
from .builders import copy_example
from .builders import roster_yaml as roster_yaml


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
    ws = copy_example(tmp_path / "ws")
    monkeypatch.chdir(ws)
    yield ws


@pytest.fixture(scope="session")
def generated_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """90 generated plans (bench.generate, seed 11: one does not load, ten are closed), for
    the views that map a step over a workspace; read only, shared by every test."""
    from bench.generate import generate

    root = tmp_path_factory.mktemp("generated")
    generate(root, 90, seed=11)
    return open_workspace(root)

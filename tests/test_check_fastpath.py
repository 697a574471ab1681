"""`saveplan check` with plain arguments runs without typer (the pre-commit case starts
faster); whatever it is given, it prints and exits exactly as the typer command does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from saveplan import cli
from saveplan.commands.options import WORKSPACE_ENV

CASES = [
    ["plans/northwind-analytics.yaml"],
    ["plans/northwind-analytics.yaml", "--today", "2026-11-25", "-f", "JSON"],
    ["--format", "sarif", "--strict", "--select", "SP3,SP2", "--select", "SP1"],
    ["--ignore", "SP3", "-j", "2", "plans"],
    ["--today", "2026-13-40"],
    ["--select", "XX9"],
    ["plans/no-such-plan.yaml"],
    ["saveplan.yaml", "--format", "github"],
    ["-w", "."],
]


def test_the_workspace_variable_is_spelt_as_the_options_spell_it() -> None:
    assert cli.WORKSPACE_ENV == WORKSPACE_ENV


@pytest.mark.parametrize("words", CASES)
def test_fast_path_and_typer_agree(words: list[str], workspace: Path, run: Any,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli.check_words(words) is not None  # these take the fast path
    fast = run("check", *words)
    monkeypatch.setattr(cli, "check_words", lambda _: None)
    slow = run("check", *words)
    assert (fast.code, fast.out, fast.err) == (slow.code, slow.out, slow.err)


@pytest.mark.parametrize("words", [["--help"], ["-h"], ["--format=json"], ["--format", "yaml"],
                                   ["--jobs", "0"], ["--today"], ["-f", "json", "-f", "text"], ["--", "x"],
                                   ["-x"], [""]])
def test_anything_else_is_left_to_typer(words: list[str]) -> None:
    assert cli.check_words(words) is None


def test_the_environment_reaches_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAVEPLAN_TODAY", "2026-11-25")
    monkeypatch.setenv(WORKSPACE_ENV, "elsewhere")
    got = cli.check_words(["a.yaml"])
    assert got is not None and (got["today"], got["workspace"], got["paths"]) == (
        "2026-11-25", Path("elsewhere"), [Path("a.yaml")])
    monkeypatch.setenv("SAVEPLAN_JOBS", "3")
    assert cli.check_words(["a.yaml"]) is None  # typer validates it


def test_one_plan_is_checked_without_typer_rich_tables_or_multiprocessing(workspace: Path) -> None:
    code = ("import sys; from saveplan.cli import main; code = main(['check', '-f', 'json', "
            "'plans/northwind-analytics.yaml']); "
            "print(sorted(m for m in ('typer', 'click', 'multiprocessing', 'rich') if m in sys.modules), "
            "file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], cwd=workspace, capture_output=True, text=True,
                          check=False)
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_collector_comes_back_once_the_modules_are_in() -> None:
    """`main` as a process of its own loads the modules with the collector off; `_loaded`
    turns it back on with what was made frozen, and leaves a collector it did not turn off
    alone (tests call `main` in this process)."""
    import gc

    before = gc.get_freeze_count()
    cli._loaded()
    assert gc.isenabled() and gc.get_freeze_count() == before
    gc.disable()
    try:
        cli._loaded()
        assert gc.isenabled() and gc.get_freeze_count() > before
    finally:
        gc.enable()
        gc.unfreeze()


def test_a_process_of_its_own_checks_with_the_collector_on(workspace: Path) -> None:
    code = ("import gc, sys; from saveplan import cli, checker\n"
            "seen = []\n"
            "def spy(*a, **k):\n"
            "    seen.append(gc.isenabled()); return real(*a, **k)\n"
            "real, checker.check_files = checker.check_files, spy\n"
            "sys.argv = ['saveplan', 'check', 'plans/northwind-analytics.yaml', '--today', '2026-11-25']\n"
            "code = cli.main(); print(seen, gc.get_freeze_count() > 0); sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=workspace, capture_output=True, text=True,
                          check=False)
    assert done.stdout.splitlines()[-1] == "[True] True", done.stderr

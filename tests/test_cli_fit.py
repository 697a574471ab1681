"""The command line as shells and scripts meet it: options before the command, shell
completion of the words saveplan knows, help without Python types."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

Run = Any
NORTHWIND = "plans/northwind-analytics.yaml"
COMMANDS = ["init", "new", "check", "status", "record", "done", "report", "calendar", "triage",
            "concessions", "playbooks", "schema", "rules"]


def test_workspace_and_today_before_the_command(workspace: Path, run: Run, tmp_path: Path) -> None:
    result = run("--workspace", str(workspace), "--today", "2027-01-10", "check", "--format", "json",
                 cwd=tmp_path)
    assert result.code == 1
    assert {f["code"] for f in json.loads(result.out)["findings"]} >= {"SP301", "SP302"}
    rows = json.loads(run("--today", "2026-11-25", "-w", str(workspace), "status", "--format",
                          "json").out)
    assert {r["path"].rsplit("/", 1)[-1] for r in rows} >= {"northwind-analytics.yaml"}


def test_an_option_after_the_command_wins_and_nothing_leaks(workspace: Path, run: Run,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setenv("SAVEPLAN_TODAY", "2027-01-10")
    assert run("--today", "2026-11-25", "check").code == 0  # before the command beats the env
    assert run("--today", "2027-01-10", "check", "--today", "2026-11-25").code == 0
    assert os.environ["SAVEPLAN_TODAY"] == "2027-01-10"
    assert "SAVEPLAN_WORKSPACE" not in os.environ
    assert run("check").code == 1  # the environment's date again


def test_a_bad_date_before_the_command_is_a_usage_error(workspace: Path, run: Run) -> None:
    result = run("--today", "someday", "check")
    assert result.code == 2 and "--today" in result.err and "'someday' is not a date" in result.err


def test_concessions_takes_today(workspace: Path, run: Run) -> None:
    assert run("concessions", "--today", "2026-11-25").code == 0
    assert run("concessions", "--today", "nope").code == 2


@pytest.mark.parametrize("name", COMMANDS)
def test_help_shows_no_python_types(run: Run, name: str) -> None:
    result = run(name, "--help")
    assert result.code == 0
    assert not re.search(r"<(bool|str|int|float|path|list\[\w+\])>", result.out, re.I), result.out


def test_o_means_output_only(run: Run) -> None:
    assert "-o" not in re.findall(r"--owner\s+(-\w)", run("new", "--help").out)
    assert re.search(r"--output\s+-o", run("calendar", "--help").out)


def test_triage_help_points_at_nothing_a_pip_user_lacks(run: Run) -> None:
    assert "docs/" not in run("triage", "--help").out


def complete(run: Run, monkeypatch: pytest.MonkeyPatch, line: str) -> list[str]:
    """Bash's completion protocol: COMP_WORDS and COMP_CWORD, one candidate a line."""
    words = line.split(" ")
    monkeypatch.setenv("_SAVEPLAN_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", line)
    monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    result = run()
    monkeypatch.delenv("_SAVEPLAN_COMPLETE")
    assert result.code == 0
    return list(result.out.split())


def test_bash_completes_plan_slugs(workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    slugs = sorted(p.stem for p in (workspace / "plans").glob("*.yaml"))
    assert complete(run, monkeypatch, "saveplan record ") == slugs
    assert complete(run, monkeypatch, "saveplan report no") == ["northwind-analytics"]
    assert complete(run, monkeypatch, "saveplan done zz") == []


def test_bash_completes_actions_playbooks_and_codes(workspace: Path, run: Run,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert complete(run, monkeypatch, "saveplan done northwind-analytics ") == ["1", "2", "3"]
    assert complete(run, monkeypatch, "saveplan new X --playbook champ") == ["champion-departure"]
    assert complete(run, monkeypatch, "saveplan check --ignore SP20") == [
        "SP201", "SP202", "SP203", "SP205", "SP206", "SP207"]
    assert complete(run, monkeypatch, "saveplan check --select SP301,SP40") == [
        "SP301,SP401", "SP301,SP402", "SP301,SP403", "SP301,SP404"]
    assert "SP302" in complete(run, monkeypatch, "saveplan rules SP3")


def test_action_ids_are_offered_too(workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = workspace / NORTHWIND
    text = plan.read_text().replace("  - do: Run a 45-minute", "  - id: kickoff\n    do: Run a 45-minute")
    plan.write_text(text)
    assert complete(run, monkeypatch, "saveplan done northwind-analytics ") == ["1", "2", "3", "kickoff"]


def test_slug_completion_imports_no_pydantic(workspace: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; from saveplan.completion import plan_slugs; print(plan_slugs('')); "
            "assert 'pydantic' not in sys.modules and 'ruamel' not in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], cwd=workspace, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "northwind-analytics" in done.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_for_each_shell(run: Run, shell: str) -> None:
    result = run("--show-completion", shell)
    assert result.code == 0 and "_SAVEPLAN_COMPLETE" in result.out


@pytest.mark.parametrize(("args", "where"), [
    (["check"], "saveplan.commands.check.check"),  # the fast path: no typer
    (["status"], "saveplan.cli.build_app"),  # every other command
])
def test_an_internal_error_exits_3_in_two_plain_lines(workspace: Path, run: Run,
                                                      monkeypatch: pytest.MonkeyPatch, args: list[str],
                                                      where: str) -> None:
    """main() catches every exception, so no traceback ever shows: a bug is told by exit 3
    and these two lines (a "no Traceback" check means something only with its exit code)."""
    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(where, boom if where.endswith(".check") else lambda: boom)
    result = run(*args)
    assert (result.code, result.out) == (3, "")
    assert result.err == ("saveplan: internal error: ZeroDivisionError: boom\n"
                          "  This is a bug in saveplan; please report it with the command you ran.\n")

"""`saveplan check` for CI and pre-commit: rule selection, saveplan.yaml as a path,
paths from the repository root, and a real pre-commit run on a roster change."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from saveplan.loader import parse

from ..builders import REPO, copy_example

Run = Callable[..., Any]
NORTHWIND = "plans/northwind-analytics.yaml"
TAILSPIN = "plans/tailspin-toys.yaml"


@pytest.fixture(autouse=True)
def _no_ci_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)


def codes(run: Run, *args: str) -> tuple[int, list[tuple[str, str]]]:
    result = run("check", "--format", "json", *args)
    body = json.loads(result.out)
    return result.code, [(f["path"], f["code"]) for f in body["findings"]]


# on 2027-01-10 the reference plan has SP301 (overdue actions), SP302 (missed check) and
# SP305 (no update in 7 days)
LATE = ("--today", "2027-01-10", NORTHWIND)


def test_late_plan_has_dated_findings(workspace: Path, run: Run) -> None:
    code, found = codes(run, *LATE)
    assert code == 1 and {c for _, c in found} == {"SP301", "SP302", "SP305"}


def test_ignore_a_prefix_drops_the_dated_rules(workspace: Path, run: Run) -> None:
    assert codes(run, *LATE, "--ignore", "SP3") == (0, [])


def test_select_keeps_only_the_codes_named(workspace: Path, run: Run) -> None:
    code, found = codes(run, *LATE, "--select", "sp302")
    assert code == 1 and found == [(NORTHWIND, "SP302")]
    code, found = codes(run, *LATE, "--select", "SP301")
    assert code == 0 and {c for _, c in found} == {"SP301"}


def test_codes_are_comma_separated_and_repeatable(workspace: Path, run: Run) -> None:
    assert codes(run, *LATE, "--ignore", "SP301,SP302,SP305") == (0, [])
    assert codes(run, *LATE, "--ignore", "SP301", "--ignore", "SP302", "--ignore", "SP305") == (0, [])
    # ignore wins over select
    assert codes(run, *LATE, "--select", "SP3", "--ignore", "SP30") == (0, [])


def test_check_ignore_in_saveplan_yaml(workspace: Path, run: Run) -> None:
    config = workspace / "saveplan.yaml"
    config.write_text(config.read_text() + "check:\n  ignore: [SP302]\n")
    code, found = codes(run, *LATE)
    assert code == 0 and {c for _, c in found} == {"SP301", "SP305"}
    assert codes(run, *LATE, "--ignore", "SP301,SP305") == (0, [])


@pytest.mark.parametrize(("args", "words"), [
    (["--ignore", "SP9"], "--ignore SP9: no rule code is or starts with it"),
    (["--select", "XX"], "--select XX: no rule code is or starts with it"),
])
def test_an_unknown_code_is_a_usage_error(workspace: Path, run: Run, args: list[str], words: str) -> None:
    result = run("check", *args)
    assert result.code == 2 and words in result.err


def test_saveplan_yaml_as_a_path_checks_every_plan_against_it(workspace: Path, run: Run) -> None:
    config = workspace / "saveplan.yaml"
    config.write_text(config.read_text().replace("sam: {name: Sam Reed, role: manager}",
                                                 "sam: {name: Sam Reed, role: csm}"))
    result = run("check", "saveplan.yaml", "--format", "json", "--today", "2026-11-25")
    body = json.loads(result.out)
    assert result.code == 1 and body["files"] == 6  # the workspace file and the 5 plans
    assert [(f["path"], f["code"]) for f in body["findings"]] == [(TAILSPIN, "SP401")]


def test_saveplan_yaml_with_a_mistake_is_reported(workspace: Path, run: Run) -> None:
    (workspace / "saveplan.yaml").write_text("version: 1\npeople:\n  maria: {name: M, role: intern}\n")
    code, found = codes(run, "saveplan.yaml", "--select", "SP1", "--today", "2026-11-25")
    assert code == 1 and found == [("saveplan.yaml", "SP102")]


def test_saveplan_yaml_in_another_folder_is_that_workspace(workspace: Path, run: Run,
                                                          tmp_path: Path) -> None:
    result = run("check", str(workspace / "saveplan.yaml"), "--today", "2026-11-25", cwd=tmp_path)
    assert result.code == 0 and result.out.strip() == "6 files checked: no problems."


def in_subfolder(tmp_path: Path) -> Path:
    """A repository whose workspace is in cs/, with the reference plan broken (SP203)."""
    repo = tmp_path / "repo"
    ws = copy_example(repo / "cs")
    plan = ws / NORTHWIND
    plan.write_text(plan.read_text().replace("    due: day 14\n", "    due: 2027-03-01\n"))
    return repo


@pytest.mark.parametrize("fmt", ["github", "json", "sarif", "gitlab", "junit", "text"])
def test_paths_are_relative_to_the_repository_root(tmp_path: Path, run: Run, fmt: str) -> None:
    repo = in_subfolder(tmp_path)
    (repo / ".git").mkdir()  # all it takes to be the root: found without running git
    result = run("check", "--format", fmt, "--today", "2026-11-25", cwd=repo / "cs")
    assert result.code == 1
    assert f"cs/{NORTHWIND}" in result.out
    assert not re.search(rf"(?<!cs/){re.escape(NORTHWIND)}", result.out)
    if fmt == "github":
        assert result.out.startswith(f"::error file=cs/{NORTHWIND},line=")


def test_a_git_file_marks_the_root_too_and_github_workspace_wins(
        tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = in_subfolder(tmp_path)
    (repo / ".git").write_text("gitdir: /elsewhere\n")  # a worktree
    assert f"file=cs/{NORTHWIND}," in run("check", "--format", "github", "--today", "2026-11-25",
                                         cwd=repo / "cs").out
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo / "cs"))
    assert f"file={NORTHWIND}," in run("check", "--format", "github", "--today", "2026-11-25").out


def test_outside_a_repository_paths_stay_relative_to_here(tmp_path: Path, run: Run) -> None:
    repo = in_subfolder(tmp_path)
    out = run("check", "--format", "github", "--today", "2026-11-25", cwd=repo / "cs").out
    assert out.startswith(f"::error file={NORTHWIND},line=")


# --- a real pre-commit run -------------------------------------------------------------

def the_hook() -> dict[str, Any]:
    text = (REPO / ".pre-commit-hooks.yaml").read_text()
    [hook] = parse(text.replace("\n- id:", "\nhooks:\n- id:", 1)).data["hooks"]
    return dict(hook)


def git(repo: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_refuses_a_roster_change_that_breaks_a_plan(tmp_path: Path) -> None:
    bindir = Path(sys.executable).parent
    pre_commit = shutil.which("pre-commit", path=str(bindir)) or shutil.which("pre-commit")
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (it is in the test extra)")
    repo = copy_example(tmp_path / "team")
    hook = the_hook()
    # the hook as this project offers it, run with the saveplan under test (language: system)
    local = {**{k: hook[k] for k in ("id", "name", "entry", "files", "pass_filenames")},
             "language": "system", "args": ["--today", "2026-11-25"]}
    (repo / ".pre-commit-config.yaml").write_text(json.dumps({"repos": [{"repo": "local",
                                                                          "hooks": [local]}]}))
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_NOSYSTEM": "1"}
    env.pop("GITHUB_WORKSPACE", None)
    git(repo, "init", "-q", env=env)
    git(repo, "add", ".", env=env)
    git(repo, "commit", "-q", "-m", "the team's plans", env=env)

    def pre_commit_run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([pre_commit, "run"], cwd=repo, env=env, capture_output=True,
                              text=True, timeout=120)

    config = repo / "saveplan.yaml"
    config.write_text(config.read_text() + "\n# a comment-only change\n")
    git(repo, "add", "saveplan.yaml", env=env)
    clean = pre_commit_run()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout

    config.write_text(config.read_text().replace("sam: {name: Sam Reed, role: manager}",
                                                 "sam: {name: Sam Reed, role: csm}"))
    git(repo, "add", "saveplan.yaml", env=env)
    refused = pre_commit_run()
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "Failed" in refused.stdout and "Skipped" not in refused.stdout
    assert re.search(r"plans/tailspin-toys\.yaml:\d+:\d+\s+error\s+SP401", refused.stdout)

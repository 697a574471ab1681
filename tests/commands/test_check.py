"""`saveplan check`: output formats, exit codes, today, workspace discovery."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from saveplan.commands.check import check

NORTHWIND = "plans/northwind-analytics.yaml"


def break_plan(ws: Path) -> Path:
    """The reference plan with its third action moved after the renewal (SP203 at line 41)."""
    path = ws / NORTHWIND
    text = path.read_text()
    assert "    due: day 14\n" in text
    path.write_text(text.replace("    due: day 14\n", "    due: 2027-03-01\n"))
    return path


def due_line(path: Path) -> int:
    return path.read_text().splitlines().index("    due: 2027-03-01") + 1


def test_clean_workspace_exits_0_with_a_summary(workspace: Path, run: Callable[..., object]) -> None:
    result = run("check", "--today", "2026-11-25")
    assert result.code == 0  # type: ignore[attr-defined]
    assert result.out.strip() == "5 files checked: no problems."  # type: ignore[attr-defined]


def test_json_report_is_the_spec_object(workspace: Path, run: Callable[..., object]) -> None:
    path = break_plan(workspace)
    result = run("check", "--format", "json", "--today", "2026-11-25")
    body = json.loads(result.out)  # type: ignore[attr-defined]
    assert result.code == 1  # type: ignore[attr-defined]
    assert body["files"] == 5 and body["errors"] == 1 and body["warnings"] == 0
    [finding] = body["findings"]
    assert finding == {
        "path": NORTHWIND, "line": due_line(path), "column": 5, "code": "SP203",
        "severity": "error",
        "message": "action 3 is due 2027-03-01, after the renewal date 2027-02-15: "
                   "move it before the renewal call",
    }


def test_github_format_is_one_workflow_command_per_finding(workspace: Path,
                                                          run: Callable[..., object]) -> None:
    path = break_plan(workspace)
    result = run("check", "--format", "github", "--today", "2026-11-25")
    lines = result.out.splitlines()  # type: ignore[attr-defined]
    assert lines[0] == (f"::error file={NORTHWIND},line={due_line(path)},col=5,title=SP203::"
                        "action 3 is due 2027-03-01, after the renewal date 2027-02-15%3A"
                        " move it before the renewal call".replace("%3A", ":"))
    assert lines[-1] == "1 error, 0 warnings in 5 files checked."


def test_text_format_groups_by_file(workspace: Path, run: Callable[..., object]) -> None:
    path = break_plan(workspace)
    result = run("check", "--today", "2026-11-25")
    line = due_line(path)
    assert result.out.splitlines() == [  # type: ignore[attr-defined]
        NORTHWIND,
        f"  {NORTHWIND}:{line}:5  error   SP203  action 3 is due 2027-03-01, after the "
        "renewal date 2027-02-15: move it before the renewal call",
        "",
        "1 error, 0 warnings in 5 files checked.",
    ]


def test_warnings_pass_unless_strict(workspace: Path, run: Callable[..., object]) -> None:
    # on 2026-12-01 the reference plan's first action (due day 5) is overdue: SP301, a warning
    assert run("check", NORTHWIND, "--today", "2026-12-01").code == 0  # type: ignore[attr-defined]
    assert run("check", NORTHWIND, "--today", "2026-12-01", "--strict").code == 1  # type: ignore[attr-defined]


def test_saveplan_today_env_is_honoured(workspace: Path, run: Callable[..., object],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAVEPLAN_TODAY", "2027-02-20")  # renewal passed: SP304 and more
    result = run("check", NORTHWIND, "--format", "json")
    assert result.code == 1  # type: ignore[attr-defined]
    assert "SP304" in {f["code"] for f in json.loads(result.out)["findings"]}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["check", "plans/nope.yaml"], "plans/nope.yaml: no such file or folder"),
        (["check", "--today", "someday"], "--today 'someday' is not a date"),
        (["check", "--format", "xml"], "xml"),
        (["check", "--no-such-option"], "No such option"),
        (["check", "--workspace", "/no/such/dir"], "no such folder"),
    ],
)
def test_usage_problems_exit_2(workspace: Path, run: Callable[..., object], args: list[str],
                               words: str) -> None:
    result = run(*args)
    assert result.code == 2  # type: ignore[attr-defined]
    assert words in result.err + result.out  # type: ignore[attr-defined]
    assert "Traceback" not in result.err  # type: ignore[attr-defined]


def test_no_plan_found_exits_2(tmp_path: Path, run: Callable[..., object]) -> None:
    (tmp_path / "plans").mkdir()
    result = run("check", cwd=tmp_path)
    assert result.code == 2 and "no plan found" in result.err  # type: ignore[attr-defined]


def test_workspace_found_from_a_subfolder(workspace: Path, run: Callable[..., object]) -> None:
    result = run("check", "--today", "2026-11-25", cwd=workspace / "plans")
    assert result.code == 0 and "5 files checked" in result.out  # type: ignore[attr-defined]


def test_broken_saveplan_yaml_is_reported_with_its_line(workspace: Path,
                                                        run: Callable[..., object]) -> None:
    config = workspace / "saveplan.yaml"
    config.write_text("version: 1\npeople:\n  maria: {name: Maria, role: intern}\n")
    result = run("check", "--format", "json", "--today", "2026-11-25")
    body = json.loads(result.out)  # type: ignore[attr-defined]
    assert result.code == 1  # type: ignore[attr-defined]
    first = body["findings"][0]
    assert (first["path"], first["line"], first["code"]) == ("saveplan.yaml", 3, "SP102")
    assert first["message"].startswith("people.maria.role: 'intern' is not allowed")
    # with the settings unusable, the built-in defaults apply: roster approvers lose their role
    assert {f["code"] for f in body["findings"][1:]} == {"SP401"}


def test_check_is_callable_without_the_cli(workspace: Path) -> None:
    import io

    out = io.StringIO()
    assert check([Path(NORTHWIND)], fmt="json", today="2026-11-25", out=out) == 0
    assert json.loads(out.getvalue())["files"] == 1


def test_version_fast_path(run: Callable[..., object]) -> None:
    from saveplan import __version__

    assert run("--version").out == f"saveplan {__version__}\n"  # type: ignore[attr-defined]

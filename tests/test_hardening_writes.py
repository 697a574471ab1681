"""Hardening of the write path (docs/hardening.md): no write outside the workspace, no
write over a read-only plan, no lost write when editors run in parallel, no leftovers."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.builders import REPO
from tests.conftest import Run

NEW = ["new", "Contoso Ltd", "--playbook", "champion-departure", "--renewal", "2027-04-01",
       "--arr", "60000", "--owner", "maria", "--start", "2026-11-25", "--no-input",
       "--today", "2026-11-25"]
PLAN = "northwind-analytics"


def test_new_force_refuses_a_link_that_leaves_the_workspace(workspace: Path, run: Run,
                                                            tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    (workspace / "plans" / "contoso-ltd.yaml").symlink_to(outside)
    result = run(*NEW, "--force")
    assert result.code == 2
    assert "outside the workspace" in result.err and "nothing was written" in result.err
    assert outside.read_text() == "precious\n"
    assert (workspace / "plans" / "contoso-ltd.yaml").is_symlink()


def test_new_refuses_a_dangling_link_out_of_the_workspace(workspace: Path, run: Run,
                                                          tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "created.yaml"
    target.parent.mkdir()
    (workspace / "plans" / "contoso-ltd.yaml").symlink_to(target)
    for extra in ([], ["--force"]):
        result = run(*NEW, *extra)
        assert result.code == 2, result.err
        assert not target.exists()


def test_record_and_done_refuse_a_link_out_of_the_workspace(workspace: Path, run: Run,
                                                            tmp_path: Path) -> None:
    real = workspace / "plans" / f"{PLAN}.yaml"
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(real.read_bytes())
    real.unlink()
    real.symlink_to(outside)
    before = outside.read_bytes()
    assert run("record", PLAN, "3", "--on", "2026-12-03", "--today", "2026-12-03").code == 2
    assert run("done", PLAN, "1", "--on", "2026-12-03", "--today", "2026-12-03").code == 2
    assert outside.read_bytes() == before


def test_a_link_inside_the_workspace_is_edited_through(workspace: Path, run: Run) -> None:
    real = workspace / "plans" / f"{PLAN}.yaml"
    (workspace / "archive").mkdir()
    moved = workspace / "archive" / "northwind.yaml"
    real.rename(moved)
    real.symlink_to(moved)
    result = run("record", PLAN, "3", "--on", "2026-12-03", "--today", "2026-12-03")
    assert result.code == 0, result.err
    assert real.is_symlink() and "{on: 2026-12-03, value: 3}" in moved.read_text()


def test_a_read_only_plan_is_refused_and_left_alone(workspace: Path, run: Run,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    plan = workspace / "plans" / f"{PLAN}.yaml"
    before = plan.read_bytes()
    plan.chmod(0o444)
    real_access = os.access
    # the tests may run as root, whom the system lets write anything: ask as a user would
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == plan and mode == os.W_OK
                        else real_access(p, mode))
    result = run("record", PLAN, "3", "--on", "2026-12-03", "--today", "2026-12-03")
    assert result.code == 2 and "is read-only for you (mode 0444)" in result.err
    assert run("done", PLAN, "1", "--today", "2026-12-03").code == 2
    assert plan.read_bytes() == before
    assert stat.S_IMODE(plan.stat().st_mode) == 0o444


def test_a_plan_the_system_lets_us_write_keeps_its_read_only_mode(workspace: Path, run: Run) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root may write a 0444 file")
    plan = workspace / "plans" / f"{PLAN}.yaml"
    plan.chmod(0o444)
    assert run("record", PLAN, "3", "--on", "2026-12-03", "--today", "2026-12-03").code == 0
    assert stat.S_IMODE(plan.stat().st_mode) == 0o444


def test_a_write_keeps_the_mode_of_the_file(workspace: Path, run: Run) -> None:
    plan = workspace / "plans" / f"{PLAN}.yaml"
    plan.chmod(0o640)
    assert run("record", PLAN, "3", "--on", "2026-12-03", "--today", "2026-12-03").code == 0
    assert stat.S_IMODE(plan.stat().st_mode) == 0o640


def test_stale_temp_files_are_removed_on_the_next_write(workspace: Path, run: Run) -> None:
    plans = workspace / "plans"
    stale = plans / f".{PLAN}.yaml.abc123.tmp"
    fresh = plans / f".{PLAN}.yaml.def456.tmp"
    stale.write_text("left by a killed run")
    fresh.write_text("a writer at work right now")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    assert run("record", PLAN, "3", "--on", "2026-12-03", "--today", "2026-12-03").code == 0
    assert not stale.exists() and fresh.exists()


def test_parallel_new_force_loses_nothing_and_never_crashes(workspace: Path) -> None:
    (workspace / "plans" / "contoso-ltd.yaml").write_text("# a plan to replace\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-m", "saveplan", *NEW, "--force"], cwd=workspace,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(6)]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [0] * 6, results
    text = (workspace / "plans" / "contoso-ltd.yaml").read_text()
    assert text.startswith("# yaml-language-server") and "Contoso Ltd" in text
    assert not [p.name for p in (workspace / "plans").iterdir() if p.name.endswith(".tmp")]


def test_parallel_records_all_land(workspace: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    days = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"]
    procs = [subprocess.Popen([sys.executable, "-m", "saveplan", "record", PLAN, "1", "--on", d,
                               "--today", "2026-12-03"], cwd=workspace, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for d in days]
    assert [p.wait(timeout=120) for p in procs] == [0] * 4
    text = (workspace / "plans" / f"{PLAN}.yaml").read_text()
    assert all(f"on: {d}" in text for d in days)


def test_a_cr_only_plan_is_edited_with_its_own_line_ends(workspace: Path, run: Run) -> None:
    plan = workspace / "plans" / f"{PLAN}.yaml"
    lf = plan.read_bytes()
    first = run("record", PLAN, "3", "--on", "2026-12-03", "--today", "2026-12-03")
    assert first.code == 0
    edited_lf = plan.read_bytes()
    plan.write_bytes(lf.replace(b"\n", b"\r"))
    result = run("record", PLAN, "3", "--on", "2026-12-03", "--today", "2026-12-03")
    assert result.code == 0, result.err
    assert plan.read_bytes() == edited_lf.replace(b"\n", b"\r")
    assert result.out == first.out  # the same line reported as for the LF file

"""`saveplan record` and `saveplan done`: what they write, what they refuse (exit 2, the
file byte for byte as it was), and 24 concurrent runs that all land."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from saveplan.loader import parse

from ..builders import EDIT_INPUT, GOLDEN, plan_head, roster_yaml, write_tree
from ..conftest import Run

ROSTER = roster_yaml("maria", "tomas", "rachel")


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_tree(tmp_path / "ws", {"saveplan.yaml": ROSTER,
                                        "plans/northwind-analytics.yaml": EDIT_INPUT / "reference.yaml",
                                        "plans/proseware.yaml": EDIT_INPUT / "proseware.yaml"})
    monkeypatch.chdir(root)
    return root


NORTHWIND = Path("plans/northwind-analytics.yaml")


def test_record_writes_the_golden_file_and_says_what_it_did(run: Run, ws: Path) -> None:
    result = run("record", "northwind-analytics", "2", "--on", "2026-12-03", "--today", "2026-12-05")
    assert result.code == 0, result.err
    assert (ws / NORTHWIND).read_bytes() == (GOLDEN / "edit" / "record" / "reference.yaml").read_bytes()
    assert result.out == (
        "plans/northwind-analytics.yaml:54: recorded 2 on 2026-12-03 (Admin logins in week two, target at "
        "least 3)\n"
        "Indicator: off track; light: red\n"
        "Next: The indicator is off track (2 against a target of at least 3): book a short unblock call with "
        "Lee Park (champion) before 2026-12-07 (Share a before/after usage summary with the VP), find what "
        "blocks them, then read the indicator again.\n")


def test_record_then_status_and_check(run: Run, ws: Path) -> None:
    """The contract case record-reading-then-status, in-process."""
    assert run("record", "northwind-analytics", "2", "--on", "2026-12-03", "--today", "2026-12-05").code == 0
    check = json.loads(run("check", "--format", "json", "--today", "2026-12-05").out)
    codes = {f["code"] for f in check["findings"] if f["path"].endswith("northwind-analytics.yaml")}
    assert codes == {"SP301", "SP303", "SP305"}  # no update sent by day 12
    rows = json.loads(run("status", "--format", "json", "--today", "2026-12-05").out)
    assert next(r for r in rows if r["path"].endswith("northwind-analytics.yaml"))["indicator"] == "off_track"


def test_record_defaults_to_today_from_the_environment(run: Run, ws: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAVEPLAN_TODAY", "2026-12-04")
    assert run("record", str(NORTHWIND), "3.5").code == 0
    readings = parse((ws / NORTHWIND).read_text(encoding="utf-8")).data["leading_indicator"]["readings"]
    assert [(str(r["on"]), r["value"]) for r in readings] == [("2026-12-04", 3.5)]


def test_record_a_negative_value_without_double_dash(run: Run, ws: Path) -> None:
    result = run("record", "proseware", "-1", "--today", "2026-12-05")
    assert result.code == 0, result.err
    text = (ws / "plans" / "proseware.yaml").read_text(encoding="utf-8")
    assert "    - {on: 2026-12-05, value: -1}\n" in text


def test_record_on_relative_dates(run: Run, ws: Path) -> None:
    assert run("record", "northwind-analytics", "2", "--on", "yesterday", "--today", "2026-12-05").code == 0
    assert "{on: 2026-12-04, value: 2}" in (ws / NORTHWIND).read_text(encoding="utf-8")


def test_done_by_number_writes_the_golden_file(run: Run, ws: Path) -> None:
    result = run("done", "northwind-analytics", "2", "--on", "2026-12-03", "--today", "2026-12-05")
    assert result.code == 0, result.err
    assert (ws / NORTHWIND).read_bytes() == (GOLDEN / "edit" / "done" / "reference.yaml").read_bytes()
    assert result.out == (
        "plans/northwind-analytics.yaml:43: action 2 done on 2026-12-03\n"
        "Next: action 1, due 2026-11-28 (overdue): Run a 45-minute workflow session with the new admin "
        "(maria)\n")


def test_done_by_id_and_again(run: Run, ws: Path) -> None:
    path = ws / "plans" / "proseware.yaml"
    result = run("done", "proseware", "fix", "--today", "2026-12-05")
    assert result.code == 0, result.err
    assert result.out.startswith("plans/proseware.yaml:56: action 3 (fix) done on 2026-12-05\n")
    after = path.read_bytes()
    again = run("done", "proseware", "fix", "--today", "2026-12-06")
    assert again.code == 0
    assert again.out.startswith("plans/proseware.yaml:56: action 3 (fix) is already done (2026-12-05); "
                                "nothing written (use --on DATE to change the date)\n")
    assert path.read_bytes() == after
    moved = run("done", "proseware", "fix", "--on", "2026-12-04", "--today", "2026-12-06")
    assert moved.code == 0
    assert moved.out.startswith(
        "plans/proseware.yaml:56: action 3 (fix) done on 2026-12-04 (was 2026-12-05)")


def test_every_action_done(run: Run, ws: Path) -> None:
    for n in ("1", "2", "3"):
        result = run("done", "northwind-analytics", n, "--today", "2026-12-05")
    assert result.out.endswith("Every action is done.\n")


NO_INDICATOR = plan_head("Litware", 1000, "2027-01-31", "2026-11-25") + """\
actions:
  - {do: a, owner: maria, due: day 2}
  - {do: b, owner: maria, due: day 3}
  - {do: c, owner: maria, due: day 4}
commercial_path:
  - {when: w, kind: renewal, offer: o}
"""


@pytest.mark.parametrize(("args", "message"), [
    (("record", "northwind-analytics", "abc"), "VALUE 'abc' is not a number"),
    (("record", "northwind-analytics", "nan"), "VALUE 'nan' is not a finite number"),
    (("record", "northwind-analytics", "-inf"), "VALUE '-inf' is not a finite number"),
    (("record", "northwind-analytics", "2", "--on", "2026-02-30"), "--on '2026-02-30' is not a date"),
    (("record", "northwind-analytics", "2", "--on", "2026-12-06"),
     "--on 2026-12-06: 2026-12-06 is after today (2026-12-05)"),
    (("record", "northwind-analytics", "2", "--today", "soon"), "--today 'soon' is not a date"),
    (("record", "nosuch", "2"), "no plan 'nosuch' in plans"),
    (("record", "plans/missing.yaml", "2"), "no plan 'plans/missing.yaml' in plans"),
    (("record", "litware", "2"), "the plan has no leading_indicator to record a reading for"),
    (("record", "broken", "2"), "plans/broken.yaml:8:3: SP102"),
    (("done", "northwind-analytics", "4"), "no action '4' in this plan\n  hint: give an action's id or "
                                           "its number: 1, 2, 3"),
    (("done", "proseware", "deploy"), "no action 'deploy' in this plan\n  hint: give an action's id or "
                                      "its number: 1 (escalate), 2 (workaround), 3 (fix), 4 (updates), "
                                      "5 (review)"),
    (("done", "northwind-analytics", "1", "--on", "next week"), "--on 'next week' is not a date"),
    (("done", "broken", "1"), "plans/broken.yaml:8:3: SP102"),
])
def test_refusals_exit_2_and_write_nothing(run: Run, ws: Path, args: tuple[str, ...], message: str) -> None:
    (ws / "plans" / "litware.yaml").write_text(NO_INDICATOR, encoding="utf-8")
    (ws / "plans" / "broken.yaml").write_text(
        (ws / NORTHWIND).read_text(encoding="utf-8").replace("arr: 84000", "arr: lots"), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (ws / "plans").iterdir()}
    result = run(*args, *(() if "--today" in args else ("--today", "2026-12-05")))
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("saveplan: ") and message in result.err, result.err
    assert "Traceback" not in result.err
    assert {p.name: p.read_bytes() for p in (ws / "plans").iterdir()} == before


def test_an_unusable_saveplan_yaml_is_refused(run: Run, ws: Path) -> None:
    (ws / "saveplan.yaml").write_text("version: 1\npeople: [\n", encoding="utf-8")
    before = (ws / NORTHWIND).read_bytes()
    result = run("record", "northwind-analytics", "2", "--today", "2026-12-05")
    assert result.code == 2 and "saveplan.yaml" in result.err
    assert (ws / NORTHWIND).read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="no fcntl: edits are atomic but not locked")
def test_24_records_at_once_keep_all_24(ws: Path) -> None:
    """24 processes started together on one plan: the lock serialises them, so every
    reading lands and every other line stays as it was."""
    env = {**os.environ, "SAVEPLAN_TODAY": "2026-12-05", "NO_COLOR": "1"}
    before = (ws / NORTHWIND).read_text(encoding="utf-8")
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    procs = [subprocess.Popen([sys.executable, "-m", "saveplan", "record", "northwind-analytics", str(n),
                               "--on", "2026-12-04"], cwd=ws, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for n in range(1, 25)]
    outcomes = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    for p in procs:
        for stream in (p.stdout, p.stderr):
            if stream:
                stream.close()
    elapsed = time.monotonic() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
    assert [code for code, _ in outcomes] == [0] * 24, [err for _, err in outcomes if err]
    after = (ws / NORTHWIND).read_text(encoding="utf-8")
    readings = parse(after).data["leading_indicator"]["readings"]
    assert sorted(r["value"] for r in readings) == list(range(1, 25))
    added = [line for line in after.splitlines() if line.startswith("    - {on: 2026-12-04, value: ")]
    assert len(added) == 24
    assert after.replace("".join(f"{line}\n" for line in added), "") == before.replace(
        "  check: day 10\n", "  check: day 10\n  readings:\n")
    assert [p.name for p in (ws / "plans").iterdir() if p.name.startswith(".")] == []
    print(f"24 concurrent records: {elapsed:.2f} s wall, {cpu_seconds:.2f} s CPU")

"""Command-line dates are read in exactly the documented forms, never guessed, and a
date saveplan cannot work with is a usage error, not a crash (docs/hardening.md)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from saveplan.dates import READ_AS, parse_cli_date
from saveplan.errors import UsageError
from tests.builders import REPO
from tests.conftest import Run

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(("text", "expected"), [
    ("2027-02-15", date(2027, 2, 15)),
    ("today", TODAY), ("Yesterday", date(2026, 12, 1)), ("tomorrow", date(2026, 12, 3)),
    ("+30", date(2027, 1, 1)), ("-2", date(2026, 11, 30)),
    ("15 Feb 2027", date(2027, 2, 15)), ("15 february 2027", date(2027, 2, 15)),
    ("Feb 15 2027", date(2027, 2, 15)), ("Feb 15, 2027", date(2027, 2, 15)),
    ("Sept 3 2027", date(2027, 9, 3)),
])
def test_the_documented_forms(text: str, expected: date) -> None:
    assert parse_cli_date(text, today=TODAY, option="--on") == expected


@pytest.mark.parametrize(("text", "why"), [
    ("1", "is not a date"), ("monday", "is not a date"), ("12:30", "is not a date"),
    ("٢٠٢٧-٠١-٠١", "is not a date"),  # Arabic-Indic digits
    ("20270215", "is not a date"), ("2027-W07-1", "is not a date"),
    ("May 1", "is not a date"),  # no year: it became a past date
    ("01/05/2027", "reads two ways"), ("13/01/2027", "reads two ways"), ("1.5.27", "reads two ways"),
    ("2027-02-30", "is not a date"), ("15 Fbr 2027", "is not a date"),
    ("9999-12-30", "outside the years saveplan works with"), ("+99999", "is not a date"),
    ("1899-12-31", "outside the years"),
])
def test_everything_else_is_refused(text: str, why: str) -> None:
    with pytest.raises(UsageError, match=why):
        parse_cli_date(text, today=TODAY, option="--on")


def test_only_forms_other_than_iso_are_noted() -> None:
    READ_AS.clear()
    parse_cli_date("2027-02-15", today=TODAY, option="--renewal")
    parse_cli_date("+30", today=TODAY, option="--renewal")
    assert READ_AS == ["--renewal +30 read as 2027-01-01"]


def test_the_command_says_how_it_read_a_date(workspace: Path, run: Run) -> None:
    result = run("check", "--today", "25 Nov 2026")
    assert "saveplan: note: --today 25 Nov 2026 read as 2026-11-25" in result.err


def test_new_refuses_a_renewal_that_reads_two_ways_and_writes_nothing(workspace: Path, run: Run) -> None:
    result = run("new", "Contoso Ltd", "--playbook", "champion-departure", "--renewal", "01/05/2027",
                 "--arr", "60000", "--owner", "maria", "--no-input", "--today", "2026-11-25")
    assert result.code == 2 and "reads two ways" in result.err
    assert not (workspace / "plans" / "contoso-ltd.yaml").exists()


@pytest.mark.parametrize("command", ["check", "status", "triage", "calendar"])
def test_a_today_past_the_calendar_is_a_usage_error(workspace: Path, run: Run, command: str) -> None:
    result = run(command, "--today", "9999-12-30")
    assert result.code == 2 and "outside the years" in result.err


def test_saveplan_today_junk_names_the_variable(workspace: Path, run: Run,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAVEPLAN_TODAY", "junk")
    result = run("check")
    assert result.code == 2 and "SAVEPLAN_TODAY" in result.err


def test_a_reader_that_goes_away_is_no_error(workspace: Path) -> None:
    done = subprocess.run(f"{sys.executable} -m saveplan status --today 2026-11-25 | head -c1; "
                          "exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash", cwd=workspace,
                          capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and done.stderr == ""


@pytest.mark.parametrize(("command", "code"), [
    (["check"], 1), (["check", "--format", "json"], 1), (["status"], 0), (["status", "--format", "json"], 0),
    (["triage"], 0), (["triage", "--format", "json"], 0), (["calendar"], 0), (["concessions"], 0),
    (["report", "proseware"], 2), (["record", "proseware", "3"], 2), (["done", "proseware", "1"], 2),
    (["board", "-o", "board.html"], 0),
])
def test_a_year_9999_plan_draws_a_verdict_in_every_command(workspace: Path, run: Run,
                                                           command: list[str], code: int) -> None:
    """check fails on it, the listings leave it out and go on (0), a command about that plan
    refuses (2); none is an internal error (3)."""
    plan = workspace / "plans" / "proseware.yaml"
    text = plan.read_text()
    plan.write_text(text.replace("started: ", "started: 9999-12-25 #", 1))
    result = run(*command, "--today", "2026-12-02")
    assert result.code == code, result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    if command == ["check", "--format", "json"]:
        import json

        body = json.loads(result.out)
        assert body["files"] == 5  # one such plan does not empty the report
        assert [(f["code"], f["line"]) for f in body["findings"] if f["path"] == "plans/proseware.yaml"] == [
            ("SP102", text[:text.index("started: ")].count("\n") + 1)]

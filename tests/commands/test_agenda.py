"""`saveplan agenda` on the example workspace, and `--owner` ("my plans") on status,
triage and calendar; the triage agenda in Markdown escapes plan text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import Run


def test_the_example_week(run: Run, workspace: Path) -> None:
    result = run("agenda", "--today", "2026-11-25")
    assert result.code == 0, result.err
    assert result.out == (
        "Agenda, 2026-11-25 to 2026-12-02: 4 items\n"
        "\n"
        "Fri 2026-11-27\n"
        "  2026-11-27  update    Proseware: send the weekly update to the customer (Tomas Berg, in 2 days)\n"
        "  2026-11-27  update    Tailspin Toys: send the weekly update to the customer (Nadia Osei, "
        "in 2 days)\n"
        "\n"
        "Sat 2026-11-28\n"
        "  2026-11-28  action    Northwind Analytics: action 1: Run a 45-minute workflow session with the "
        "new admin (Maria Lopez, in 3 days)\n"
        "\n"
        "Mon 2026-11-30\n"
        "  2026-11-30  update    Northwind Analytics: send the weekly update to the customer (Maria Lopez, "
        "in 5 days)\n")


def test_json_owner_and_days(run: Run, workspace: Path) -> None:
    result = run("agenda", "--owner", "tomas", "--days", "3", "--format", "json", "--today", "2026-12-20")
    assert result.code == 0, result.err
    got = [(r["on"], r["kind"], r["path"], r["overdue"], r["ref"]) for r in json.loads(result.out)]
    assert got == [
        ("2026-11-27", "update", "plans/proseware.yaml", True, None),
        ("2026-12-07", "action", "plans/proseware.yaml", True, "fix"),
        ("2026-12-14", "action", "plans/proseware.yaml", True, "updates"),
        ("2026-12-20", "follow_up", "plans/woodgrove-bank.yaml", False, "check_in"),
    ]


@pytest.mark.parametrize("args", [
    ("agenda", "--owner", "nobody"), ("status", "--owner", "nobody"),
    ("triage", "--owner", "nobody"), ("calendar", "--owner", "nobody"),
    ("agenda", "--days", "-1"),
])
def test_refusals(run: Run, workspace: Path, args: tuple[str, ...]) -> None:
    result = run(*args, "--today", "2026-11-25")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("saveplan: --")


def test_my_plans_in_status_triage_and_calendar(run: Run, workspace: Path) -> None:
    status = json.loads(run("status", "--owner", "tomas", "--format", "json", "--today", "2026-11-25").out)
    # woodgrove-bank is saved and still in its recovery period: it calls for tomas's work too
    assert [r["path"] for r in status] == ["plans/proseware.yaml", "plans/woodgrove-bank.yaml"]
    triage = json.loads(run("triage", "--owner", "nadia", "--format", "json", "--today", "2026-11-25").out)
    assert [r["path"] for r in triage] == ["plans/tailspin-toys.yaml"]
    ics = run("calendar", "--owner", "maria", "--today", "2026-11-25").out
    assert "Northwind Analytics" in ics and "Proseware" not in ics and "Tailspin" not in ics
    everyone = json.loads(run("status", "--format", "json", "--today", "2026-11-25").out)
    assert len(everyone) == 5


def test_the_triage_agenda_escapes_plan_text(run: Run, workspace: Path) -> None:
    plan = workspace / "plans" / "tailspin-toys.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("name: Tailspin Toys",
                                                             "name: \"<script>x</script> *Toys*\""),
                    encoding="utf-8")
    md = run("triage", "--format", "markdown", "--today", "2026-11-25").out
    assert "<script>" not in md and "*Toys*" not in md
    assert "\n## 3. \\<script\\>x\\</script\\> \\*Toys\\* (full effort)\n" in md
    assert "\n| 3 | \\<script\\>x\\</script\\> \\*Toys\\* | nadia | 2027-06-30 |" in md

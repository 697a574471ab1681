"""`saveplan calendar`: the .ics on stdout or in a file, open plans and closed ones still in
recovery or win-back, stable output."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from saveplan.commands.calendar import calendar

from ..builders import EDIT_INPUT, MIDPLAN_YAML, write_tree
from ..conftest import Run


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    closed = (EDIT_INPUT / "flow-empty-readings.yaml").read_text(encoding="utf-8")
    closed = closed.replace("status: draft", "status: churned\noutcome: {on: 2026-12-01}")
    root = write_tree(tmp_path / "ws", {"plans/northwind-analytics.yaml": MIDPLAN_YAML,
                                        "plans/proseware.yaml": EDIT_INPUT / "proseware.yaml",
                                        "plans/adventure-works.yaml": closed})
    monkeypatch.chdir(root)
    return root


def uids(text: str) -> list[str]:
    return [str(e["UID"]) for e in icalendar.Calendar.from_ical(text).walk("VEVENT")]


def test_stdout_is_the_calendar_of_the_open_plans(run: Run, ws: Path) -> None:
    result = run("calendar", "--today", "2026-12-05")
    assert result.code == 0, result.err
    assert result.out.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert result.out.count("\n") == result.out.count("\r\n")
    found = uids(result.out)
    assert len(found) == 20  # churned on 2026-12-01, Adventure Works is in win-back
    assert [u for u in found if u.startswith("adventure-works.win_back")] == [
        "adventure-works.win_back-3@saveplan", "adventure-works.win_back-6@saveplan",
        "adventure-works.win_back-12@saveplan"]
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(result.out).walk("VEVENT")}
    win_back = events["adventure-works.win_back-3@saveplan"]
    assert win_back.decoded("DTSTART").isoformat() == "2027-03-01"
    assert str(win_back["SUMMARY"]) == "Adventure Works: 3-month win-back (maria)"
    assert "saveplan touch adventure-works win_back" in str(win_back["DESCRIPTION"])
    assert [u for u in found if u.startswith("northwind-analytics.")] == [
        "northwind-analytics.action-1@saveplan", "northwind-analytics.action-2@saveplan",
                         "northwind-analytics.action-3@saveplan", "northwind-analytics.check@saveplan",
                         "northwind-analytics.renewal@saveplan"]


def test_output_file_is_written_atomically_and_is_stable(run: Run, ws: Path) -> None:
    (ws / "out").mkdir()
    result = run("calendar", "-o", "out/saveplans.ics", "--today", "2026-12-05")
    assert result.code == 0
    assert result.err == "out/saveplans.ics: 20 events from 3 plans\n"
    first = (ws / "out" / "saveplans.ics").read_bytes()
    assert first.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\r\n" not in first
    assert run("calendar", "--output", "out/saveplans.ics", "--today", "2026-12-05").code == 0
    assert (ws / "out" / "saveplans.ics").read_bytes() == first
    assert sorted(p.name for p in (ws / "out").iterdir()) == ["saveplans.ics"]


def test_named_plans_only(run: Run, ws: Path) -> None:
    result = run("calendar", "proseware", "adventure-works", "--today", "2026-12-05")
    assert result.code == 0
    # named: closed or not; its 5 dates and its 3 win-back touches
    assert [u.split(".")[0] for u in uids(result.out)].count("adventure-works") == 8


def test_a_broken_plan_is_skipped_with_a_note(run: Run, ws: Path) -> None:
    (ws / "plans" / "broken.yaml").write_text("account: [\n", encoding="utf-8")
    result = run("calendar", "--today", "2026-12-05")
    assert result.code == 0
    assert result.err == "saveplan: skipped plans/broken.yaml: it does not load (run `saveplan check " \
                         "plans/broken.yaml`)\n"
    assert len(uids(result.out)) == 20


def test_an_output_that_cannot_be_written(run: Run, ws: Path) -> None:
    (ws / "taken").mkdir()
    result = run("calendar", "-o", "taken", "--today", "2026-12-05")
    assert result.code == 2 and result.err.startswith("saveplan: -o taken: cannot write it")


def test_the_function_writes_text_to_a_stream(ws: Path) -> None:
    import io

    out = io.StringIO()
    assert calendar(out=out, today="2026-12-05") == 0
    assert out.getvalue().endswith("END:VCALENDAR\r\n")


def test_output_into_a_missing_folder_is_refused(ws: Path, run: Run) -> None:
    result = run("calendar", "-o", "no-such-folder/plans.ics", "--today", "2026-11-25")
    assert result.code == 2 and "cannot write it" in result.err
    assert not (ws / "no-such-folder").exists()


def test_a_closed_plan_leaves_the_calendar_once_its_touches_are_recorded(run: Run, ws: Path) -> None:
    path = ws / "plans" / "adventure-works.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "touches:\n  - {on: 2027-03-02, kind: win_back}\n",
                    encoding="utf-8")
    found = uids(run("calendar", "--today", "2027-03-05").out)
    assert [u for u in found if u.startswith("adventure-works.")][-3:] == [
        "adventure-works.win_back-3@saveplan", "adventure-works.win_back-6@saveplan",
        "adventure-works.win_back-12@saveplan"]
    done = run("calendar", "adventure-works", "--today", "2027-03-05").out
    assert "SUMMARY:Done: " in done.replace("\r\n ", "")
    path.write_text(path.read_text(encoding="utf-8") + "  - {on: 2027-06-01, kind: win_back}\n"
                    "  - {on: 2027-12-01, kind: win_back, result: churned}\n", encoding="utf-8")
    later = uids(run("calendar", "--today", "2027-12-05").out)
    assert not any(u.startswith("adventure-works.") for u in later)

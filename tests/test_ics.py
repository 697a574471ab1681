"""saveplan/render/ics.py: RFC 5545 output, read back by the `icalendar` package."""

from __future__ import annotations

from datetime import date

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from saveplan.render.ics import calendar_text, escape_text, fold

from .builders import EDIT_INPUT, MIDPLAN_YAML, changed, load_plan, roster

CONFIG = roster("maria", "tomas")
TODAY = date(2026, 12, 5)
NORTHWIND = load_plan(MIDPLAN_YAML)
PROSEWARE = load_plan(EDIT_INPUT / "proseware.yaml")
PLANS = [("northwind-analytics", NORTHWIND), ("proseware", PROSEWARE)]


def events(text: str) -> list[icalendar.cal.Component]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_the_file_is_read_back_by_icalendar() -> None:
    text = calendar_text(PLANS, CONFIG, TODAY)
    cal = icalendar.Calendar.from_ical(text)
    assert (str(cal["VERSION"]), str(cal["PRODID"])) == ("2.0", "-//saveplan//saveplan 0.1.0//EN")
    found = {str(e["UID"]): (e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events(text)}
    assert found == {
        "northwind-analytics.action-1@saveplan": (
            date(2026, 11, 28),
            "Done: Northwind Analytics: Run a 45-minute workflow session with the new admin (Maria Lopez)"),
        "northwind-analytics.action-2@saveplan": (
            date(2026, 12, 3), "Northwind Analytics: Admin completes three reports independently (Lee Park)"),
        "northwind-analytics.action-3@saveplan": (
            date(2026, 12, 7),
            "Northwind Analytics: Share a before/after usage summary with the VP (Maria Lopez)"),
        "northwind-analytics.check@saveplan": (
            date(2026, 12, 3), "Northwind Analytics: read the leading indicator (Admin logins in week two)"),
        "northwind-analytics.renewal@saveplan": (
            date(2027, 2, 15), "Northwind Analytics: renewal (ARR 84,000)"),
        "proseware.action-escalate@saveplan": (
            date(2026, 11, 17), "Done: Proseware: Escalate the sync defect to engineering as a P1 with a "
                                "named owner and a committed fix date (Tomas Berg)"),
        "proseware.action-workaround@saveplan": (
            date(2026, 11, 21), "Done: Proseware: Run the interim workaround, a nightly CSV re-import of "
                                "the users the sync skipped (Keiko Tanaka)"),
        "proseware.action-fix@saveplan": (
            date(2026, 12, 7), "Proseware: Deploy release 4.13 to their tenant and confirm the sync with "
                               "a test batch of 20 users (Tomas Berg)"),
        "proseware.action-updates@saveplan": (
            date(2026, 12, 14), "Proseware: Send Dana Whitfield and Marcus Bell a written progress update "
                                "every Friday until the fix is live (Tomas Berg)"),
        "proseware.action-review@saveplan": (
            date(2027, 1, 15), "Proseware: Review recovered usage and onboarding time with Dana Whitfield "
                               "(rachel)"),
        "proseware.check@saveplan": (
            date(2026, 12, 7), "Proseware: read the leading indicator (Sign-in failures from skipped users "
                               "per week)"),
        "proseware.renewal@saveplan": (date(2027, 4, 30), "Proseware: renewal (ARR 126,000)"),
    }


def test_events_are_all_day_with_a_stamp() -> None:
    text = calendar_text(PLANS, CONFIG, TODAY)
    for event in events(text):
        assert event["DTSTART"].params["VALUE"] == "DATE"
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and (end - start).days == 1
        assert event["DTSTAMP"].to_ical() == b"20261205T000000Z"
    assert "DTSTART;VALUE=DATE:20261203\r\n" in text


def test_lines_end_in_crlf_and_fold_at_75_octets() -> None:
    text = calendar_text(PLANS, CONFIG, TODAY)
    raw = text.encode("utf-8")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) == 75  # long summaries were folded
    assert any(line.startswith(b" ") for line in lines)


def test_uids_do_not_depend_on_the_day_and_are_unique() -> None:
    first = [str(e["UID"]) for e in events(calendar_text(PLANS, CONFIG, TODAY))]
    later = [str(e["UID"]) for e in events(calendar_text(PLANS, CONFIG, date(2027, 1, 9)))]
    assert first == later and len(set(first)) == len(first)


def test_the_description_says_what_to_run() -> None:
    text = calendar_text([("northwind-analytics", NORTHWIND)], CONFIG, TODAY)
    by_uid = {str(e["UID"]): str(e["DESCRIPTION"]) for e in events(text)}
    assert by_uid["northwind-analytics.action-2@saveplan"] == (
        "Action 2 of the save plan for Northwind Analytics.\nOwner: Lee Park\nDue: day 10 (2026-12-03)\n"
        "When done: saveplan done northwind-analytics 2")
    check = by_uid["northwind-analytics.check@saveplan"]
    assert "Record it: saveplan record northwind-analytics VALUE" in check


def test_escaping() -> None:
    assert escape_text('a,b;c\\d\ne\r\nf') == "a\\,b\\;c\\\\d\\ne\\nf"


def test_fold_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    for part in folded:
        part.decode("utf-8")  # each physical line is whole UTF-8
    assert b"".join(p[1:] if i else p for i, p in enumerate(folded)).decode("utf-8") == line


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from(",;\\\n:\"")))
def test_any_text_round_trips_through_icalendar(summary: str) -> None:
    data = changed(NORTHWIND, actions=[
        {"do": summary or "x", "owner": "maria", "due": "day 5"},
        {"do": "b", "owner": "maria", "due": "day 6"},
        {"do": "c", "owner": "maria", "due": "day 7"}])
    text = calendar_text([("p", data)], CONFIG, TODAY)
    first = events(text)[0]
    assert str(first["SUMMARY"]) == f"Northwind Analytics: {summary or 'x'} (Maria Lopez)"
    assert all(len(line) <= 75 for line in text.encode("utf-8").split(b"\r\n"))

"""An iCalendar file (RFC 5545) of the open plans' dates: each action's due date, the
leading indicator's check date and the renewal date, as all-day events; for a closed plan
also its scheduled touches after the outcome (the 30/60/90-day follow-ups of a save, the
win-back touches of a loss: saveplan/analysis/lifecycle.py), `Done:` once recorded.

Written by hand (it is a small format): CRLF line ends, lines folded at 75 octets without
splitting a UTF-8 character, TEXT values escaped (backslash, `;`, `,`, newlines). UIDs are
derived from the plan's slug and what the event is (`northwind-analytics.action-2@saveplan`,
an action's `id` where it has one), never from the clock, so importing the file again
updates the events instead of duplicating them. DTSTAMP is today at midnight UTC, so the
output is the same for the same `--today`.

Named `ics` rather than `calendar` so it never shadows the standard library's module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from saveplan import __version__
from saveplan.analysis.lifecycle import in_calendar, lifecycle
from saveplan.models import Plan, WorkspaceConfig
from saveplan.status import actions_due, person_name
from saveplan.words import bound, money

if TYPE_CHECKING:
    from saveplan.plans import PlanFile

PRODID = f"-//saveplan//saveplan {__version__}//EN"
UID_DOMAIN = "saveplan"


def escape_text(value: str) -> str:
    """RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """RFC 5545 3.1: lines of at most 75 octets, continued on lines that start with a space
    (a UTF-8 character is never split)."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: date
    summary: str
    description: str
    category: str

    def lines(self, stamp: str) -> list[str]:
        return [
            "BEGIN:VEVENT",
            f"UID:{self.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{self.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{self.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(self.summary)}",
            f"DESCRIPTION:{escape_text(self.description)}",
            f"CATEGORIES:{escape_text('saveplan')},{escape_text(self.category)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]


def _uid_part(text: str) -> str:
    """An action id made safe for a UID (letters, digits, `-`, `_`, `.`)."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in text)


def plan_events(plan: Plan, slug: str, config: WorkspaceConfig) -> list[CalendarEvent]:
    """The dated events of one plan: actions, the indicator check, the renewal."""
    name = plan.account.name
    owner = person_name(plan.owner, config)
    events = []
    for item in actions_due(plan):
        if item.due is None:
            continue
        action = item.action
        what = f"action-{_uid_part(action.id)}" if action.id else f"action-{item.number}"
        who = person_name(action.owner, config)
        ref = action.id or str(item.number)
        state = (f"Done on {action.done}." if action.done is not None
                 else f"When done: saveplan done {slug} {ref}")
        prefix = "Done: " if action.done is not None else ""
        events.append(CalendarEvent(
            uid=f"{slug}.{what}@{UID_DOMAIN}", day=item.due,
            summary=f"{prefix}{name}: {action.do} ({who})",
            description=f"Action {item.number} of the save plan for {name}.\nOwner: {who}\n"
                        f"Due: {action.due} ({item.due})\n{state}",
            category="action"))
    ind, check = plan.leading_indicator, plan.check_date()
    if ind is not None and check is not None:
        target = ""
        if ind.target is not None:
            target = f"Target: {bound(ind.direction, ind.target)}\n"
        events.append(CalendarEvent(
            uid=f"{slug}.check@{UID_DOMAIN}", day=check,
            summary=f"{name}: read the leading indicator ({ind.metric})",
            description=f"Mid-plan check of the save plan for {name}.\n{target}"
                        f"Record it: saveplan record {slug} VALUE\n"
                        "Behind target? Book a short unblock call before the next review.",
            category="indicator"))
    first = plan.commercial_path[0] if plan.commercial_path else None
    path = (f"\nFirst commercial move: {first.kind.replace('_', ' ')}, {first.offer} (when {first.when})"
            if first else "")
    events.append(CalendarEvent(
        uid=f"{slug}.renewal@{UID_DOMAIN}", day=plan.account.renewal_date,
        summary=f"{name}: renewal (ARR {money(plan.account.arr)})",
        description=f"Renewal date of {name}: the deadline of its save plan.\nOwner: {owner}{path}",
        category="renewal"))
    return events


def touch_events(plan: Plan, slug: str, config: WorkspaceConfig, today: date) -> list[CalendarEvent]:
    """The scheduled touches of a closed plan (UIDs `slug.check_in@saveplan`,
    `slug.win_back-3@saveplan`), recorded ones marked `Done:`."""
    name = plan.account.name
    owner = person_name(plan.owner, config)
    events = []
    for t in lifecycle(plan, config, today).schedule:
        done = t.recorded
        state = (f"Done on {done.on}." if done is not None
                 else f"When done: saveplan touch {slug} {t.kind}")
        why = ("After the save: deliver every promise; one broken promise ends the save."
               if plan.status == "saved" else "After the loss: keep the door open.")
        events.append(CalendarEvent(
            uid=f"{slug}.{_uid_part(t.key)}@{UID_DOMAIN}", day=t.on,
            summary=f"{'Done: ' if done is not None else ''}{name}: {t.label} ({owner})",
            description=f"The {t.label} of {name} ({plan.status}"
                        + (f" on {plan.outcome.on}" if plan.outcome and plan.outcome.on else "")
                        + f").\nOwner: {owner}\n{why}\n{state}",
            category="follow-up" if t.kind != "win_back" else "win-back"))
    return events


def calendar_text(plans: list[tuple[str, Plan]], config: WorkspaceConfig, today: date) -> str:
    """The whole .ics text (CRLF line ends) for the (slug, plan) pairs given."""
    # joined a plan at a time: at 10,000 plans a list of every line cost about 60 MB
    return "".join([calendar_head(today), *(plan_ics(plan, slug, config, today) for slug, plan in plans),
                    CALENDAR_END])


def calendar_head(today: date) -> str:
    """The lines of the .ics before its events."""
    return _joined(["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
                    "METHOD:PUBLISH", "X-WR-CALNAME:Save plans"])


CALENDAR_END = "END:VCALENDAR\r\n"


def plan_ics(plan: Plan, slug: str, config: WorkspaceConfig, today: date) -> str:
    """One plan's events as the .ics holds them: its dates, then its scheduled touches."""
    stamp = f"{today:%Y%m%d}T000000Z"
    events = plan_events(plan, slug, config) + touch_events(plan, slug, config, today)
    return _joined([line for event in events for line in event.lines(stamp)])


def calendar_step(pf: PlanFile, context: tuple[WorkspaceConfig, date, str | None]) -> bytes | None:
    """`calendar`'s step for `map_plans`: the plan's events as the .ics holds them, in
    UTF-8 (None: not in the calendar, `in_calendar`). `context` is (config, today, owner or
    None). Bytes, not text: a str with one character beyond Latin-1 takes 2 or 4 bytes a
    character, and the file is written in UTF-8 anyway."""
    config, today, owner = context
    if not in_calendar(pf.plan, config, today, owner):
        return None
    return plan_ics(pf.plan, pf.path.stem, config, today).encode("utf-8")


def calendar_chunks(parts: Iterable[bytes], today: date) -> Iterator[bytes]:
    """The .ics in UTF-8 around the plans' `parts` (`calendar_step`), a plan at a time: a
    10,000-plan calendar is about 30 MB, written as it goes instead of joined."""
    yield calendar_head(today).encode("utf-8")
    yield from parts
    yield CALENDAR_END.encode("utf-8")


def _joined(lines: list[str]) -> str:
    return "".join(fold(line) + "\r\n" for line in lines)

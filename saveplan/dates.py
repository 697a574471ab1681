"""Dates as the plan files and the command line write them.

In a plan, a date is an ISO date (`2027-02-15`) or a relative one (`day 5`, `week 2`)
counted from the plan's `started` date. On the command line, dates are more forgiving.
`today` is always a parameter of the core: only the commands read the clock.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from saveplan.errors import UsageError

_RELATIVE = re.compile(r"^(day|week)\s+(\d{1,5})$", re.IGNORECASE)
TODAY_ENV = "SAVEPLAN_TODAY"


@dataclass(frozen=True, slots=True)
class DateRef:
    """A date written in a plan: absolute, or `offset` days after `started`."""

    text: str
    absolute: date | None = None
    offset: int | None = None

    def resolve(self, started: date) -> date:
        if self.absolute is not None:
            return self.absolute
        return started + timedelta(days=self.offset or 0)

    def __str__(self) -> str:
        return self.text

    def describe(self, started: date) -> str:
        """`2026-12-07 (day 14)` for a relative date, `2027-03-01` for an absolute one."""
        resolved = self.resolve(started)
        return str(resolved) if self.absolute is not None else f"{resolved} ({self.text})"


def parse_dateref(value: object) -> DateRef:
    """Read an ISO date or `day N` / `week N`; raise ValueError with a message for people."""
    if isinstance(value, DateRef):
        return value
    if isinstance(value, datetime):
        raise ValueError("write a date without a time, e.g. 2027-02-15")
    if isinstance(value, date):
        return DateRef(text=value.isoformat(), absolute=value)
    if isinstance(value, str):
        text = value.strip()
        match = _RELATIVE.match(text)
        if match:
            n = int(match.group(2))
            days = n * 7 if match.group(1).lower() == "week" else n
            return DateRef(text=f"{match.group(1).lower()} {n}", offset=days)
        try:
            return DateRef(text=text, absolute=date.fromisoformat(text))
        except ValueError:
            pass
    raise ValueError(
        "write an ISO date (2027-02-15) or a day counted from `started` ('day 5', 'week 2')"
    )


def parse_cli_date(text: str, *, today: date | None = None, option: str = "date") -> date:
    """Parse a date given on the command line: ISO, `today`, `yesterday`, `tomorrow`,
    `+N`/`-N` days from today, or a written date such as `15 Feb 2027`."""
    raw = text.strip()
    lowered = raw.lower()
    base = today or date.today()
    relative = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if lowered in relative:
        return base + timedelta(days=relative[lowered])
    if re.fullmatch(r"[+-]\d{1,4}", raw):
        return base + timedelta(days=int(raw))
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    from dateutil import parser as date_parser  # lazy: only for written dates

    try:
        parsed: datetime = date_parser.parse(raw, dayfirst=False, yearfirst=True)
        return parsed.date()
    except (ValueError, OverflowError):
        raise UsageError(
            f"{option} {text!r} is not a date", hint="write it as YYYY-MM-DD, e.g. 2027-02-15"
        ) from None


def resolve_today(option: str | None) -> date:
    """Today for the dated rules: `--today`, else SAVEPLAN_TODAY, else the clock."""
    if option:
        return parse_cli_date(option, option="--today")
    env = os.environ.get(TODAY_ENV, "").strip()
    if env:
        return parse_cli_date(env, option=TODAY_ENV)
    return date.today()

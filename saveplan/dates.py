"""Dates as the plan files and the command line write them.

In a plan, a date is an ISO date (`2027-02-15`) or a relative one (`day 5`, `week 2`)
counted from the plan's `started` date. On the command line a few more forms are
accepted (CLI_DATE_FORMS), none of which reads two ways.
`today` is always a parameter of the core: only the commands read the clock.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from saveplan.errors import InvalidDate

# exactly `day N` or `week N`, lower case, one space: what the JSON Schema's pattern says
_RELATIVE = re.compile(r"(day|week) ([0-9]{1,5})")
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
        return DateRef(text=value.isoformat(), absolute=check_year(value))
    if isinstance(value, str):
        text = value
        match = _RELATIVE.fullmatch(text)
        if match:
            n = int(match.group(2))
            days = n * 7 if match.group(1) == "week" else n
            return DateRef(text=f"{match.group(1)} {n}", offset=days)
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return DateRef(text=text, absolute=check_year(day))
    raise ValueError(
        "write an ISO date (2027-02-15) or a day counted from `started` ('day 5', 'week 2')"
    )


# The years saveplan works with. Outside them date arithmetic (a follow-up 90 days after
# an outcome, a window of 30 days) could leave the calendar: such a date is a finding in a
# plan (SP102) and a usage error on the command line, never a crash (docs/hardening.md).
MIN_YEAR, MAX_YEAR = 1900, 2999

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHIFT = re.compile(r"[+-][0-9]{1,4}")
_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
# a month in words: its full name or its first three letters (and "sept")
_MONTHS = {**{m: i + 1 for i, m in enumerate(_MONTH_NAMES)},
           **{m[:3]: i + 1 for i, m in enumerate(_MONTH_NAMES)}, "sept": 9}
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})\s+([a-z]{3,9})\.?,?\s+([0-9]{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]{3,9})\.?\s+([0-9]{1,2}),?\s+([0-9]{4})")
_TWO_WAYS = re.compile(r"[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}")

CLI_DATE_FORMS = ("YYYY-MM-DD (2027-02-15), today, yesterday, tomorrow, +N or -N days "
                  "from today (+30), or a day with the month in words and a four-digit "
                  "year (15 Feb 2027, Feb 15 2027)")

# how non-ISO dates were read, for the command to echo (cli.main prints them on stderr)
READ_AS: list[str] = []


def check_year(day: date, what: str = "the date") -> date:
    """`day` itself, or ValueError when its year is outside MIN_YEAR..MAX_YEAR."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"{what} {day.isoformat()} is outside the years saveplan works with "
                         f"({MIN_YEAR} to {MAX_YEAR})")
    return day


def _month(word: str) -> int | None:
    return _MONTHS.get(word.lower())


def _written(lowered: str) -> date | None:
    """A day with the month in words and a four-digit year: it reads one way only."""
    found = _DAY_MONTH_YEAR.fullmatch(lowered)
    if found:
        day, month, year = found.group(1), _month(found.group(2)), found.group(3)
    else:
        found = _MONTH_DAY_YEAR.fullmatch(lowered)
        if not found:
            return None
        month, day, year = _month(found.group(1)), found.group(2), found.group(3)
    if month is None:
        return None
    try:
        return date(int(year), month, int(day))
    except ValueError:
        return None


def parse_cli_date(text: str, *, today: date | None = None, option: str = "date") -> date:
    """A date given on the command line, in exactly one of CLI_DATE_FORMS. A form that
    reads two ways (01/05/2027: January or May?) is refused, never guessed; a form that
    is not ISO is noted in READ_AS so the command can say how it was read."""
    raw = text.strip()
    lowered = raw.lower()
    base = today or date.today()
    hint = f"the forms saveplan reads: {CLI_DATE_FORMS}"
    try:
        if _ISO.fullmatch(raw):
            return check_year(date.fromisoformat(raw), f"{option}")
        if lowered in _WORDS or _SHIFT.fullmatch(raw):
            day = base + timedelta(days=_WORDS.get(lowered, 0) if lowered in _WORDS else int(raw))
        elif (written := _written(lowered)) is not None:
            day = written
        elif _TWO_WAYS.fullmatch(raw):
            raise InvalidDate(f"{option} {text!r} reads two ways (day/month or month/day); "
                             "saveplan never guesses a date", hint=hint)
        else:
            raise InvalidDate(f"{option} {text!r} is not a date", hint=hint)
        check_year(day, option)
    except (ValueError, OverflowError) as exc:
        said = str(exc) if "outside the years" in str(exc) else f"{option} {text!r} is not a date"
        raise InvalidDate(said, hint=hint) from None
    READ_AS.append(f"{option} {raw} read as {day.isoformat()}")
    return day


def resolve_today(option: str | None) -> date:
    """Today for the dated rules: `--today`, else SAVEPLAN_TODAY, else the clock."""
    env = os.environ.get(TODAY_ENV, "").strip()
    if option:
        # typer passes SAVEPLAN_TODAY as the option's value: name both when they are one
        named = f"--today (or {TODAY_ENV})" if option.strip() == env else "--today"
        return parse_cli_date(option, option=named)
    if env:
        return parse_cli_date(env, option=TODAY_ENV)
    return date.today()

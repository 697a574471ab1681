"""Reading a CRM's export (docs/import.md): a CSV from Salesforce, HubSpot or a CS
platform, one row an account, into rows ready to become draft plans, or row errors with
their line, column and why. Pure: text in, rows out; nothing is written here.

The usual headers are recognised without configuration; `import.columns` in
saveplan.yaml or `--map FIELD=COLUMN` names any other. Dates are ISO unless a
`--date-format` is given: `01/05/2027` reads two ways and is never guessed.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from saveplan.models import WorkspaceConfig
from saveplan.models.plan import SignalType
from saveplan.rules.actions import close_match, roster_guess

SIGNALS: tuple[str, ...] = SignalType.__args__  # type: ignore[attr-defined]
HEALTH_AT_RISK = 50  # a health score under 50 is a health_drop signal (docs/method.md)

# field -> the headers that name it, best first (compared without case, spaces or `_`)
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("account name", "company name", "account", "company", "name", "deal name", "dealname"),
    "arr": ("arr", "annual recurring revenue", "amount", "contract value"),
    "renewal_date": ("renewal date", "renewal", "close date", "closedate", "contract end date"),
    "owner": ("account owner", "csm", "owner", "ownerid", "owner id", "hubspot owner id",
              "hubspot_owner_id", "company owner", "deal owner"),
    "health": ("health score", "health"),
    "signals": ("risk signals", "signals"),
    "reason": ("risk reason", "churn reason", "reason", "risk"),
}
REQUIRED = ("name", "arr", "renewal_date", "owner")


def _norm(header: str) -> str:
    return re.sub(r"[\s_]+", " ", header.strip().lower())


@dataclass(frozen=True)
class Row:
    """One account of the export, read and checked."""

    line: int
    name: str
    arr: float
    renewal: date
    owner: str
    signals: tuple[str, ...]
    playbook: str


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    why: str

    def __str__(self) -> str:
        where = f", column {self.column!r}" if self.column else ""
        return f"line {self.line}{where}: {self.why}"


@dataclass
class Export:
    """The rows that read, the errors of those that did not, and the columns used."""

    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)


class ExportError(ValueError):
    """The file as a whole cannot be read (no header, a required column missing...)."""


def decode_export(raw: bytes) -> str:
    """UTF-8 with or without a BOM (Excel writes one); anything else is refused."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ExportError(f"line {line} is not UTF-8: save the export as CSV UTF-8") from None


def delimiter_of(text: str) -> str:
    """`,` or `;` (Excel in many locales writes `;`), from the header line."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def find_columns(headers: Sequence[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """field -> the export's header for it: the mapping first (import.columns, --map),
    then the usual headers, best first."""
    by_norm = {_norm(h): h for h in headers if h}
    found: dict[str, str] = {}
    for fld, header in mapping.items():
        if fld not in HEADERS:
            raise ExportError(f"unknown field {fld!r} in the column map: use one of {', '.join(HEADERS)}")
        if _norm(header) not in by_norm:
            close = difflib.get_close_matches(header, list(by_norm.values()), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ExportError(f"no column {header!r} in the export (for {fld}){hint}")
        found[fld] = by_norm[_norm(header)]
    for fld, names in HEADERS.items():
        if fld in found:
            continue
        taken = set(found.values())
        for name in names:
            candidate = by_norm.get(_norm(name))
            if candidate is not None and candidate not in taken:
                found[fld] = candidate
                break
    missing = [f for f in REQUIRED if f not in found]
    if missing:
        raise ExportError(f"no column for {', '.join(missing)} among {', '.join(h for h in headers if h)}: "
                          "name it with --map FIELD=COLUMN or import.columns in saveplan.yaml")
    return found


def _records(text: str, delimiter: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row with the line it starts on (a quoted field may span lines)."""
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 2
    for record in reader:
        yield start, {k: (v or "").strip() for k, v in record.items() if k is not None}
        start = reader.line_num + 1


def parse_amount(text: str) -> float | None:
    """60000, 60,000, $60,000.00, 60 000: a number >= 0, or None."""
    raw = re.sub(r"[\s$€£]", "", text)
    if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", raw):
        raw = raw.replace(",", "")
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", raw):
        return None
    return float(raw)


def parse_date(text: str, fmt: str | None) -> date | None:
    try:
        if fmt:
            return datetime.strptime(text, fmt).date()
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return date.fromisoformat(text)
        # Salesforce and HubSpot may add a time to a date column
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+Z?", text):
            return date.fromisoformat(text[:10])
    except ValueError:
        return None
    return None


def match_owner(text: str, config: WorkspaceConfig) -> tuple[str | None, str]:
    """The roster id an owner cell names (an id, a name, an email or a crm_id), or None and
    why. Without a roster, the cell itself is the owner."""
    people = config.people
    cell = text.strip()
    if not people:
        return (cell, "") if cell else (None, "the owner is empty")
    if cell in people:
        return cell, ""
    low = cell.lower()
    for pid, person in people.items():
        if low in {x.lower() for x in (person.name, person.email, person.crm_id) if x}:
            return pid, ""
    guess = roster_guess(cell, people)  # the same guess SP205 and `new --owner` make
    hint = f"; did you mean {guess!r}?" if guess else ""
    return None, f"the owner {cell!r} matches nobody on the roster (id, name, email or crm_id){hint}"


def _signals(text: str) -> tuple[list[str], list[str]]:
    found: list[str] = []
    bad: list[str] = []
    for part in re.split(r"[;,|]", text):
        word = re.sub(r"[\s-]+", "_", part.strip().lower())
        if not word:
            continue
        (found if word in SIGNALS else bad).append(word)
    return found, bad


def read_export(text: str, config: WorkspaceConfig, *, playbook: str | None, playbooks: Sequence[str],
                mapping: Mapping[str, str] = {}, date_format: str | None = None) -> Export:
    """Every row checked: rows that read, errors for those that do not (all of them, so the
    whole export can be fixed in one go)."""
    delimiter = delimiter_of(text)
    headers = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    if not any(h.strip() for h in headers):
        raise ExportError("the export is empty: the first line must name the columns")
    columns = find_columns([h.strip() for h in headers], {**config.import_.columns, **mapping})
    out = Export(columns=columns)
    reasons = {k.strip().lower(): v for k, v in config.import_.playbooks.items()}
    seen: dict[str, int] = {}
    for line, record in _records(text, delimiter):
        if not any(record.values()):
            continue
        cell = {f: record.get(h, "") for f, h in columns.items()}
        errors: list[RowError] = []

        def fail(fld: str, why: str, line: int = line, errors: list[RowError] = errors) -> None:
            errors.append(RowError(line, columns.get(fld, fld), why))

        name = " ".join(cell["name"].split())
        if not name:
            fail("name", "the account name is empty")
        elif name.lower() in seen:
            fail("name", f"{name!r} is also on line {seen[name.lower()]}: one row an account")
        else:
            seen[name.lower()] = line
        arr = parse_amount(cell["arr"])
        if arr is None:
            fail("arr", f"{cell['arr']!r} is not an amount (e.g. 60000)")
        renewal = parse_date(cell["renewal_date"], date_format)
        if renewal is None:
            how = f"does not match --date-format {date_format}" if date_format else (
                "is not an ISO date (YYYY-MM-DD): give --date-format, e.g. %d/%m/%Y; "
                "saveplan never guesses 01/05/2027")
            fail("renewal_date", f"{cell['renewal_date']!r} {how}")
        owner, why = match_owner(cell["owner"], config)
        if owner is None:
            fail("owner", why)
        signals, unknown = _signals(cell.get("signals", ""))
        for word in unknown:
            close = close_match(word, SIGNALS)
            fail("signals", f"{word!r} is not a risk signal"
                 + (f"; did you mean {close!r}?" if close else ""))
        health_text = cell.get("health", "")
        if health_text:
            health = parse_amount(health_text)
            if health is None:
                fail("health", f"{health_text!r} is not a score")
            elif health < HEALTH_AT_RISK and "health_drop" not in signals:
                signals.append("health_drop")
        chosen = playbook
        reason = cell.get("reason", "")
        if chosen is None and reason:
            chosen = reasons.get(reason.strip().lower())
            if chosen is None:
                fail("reason", f"no playbook for the risk reason {reason!r}: map it in import.playbooks "
                     "of saveplan.yaml, or give --playbook")
        if chosen is None and not reason:
            fail("", "no playbook: give --playbook, or a risk-reason column mapped in import.playbooks")
        elif chosen is not None and chosen not in playbooks:
            fail("reason" if playbook is None else "", f"unknown playbook {chosen!r}")
        if errors:
            out.errors += errors
            continue
        assert arr is not None and renewal is not None and owner is not None and chosen is not None
        out.rows.append(Row(line, name, arr, renewal, owner, tuple(dict.fromkeys(signals)), chosen))
    return out

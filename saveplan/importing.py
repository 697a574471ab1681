"""Reading a CRM's export (docs/import.md): a CSV from Salesforce, HubSpot or a CS
platform, one row an account, into rows ready to become draft plans, or row errors with
their line, column and why. The reading is pure: text in, rows out. The end of the module
plans what each row does in the workspace and does it (`saveplan import` is these calls).

The usual headers are recognised without configuration; `import.columns` in
saveplan.yaml or `--map FIELD=COLUMN` names any other. Dates are ISO unless a
`--date-format` is given: `01/05/2027` reads two ways and is never guessed.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from saveplan.models import WorkspaceConfig
from saveplan.models.plan import SignalType
from saveplan.rules.actions import close_match, roster_guess
from saveplan.words import bound, days

if TYPE_CHECKING:
    from saveplan.authoring import PlanRequest
    from saveplan.edit import Edit
    from saveplan.library import Library, LoadedPlaybook
    from saveplan.plans import PlanFile
    from saveplan.workspace import Workspace

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


# -- from rows to plans: what to do with each row, and doing it ------------------------------
# (this part looks at the workspace and writes; the reading above stays pure)

@dataclass(frozen=True)
class Work:
    """What the import will do with one row."""

    row: Row
    action: str  # "write" | "skip" | "update" | "outside"
    path: Path
    note: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the import did with one row: `what` is "outside", "skip", "would update",
    "updated", "unchanged" or "write" (written, or would be on a dry run); `message` is
    the edit's own words for an update."""

    work: Work
    what: str
    message: str = ""


@dataclass
class Tally:
    written: int = 0
    skipped: int = 0
    updated: int = 0


def column_map(pairs: Sequence[str]) -> dict[str, str]:
    """`--map FIELD=COLUMN`, each pair: field -> column (UsageError on a pair without `=`)."""
    from saveplan.errors import UsageError

    fields: dict[str, str] = {}
    for pair in pairs:
        name, eq, column = pair.partition("=")
        if not eq or not name.strip() or not column.strip():
            raise UsageError(f"--map {pair!r}: write FIELD=COLUMN, e.g. --map arr=\"Contract Value\"")
        fields[name.strip()] = column.strip()
    return fields


def existing_plans(ws: Workspace) -> dict[str, Path]:
    """account.name (lower case) -> its plan, over the plans that load."""
    from saveplan.plans import map_plans
    from saveplan.workspace import YAML_SUFFIXES

    if not ws.plans_dir.is_dir() or not any(p.suffix in YAML_SUFFIXES for p in ws.plans_dir.iterdir()):
        return {}  # the first import into a new workspace: no plan yet is no problem
    named, _ = map_plans(ws, account_key, None)
    return dict(named)


def account_key(pf: PlanFile, context: None) -> tuple[str, Path]:
    """`existing_plans`' step for `map_plans`: the plan's account name, as rows are matched
    to it, and its file (only these come back from the workers, not the plan)."""
    return pf.plan.account.name.strip().lower(), pf.path


def plan_work(export: Export, known: Mapping[str, Path], target_of: Callable[[str], Path], *,
              within: int | None, update: bool, started: date, today: date
              ) -> tuple[list[Work], list[RowError]]:
    """What to do with each row that read (`known`: the accounts that have a plan;
    `target_of`: a slug's new plan file), and every row problem, the export's and these,
    in line order. One problem and nothing should be written."""
    from saveplan.workspace import display_path, slugify

    work: list[Work] = []
    errors: list[RowError] = []
    for row in export.rows:
        path = known.get(row.name.lower())
        if within is not None and not today <= row.renewal <= today + timedelta(days=within):
            work.append(Work(row, "outside", path or Path(),
                             f"renewal {row.renewal} is not within {days(within)}"))
            continue
        if path is not None:
            work.append(Work(row, "update" if update else "skip", path))
            continue
        slug = slugify(row.name)
        if not slug:
            errors.append(RowError(row.line, "", f"the account name {row.name!r} makes no file name"))
            continue
        target = target_of(slug)
        if target.exists() or target.is_symlink():
            errors.append(RowError(row.line, "", f"{display_path(target)} exists for another account"))
            continue
        if row.renewal < today:
            errors.append(RowError(row.line, "", f"the renewal date {row.renewal} has passed "
                                   f"(today is {today})"))
            continue
        if (row.renewal - started).days < 2:
            errors.append(RowError(row.line, "", f"the renewal date {row.renewal} must come "
                                   f"{bound('at_least', 2)} days after the start {started}"))
            continue
        work.append(Work(row, "write", target))
    return work, sorted(export.errors + errors, key=lambda e: e.line)


def plan_request(item: Work, ws: Workspace, library: Library, started: date
                 ) -> tuple[PlanRequest, LoadedPlaybook]:
    """The request `saveplan new` would make for this row, and its playbook."""
    from saveplan.authoring import PlanRequest
    from saveplan.workspace import slugify

    loaded = library.get(item.row.playbook)
    request = PlanRequest(name=item.row.name, playbook=loaded.playbook, renewal=item.row.renewal,
                          arr=item.row.arr, owner=item.row.owner, started=started, config=ws.config,
                          signals=item.row.signals, slug=slugify(item.row.name))
    return request, loaded


def _account_edit(row: Row) -> Callable[[str], Edit]:
    from saveplan.edit import update_account

    return lambda text: update_account(text, row.arr, row.renewal)


def run_import(work: Iterable[Work], config: WorkspaceConfig, today: date, *, dry_run: bool,
               write: Callable[[Work], None], report: Callable[[Outcome], object]) -> Tally:
    """Do the work, row by row, telling `report` each outcome as it happens. All or
    nothing: a write that fails takes the plans written before it with it."""
    from saveplan.edit import apply_edit

    tally = Tally()
    done: list[Path] = []
    try:
        for item in work:
            if item.action == "outside":
                report(Outcome(item, "outside"))
            elif item.action == "skip":
                tally.skipped += 1
                report(Outcome(item, "skip"))
            elif item.action == "update":
                if dry_run:
                    report(Outcome(item, "would update"))
                    continue
                edit = apply_edit(item.path, _account_edit(item.row), config, today)
                if edit.changed:
                    tally.updated += 1
                    report(Outcome(item, "updated", edit.message))
                else:
                    report(Outcome(item, "unchanged"))
            else:
                if not dry_run:
                    write(item)
                    done.append(item.path)
                tally.written += 1
                report(Outcome(item, "write"))
    except BaseException:
        for path in done:
            path.unlink(missing_ok=True)
        raise
    return tally

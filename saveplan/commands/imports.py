"""`saveplan import FILE.csv`: draft plans from the CRM's export (docs/import.md).

Every row is read and checked first (saveplan.importing); one bad row and nothing is
written. Plans are written by the same writer as `saveplan new`; an account that already
has a plan is skipped, or with --update has its ARR and renewal date brought up to date
by a careful edit."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from saveplan.commands.options import Today, WorkspaceDir

if TYPE_CHECKING:
    from collections.abc import Callable

    from saveplan.edit import Edit
    from saveplan.importing import Row, RowError
    from saveplan.library import Library
    from saveplan.workspace import Workspace


@dataclass(frozen=True)
class Work:
    """What the import will do with one row."""

    row: Row
    action: str  # "write" | "skip" | "update" | "outside"
    path: Path
    note: str = ""


def _existing(ws: Workspace) -> dict[str, Path]:
    """account.name (lower case) -> its plan, over the plans that load."""
    from saveplan.plans import load_plans
    from saveplan.workspace import YAML_SUFFIXES

    if not ws.plans_dir.is_dir() or not any(p.suffix in YAML_SUFFIXES for p in ws.plans_dir.iterdir()):
        return {}  # the first import into a new workspace: no plan yet is no problem
    good, _ = load_plans(ws)
    return {g.plan.account.name.strip().lower(): g.path for g in good}


def _plan_work(rows: list[Row], ws: Workspace, *, update: bool, within: int | None, started: date,
               today: date) -> tuple[list[Work], list[RowError]]:
    from saveplan.commands.new import target_path
    from saveplan.importing import RowError
    from saveplan.workspace import display_path, slugify

    known = _existing(ws)
    work: list[Work] = []
    errors: list[RowError] = []
    for row in rows:
        path = known.get(row.name.lower())
        if within is not None and not today <= row.renewal <= today + timedelta(days=within):
            work.append(Work(row, "outside", path or Path(),
                             f"renewal {row.renewal} is not within {within} days"))
            continue
        if path is not None:
            work.append(Work(row, "update" if update else "skip", path))
            continue
        slug = slugify(row.name)
        if not slug:
            errors.append(RowError(row.line, "", f"the account name {row.name!r} makes no file name"))
            continue
        target = target_path(ws, slug)
        if target.exists() or target.is_symlink():
            errors.append(RowError(row.line, "", f"{display_path(target)} exists for another account"))
            continue
        if row.renewal < today:
            errors.append(RowError(row.line, "", f"the renewal date {row.renewal} has passed "
                                   f"(today is {today})"))
            continue
        if (row.renewal - started).days < 2:
            errors.append(RowError(row.line, "", f"the renewal date {row.renewal} must come at least 2 days "
                                   f"after the start {started}"))
            continue
        work.append(Work(row, "write", target))
    return work, errors


def _write(item: Work, ws: Workspace, library: Library, started: date, today: date) -> None:
    from saveplan.authoring import PlanRequest
    from saveplan.commands.new import write_plan
    from saveplan.workspace import slugify

    loaded = library.get(item.row.playbook)
    request = PlanRequest(name=item.row.name, playbook=loaded.playbook, renewal=item.row.renewal,
                          arr=item.row.arr, owner=item.row.owner, started=started, config=ws.config,
                          signals=item.row.signals, slug=slugify(item.row.name))
    write_plan(request, item.path, force=False, today=today, out=io.StringIO(), source=loaded)


def _account_edit(row: Row) -> Callable[[str], Edit]:
    from saveplan.edit import update_account

    return lambda text: update_account(text, row.arr, row.renewal)


def _money(value: float) -> str:
    return f"{value:,.0f}"


def import_csv(file: Path, *, playbook: str | None = None, update: bool = False, dry_run: bool = False,
               within: int | None = None, mapping: list[str] | None = None, date_format: str | None = None,
               start: str | None = None, today: str | None = None, workspace: Path | None = None,
               out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Import the export. 0 done (or nothing to do); 2 refused, nothing written."""
    from saveplan.dates import parse_cli_date, resolve_today
    from saveplan.edit import apply_edit
    from saveplan.errors import UsageError
    from saveplan.importing import ExportError, decode_export, read_export
    from saveplan.library import load_library
    from saveplan.workspace import display_path, open_workspace, require_valid_config

    stream, errs = out or sys.stdout, err or sys.stderr
    day = resolve_today(today)
    started = parse_cli_date(start, today=day, option="--start") if start else day
    ws = open_workspace(workspace)
    require_valid_config(ws)
    library = load_library(ws)
    if playbook is not None and playbook not in library.ids():
        raise UsageError(f"--playbook {playbook}: no such playbook", hint="see `saveplan playbooks`")
    fields: dict[str, str] = {}
    for pair in mapping or []:
        name, eq, column = pair.partition("=")
        if not eq or not name.strip() or not column.strip():
            raise UsageError(f"--map {pair!r}: write FIELD=COLUMN, e.g. --map arr=\"Contract Value\"")
        fields[name.strip()] = column.strip()
    try:
        export = read_export(decode_export(file.read_bytes()), ws.config, playbook=playbook,
                             playbooks=library.ids(), mapping=fields, date_format=date_format)
    except OSError as exc:
        raise UsageError(f"{file}: cannot read it ({exc.strerror or exc})") from None
    except ExportError as exc:
        raise UsageError(f"{file}: {exc}; nothing was written") from None
    work, late = _plan_work(export.rows, ws, update=update, within=within, started=started, today=day)
    problems = sorted(export.errors + late, key=lambda e: e.line)
    if problems:
        for p in problems:
            errs.write(f"  {file}: {p}\n")
        raise UsageError(f"{file}: {len(problems)} row problem{'s' if len(problems) != 1 else ''}; "
                         "nothing was written", hint="fix the rows above and import again")
    verb = "would write" if dry_run else "wrote"
    written = skipped = updated = 0
    if not dry_run:
        ws.plans_dir.mkdir(parents=True, exist_ok=True)
    done: list[Path] = []
    try:
        for item in _progress(work, errs):
            row = item.row
            if item.action == "outside":
                stream.write(f"  left out  {row.name}: {item.note}\n")
            elif item.action == "skip":
                skipped += 1
                stream.write(f"  skipped   {row.name}: {display_path(item.path)} has this account "
                             "(--update brings its ARR and renewal date up to date)\n")
            elif item.action == "update":
                if dry_run:
                    stream.write(f"  would update {display_path(item.path)} from line {row.line}\n")
                    continue
                edit = apply_edit(item.path, _account_edit(row), ws.config, day)
                if edit.changed:
                    updated += 1
                    stream.write(f"  updated   {display_path(item.path)}: {edit.message}\n")
                else:
                    stream.write(f"  unchanged {display_path(item.path)}: ARR and renewal date "
                                 "are up to date\n")
            else:
                if not dry_run:
                    _write(item, ws, library, started, day)
                    done.append(item.path)
                written += 1
                signals = f", signals {', '.join(row.signals)}" if row.signals else ""
                stream.write(f"  {verb:<9} {display_path(item.path)}: {row.name}, ARR {_money(row.arr)}, "
                             f"renewal {row.renewal}, owner {row.owner}, playbook {row.playbook}{signals}\n")
    except BaseException:
        for path in done:  # all or nothing: a write that failed takes the new plans with it
            path.unlink(missing_ok=True)
        raise
    what = "Would write" if dry_run else "Wrote"
    stream.write(f"{what} {written} draft plan{'s' if written != 1 else ''}; {skipped} skipped"
                 + (f", {updated} updated" if update else "") + ".\n")
    if written and not dry_run:
        stream.write("Next: fill in each draft (root cause, stakeholders, the <<placeholders>>), "
                     "then `saveplan check`.\n")
    return 0


def _progress(work: list[Work], errs: TextIO) -> list[Work]:
    """The rows, with a progress bar on stderr for a long import on a terminal."""
    try:
        on_terminal = errs.isatty()
    except (AttributeError, ValueError):
        on_terminal = False
    if not on_terminal or len(work) < 200:
        return work
    from rich.progress import track

    from saveplan.console import make_console

    return list(track(work, description="Importing", console=make_console(errs), transient=True))


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_command(
        file: Annotated[Path, typer.Argument(metavar="FILE.csv", help="The CRM's export, as CSV.",
                                             show_default=False)],
        playbook: Annotated[str | None, typer.Option(
            "--playbook", "-p", metavar="ID", help="The playbook for every row (else a risk-reason "
            "column mapped by import.playbooks in saveplan.yaml).", show_default=False)] = None,
        update: Annotated[bool, typer.Option(
            "--update", help="Bring the ARR and renewal date of accounts that have a plan up to "
            "date.")] = False,
        dry_run: Annotated[bool, typer.Option(
            "--dry-run", help="Say what would happen; write nothing.")] = False,
        within: Annotated[int | None, typer.Option(
            "--within", metavar="DAYS", min=0, help="Only renewals within this many days from today.",
            show_default=False)] = None,
        mapping: Annotated[list[str] | None, typer.Option(
            "--map", metavar="FIELD=COLUMN", help="Read a field from this column (fields: name, arr, "
            "renewal_date, owner, health, signals, reason). Repeatable.", show_default=False)] = None,
        date_format: Annotated[str | None, typer.Option(
            "--date-format", metavar="FORMAT", help="How the export writes dates when not ISO, e.g. "
            "%d/%m/%Y (never guessed).", show_default=False)] = None,
        start: Annotated[str | None, typer.Option(
            "--start", metavar="DATE", help="Day 0 of the new plans (default: today).",
            show_default=False)] = None,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """Draft plans from a CRM or CS-platform export (Salesforce, HubSpot, Gainsight...),
        one row an account. The usual headers are recognised (Account Name, ARR or Amount,
        Renewal Date or Close Date, Account Owner or OwnerId, Health Score, Risk Signals);
        owners match a roster id, name, email or crm_id.

        Every row is checked first: one bad row (its line and why) and nothing is written.
        An account that already has a plan is skipped (or updated with --update), so running
        the same import again changes nothing.

        Examples:

          saveplan import accounts.csv --playbook champion-departure --dry-run

          saveplan import renewals.csv --within 120 --update
        """
        return import_csv(file, playbook=playbook, update=update, dry_run=dry_run, within=within,
                          mapping=mapping, date_format=date_format, start=start, today=today,
                          workspace=workspace)

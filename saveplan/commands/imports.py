"""`saveplan import FILE.csv`: draft plans from the CRM's export (docs/import.md).

Every row is read and checked first (saveplan.importing); one bad row and nothing is
written. Plans are written by the same writer as `saveplan new`; an account that already
has a plan is skipped, or with --update has its ARR and renewal date brought up to date
by a careful edit."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from saveplan.commands.options import Today, WorkspaceDir

if TYPE_CHECKING:
    from saveplan.importing import Work


def import_csv(file: Path, *, playbook: str | None = None, update: bool = False, dry_run: bool = False,
               within: int | None = None, mapping: list[str] | None = None, date_format: str | None = None,
               start: str | None = None, today: str | None = None, workspace: Path | None = None,
               out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Import the export. 0 done (or nothing to do); 2 refused, nothing written."""
    from saveplan import importing as core
    from saveplan.commands.new import target_path, write_plan
    from saveplan.dates import parse_cli_date, resolve_today
    from saveplan.errors import UsageError
    from saveplan.library import load_library
    from saveplan.render import imports as render
    from saveplan.workspace import open_workspace, require_valid_config

    stream, errs = out or sys.stdout, err or sys.stderr
    day = resolve_today(today)
    started = parse_cli_date(start, today=day, option="--start") if start else day
    ws = open_workspace(workspace)
    require_valid_config(ws)
    library = load_library(ws)
    if playbook is not None and playbook not in library.ids():
        raise UsageError(f"--playbook {playbook}: no such playbook", hint="see `saveplan playbooks`")
    fields = core.column_map(mapping or [])
    try:
        export = core.read_export(core.decode_export(file.read_bytes()), ws.config, playbook=playbook,
                                  playbooks=library.ids(), mapping=fields, date_format=date_format)
    except OSError as exc:
        raise UsageError(f"{file}: cannot read it ({exc.strerror or exc})") from None
    except core.ExportError as exc:
        raise UsageError(f"{file}: {exc}; nothing was written") from None
    work, problems = core.plan_work(export, core.existing_plans(ws), lambda slug: target_path(ws, slug),
                                    within=within, update=update, started=started, today=day)
    if problems:
        errs.write(render.problem_lines(file, problems))
        raise UsageError(render.problems_message(file, problems),
                         hint="fix the rows above and import again")
    if not dry_run:
        ws.plans_dir.mkdir(parents=True, exist_ok=True)

    def write(item: Work) -> None:
        request, source = core.plan_request(item, ws, library, started)
        write_plan(request, item.path, force=False, today=day, out=io.StringIO(), source=source)

    tally = core.run_import(render.progress(work, errs), ws.config, day, dry_run=dry_run, write=write,
                            report=lambda done: stream.write(render.outcome_line(done, dry_run=dry_run)))
    stream.write(render.summary(tally, dry_run=dry_run, update=update))
    return 0


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

"""What `saveplan import` says: the row problems that stop it, a line per row as it is
done (saveplan/importing.py `run_import`), the closing count, and a progress bar for a
long import on a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from saveplan.importing import Outcome, RowError, Tally, Work
from saveplan.words import count, money
from saveplan.workspace import display_path

NEXT = ("Next: fill in each draft (root cause, stakeholders, the <<placeholders>>), "
        "then `saveplan check`.\n")


def problem_lines(file: Path, problems: Sequence[RowError]) -> str:
    """Every row problem, one line each, for stderr."""
    return "".join(f"  {file}: {p}\n" for p in problems)


def problems_message(file: Path, problems: Sequence[RowError]) -> str:
    return f"{file}: {count(len(problems), 'row problem')}; nothing was written"


def outcome_line(done: Outcome, *, dry_run: bool) -> str:
    """The line of one row, as it is done."""
    row, shown = done.work.row, display_path(done.work.path)
    if done.what == "outside":
        return f"  left out  {row.name}: {done.work.note}\n"
    if done.what == "skip":
        return (f"  skipped   {row.name}: {shown} has this account "
                "(--update brings its ARR and renewal date up to date)\n")
    if done.what == "would update":
        return f"  would update {shown} from line {row.line}\n"
    if done.what == "updated":
        return f"  updated   {shown}: {done.message}\n"
    if done.what == "unchanged":
        return f"  unchanged {shown}: ARR and renewal date are up to date\n"
    verb = "would write" if dry_run else "wrote"
    signals = f", signals {', '.join(row.signals)}" if row.signals else ""
    return (f"  {verb:<9} {shown}: {row.name}, ARR {money(row.arr)}, renewal {row.renewal}, "
            f"owner {row.owner}, playbook {row.playbook}{signals}\n")


def summary(tally: Tally, *, dry_run: bool, update: bool) -> str:
    """`Wrote 3 draft plans; 1 skipped, 0 updated.` and, after a real write, what next."""
    what = "Would write" if dry_run else "Wrote"
    text = (f"{what} {count(tally.written, 'draft plan')}; {tally.skipped} skipped"
            + (f", {tally.updated} updated" if update else "") + ".\n")
    return text + (NEXT if tally.written and not dry_run else "")


def progress(work: list[Work], errs: TextIO) -> list[Work]:
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

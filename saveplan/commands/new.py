"""`saveplan new NAME --playbook ID --renewal DATE --arr N --owner ID`: a draft save plan
from a playbook, written to plans/<slug>.yaml, that `saveplan check` passes."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO, TypeVar

import typer

from saveplan.commands.options import Today, WorkspaceDir
from saveplan.completion import playbook_ids
from saveplan.errors import EditRefused, UsageError, WorkspaceError

if TYPE_CHECKING:
    from saveplan.authoring import PlanRequest
    from saveplan.library import Library, LoadedPlaybook
    from saveplan.workspace import Workspace

Ask = Callable[[str, "str | None"], str]
T = TypeVar("T")
TRIES = 3
MAX_SLUG = 120
EXAMPLE = ('saveplan new "Contoso Ltd" --playbook champion-departure --renewal 2027-04-01 '
           "--arr 60000 --owner maria")


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def prompt(text: str, default: str | None) -> str:
    """Ask on the terminal (typer); Ctrl-C or Ctrl-D cancels with nothing written."""
    try:
        return str(typer.prompt(text, default=default, show_default=default is not None))
    except typer.Abort:
        raise UsageError("cancelled; nothing was written") from None


@dataclass
class Inputs:
    """Asks for what is missing on a terminal; elsewhere, what is missing is an error."""

    interactive: bool
    ask: Ask
    out: TextIO

    def get(self, given: str | None, question: str, parse: Callable[[str], T],
            default: str | None = None) -> T:
        if given is not None:
            return parse(given)
        for attempt in range(TRIES):
            answer = self.ask(question, default).strip()
            try:
                return parse(answer)
            except UsageError as exc:
                if attempt == TRIES - 1:
                    raise
                self.out.write(f"  {exc}\n")
        raise AssertionError("unreachable")  # pragma: no cover


# -- reading the values --------------------------------------------------------------------

def parse_name(text: str) -> tuple[str, str]:
    """The account name (one clean line) and its slug; refuses names that make no file name."""
    from saveplan.authoring import clean_text
    from saveplan.workspace import slugify

    name = clean_text(text)
    if not name:
        raise UsageError("the account name is empty", hint=f"e.g. {EXAMPLE}")
    slug = slugify(name)
    if not slug:
        raise UsageError(f"the account name {name!r} has no letter a-z or digit to make a file name from",
                         hint='add a latin form of the name, e.g. "Tokyo Trading 東京商事"')
    if len(slug) > MAX_SLUG:
        raise UsageError(f"the account name is too long for a file name ({len(slug)} characters once "
                         f"slugged; at most {MAX_SLUG})", hint="use the name the team calls the account")
    return name, slug


def parse_arr(text: str) -> float:
    """ARR: a number >= 0; `60000`, `60,000`, `60_000`, `60k` and `1.2m` are all read."""
    raw = text.strip().lower().replace(",", "").replace("_", "").lstrip("$€£")
    scale = 1.0
    if raw.endswith(("k", "m")):
        scale = 1000.0 if raw.endswith("k") else 1_000_000.0
        raw = raw[:-1]
    try:
        value = float(raw) * scale
    except ValueError:
        raise UsageError(f"--arr {text!r} is not a number", hint="the annual recurring revenue, e.g. 60000") \
            from None
    if not value >= 0 or value == float("inf"):
        raise UsageError(f"--arr {text!r} must be a number of 0 or more")
    return round(value, 2)


def parse_signal(text: str) -> str:
    import difflib

    from saveplan.models.plan import SignalType

    known: tuple[str, ...] = SignalType.__args__  # type: ignore[attr-defined]
    word = text.strip().lower().replace("-", "_")
    if word in known:
        return word
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    raise UsageError(f"--signal {text!r} is not a risk signal",
                     hint=(f"did you mean {close[0]}? " if close else "") + f"signals: {', '.join(known)}")


def parse_owner(text: str, ws: Workspace) -> str:
    owner = text.strip()
    people = ws.config.people
    if not owner:
        raise UsageError("the owner is empty", hint="the CSM's id, e.g. --owner maria")
    if people and owner not in people:
        from saveplan.rules.actions import roster_guess

        guess = roster_guess(owner, people)
        hint = (f"did you mean '{guess}'? use the roster id" if guess
                else f"use one of {', '.join(people)}, or add {owner} to people: in saveplan.yaml")
        raise UsageError(f"the owner '{owner}' is not in the roster of saveplan.yaml", hint=hint)
    return owner


def parse_playbook(text: str, library: Library) -> LoadedPlaybook:
    choice = text.strip()
    ids = library.ids()
    if choice.isdigit() and 1 <= int(choice) <= len(ids):
        choice = ids[int(choice) - 1]
    return library.get(choice)


def target_path(ws: Workspace, slug: str) -> Path:
    """plans/<slug>.yaml, or the .yml file of that slug where one exists already."""
    from saveplan.workspace import YAML_SUFFIXES

    for suffix in YAML_SUFFIXES:
        candidate = ws.plans_dir / f"{slug}{suffix}"
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return ws.plans_dir / f"{slug}.yaml"


def _playbook_menu(library: Library, suggested: list[tuple[str, int]], out: TextIO) -> None:
    out.write("Playbooks:\n")
    width = max(len(pid) for pid in library.ids())
    for n, (pid, loaded) in enumerate(library.playbooks.items(), start=1):
        signals = ", ".join(loaded.playbook.trigger.signals)
        out.write(f"  {n:>2}  {pid:<{width}}  {loaded.playbook.title} ({signals})\n")
    if suggested:
        out.write(f"Suggested from your signals: {suggested[0][0]}\n")


def _choose_playbook(given: str | None, signals: list[str], library: Library, inputs: Inputs) -> str | None:
    """The playbook id: given, suggested by the signals, or asked; None when missing."""
    from saveplan.library import suggest

    if given is not None:
        return parse_playbook(given, library).id
    ranked = suggest(library, signals)
    unique = bool(ranked) and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
    if not inputs.interactive:
        if unique:
            inputs.out.write(f"Using the playbook {ranked[0][0]}: it matches --signal "
                             f"{', '.join(signals)} best.\n")
            return ranked[0][0]
        if ranked:
            tied = [pid for pid, score in ranked if score == ranked[0][1]]
            raise UsageError(f"the signals match several playbooks equally: {', '.join(tied)}",
                             hint="choose one with --playbook (see `saveplan playbooks`)")
        return None
    _playbook_menu(library, ranked if unique else [], inputs.out)
    return inputs.get(None, "Playbook (number or id)", lambda t: parse_playbook(t, library).id,
                      default=ranked[0][0] if unique else None)


# -- the command ---------------------------------------------------------------------------

def new(name: str | None, *, playbook: str | None = None, renewal: str | None = None,
        arr: str | None = None, owner: str | None = None, start: str | None = None,
        signals: Sequence[str] = (), force: bool = False, interactive: bool = False,
        workspace: Path | None = None, today: str | None = None, ask: Ask | None = None,
        out: TextIO | None = None) -> int:
    """Write plans/<slug>.yaml from a playbook. 0 written; 2 refused, nothing written."""
    from saveplan.authoring import PlanRequest
    from saveplan.dates import parse_cli_date, resolve_today
    from saveplan.library import load_library
    from saveplan.workspace import display_path, open_workspace, require_valid_config

    stream = out or sys.stdout
    day = resolve_today(today)
    ws = open_workspace(workspace)
    require_valid_config(ws)
    inputs = Inputs(interactive, ask or prompt, stream)
    seen = [parse_signal(s) for s in signals]
    library = load_library(ws)
    chosen: str | None = None

    if not interactive:
        chosen = _choose_playbook(playbook, seen, library, inputs)
        missing = [option for option, value in (("NAME", name), ("--playbook", chosen),
                   ("--renewal", renewal), ("--arr", arr), ("--owner", owner)) if value is None]
        if missing:
            raise UsageError(f"missing {', '.join(missing)} (nothing was written)",
                             hint=f"e.g. {EXAMPLE}; run it in a terminal without --no-input to be asked")

    account, slug = inputs.get(name, "Account name", parse_name)
    target = target_path(ws, slug)
    if (target.exists() or target.is_symlink()) and not force:
        raise EditRefused(f"{display_path(target)} exists; nothing was written",
                          hint="edit that plan, choose another name, or use --force to replace it")
    if interactive:
        chosen = _choose_playbook(playbook, seen, library, inputs)
    if chosen is None:  # only a terminal gets here without one, and it was asked
        raise UsageError("missing --playbook", hint="see `saveplan playbooks`")
    loaded = library.get(chosen)

    started = parse_cli_date(start, today=day, option="--start") if start is not None else day

    def parse_renewal(text: str) -> date:
        when = parse_cli_date(text, today=day, option="--renewal")
        if when < day:
            raise UsageError(f"the renewal date {when} has passed (today is {day}): there is no "
                             "renewal left to save", hint="check --renewal (or --today)")
        if (when - started).days < 2:
            raise UsageError(f"the renewal date {when} must come at least 2 days after the start "
                             f"{started}", hint="check --renewal (and --start, which defaults to today)")
        return when

    renewal_date = inputs.get(renewal, "Renewal date (YYYY-MM-DD)", parse_renewal)
    arr_value = inputs.get(arr, "ARR (annual recurring revenue)", parse_arr)
    people = ws.config.people
    question = f"Owner (your roster id: {', '.join(people)})" if people else "Owner (the CSM's id)"
    owner_id = inputs.get(owner, question, lambda t: parse_owner(t, ws))

    request = PlanRequest(name=account, playbook=loaded.playbook, renewal=renewal_date, arr=arr_value,
                          owner=owner_id, started=started, config=ws.config, signals=tuple(seen), slug=slug)
    return write_plan(request, target, force=force, today=day, out=stream, source=loaded)


def write_plan(request: PlanRequest, target: Path, *, force: bool, today: date, out: TextIO,
               source: LoadedPlaybook) -> int:
    """Render, verify before writing, write atomically, read back; never leave an invalid plan."""
    from saveplan.authoring import describe, render_plan, scale_for, verify_plan
    from saveplan.fileio import atomic_write
    from saveplan.workspace import display_path

    shown = display_path(target)
    text = render_plan(request)
    # The plan must be sound as written (checked on its day 0, when no date has passed);
    # what the dated rules say about today is news for the CSM, not a reason to refuse.
    (at_start, findings), differences = verify_plan(text, request, request.started, today)
    broken = [f for f in at_start if f.is_error]
    if broken or differences:
        detail = "; ".join([describe(f) for f in broken] + differences)
        raise RuntimeError(f"the plan made from the playbook {source.id} ({source.location}) does not "
                           f"pass its own check: {detail}. Nothing was written")
    from saveplan.edit import locked
    from saveplan.fileio import real_target
    from saveplan.workspace import find_root

    inside = find_root(target.parent.parent.absolute()) or target.parent.absolute()
    real_target(target, inside)  # a link out of the workspace is refused before anything
    target.parent.mkdir(parents=True, exist_ok=True)  # plans/ is the workspace's own
    # --force replaces a file: under the same lock record/done take, so parallel writers
    # take turns and none loses a write that reported success
    guard = locked(target) if force and target.exists() else contextlib.nullcontext()
    with guard:
        before = target.read_bytes() if force and target.is_file() else None
        try:
            atomic_write(target, text, overwrite=force, inside=inside)
        except OSError as exc:
            raise WorkspaceError(f"cannot write {shown}: {exc.strerror or exc}") from None
        _read_back(target, text, request, request.started, before, inside)

    out.write(f"Wrote {shown}: a draft save plan for {request.name} from the playbook {source.id}"
              f"{' (workspace)' if source.source == 'workspace' else ''}.\n")
    check = request.playbook.leading_indicator
    out.write(f"  Renewal {request.renewal} ({request.days} days after the start {request.started}); "
              f"{len(request.playbook.actions)} actions"
              + (f"; indicator: {check.metric}" if check else "") + ".\n")
    if scale_for(request) is not None:
        out.write("  The renewal comes before the playbook's last dates: they were pulled in to fit.\n")
    for f in findings:
        verdict = "fails" if f.is_error else "warns"
        out.write(f"  note: as of {today}, check {verdict}: {describe(f)}\n")
    out.write("Next:\n"
              f"  1. Edit {shown}: confirm the root cause, put names in place of each <<placeholder>>,\n"
              "     and make the actions this account's own. The comments are the playbook's\n"
              "     guidance: delete them as you go.\n"
              f"  2. saveplan check {shown}\n"
              "  3. Once the root cause is confirmed, set status: active.\n")
    return 0


def _read_back(target: Path, text: str, request: PlanRequest, today: date, before: bytes | None,
               inside: Path) -> None:
    """The file as written, through the real loader and rules; undone if it fails (a bug)."""
    from saveplan.checker import check_document
    from saveplan.fileio import atomic_write
    from saveplan.loader import LoadError, read_document

    problem = ""
    try:
        if target.read_text(encoding="utf-8") != text:
            problem = "the file does not hold the text written"
        else:
            _, found = check_document(read_document(target), request.config, today)
            errors = [f for f in found if f.is_error]
            if errors:
                problem = f"{errors[0].code} {errors[0].message}"
    except (LoadError, OSError) as exc:
        problem = str(exc)
    if problem:
        if before is None:
            target.unlink(missing_ok=True)
        else:  # --force replaced a file: put its bytes back, atomically
            atomic_write(target, before, inside=inside)
        undone = "the file it replaced was put back" if before is not None else "it was removed"
        raise RuntimeError(f"the plan written to {target} did not read back clean ({problem}); {undone}")


def register(app: typer.Typer) -> None:
    @app.command("new")
    def new_command(
        name: Annotated[str | None, typer.Argument(
            metavar="NAME", help="The account's name, e.g. \"Contoso Ltd\": the file is "
            "plans/<slug>.yaml (contoso-ltd.yaml).", show_default=False)] = None,
        playbook: Annotated[str | None, typer.Option(
            "--playbook", "-p", metavar="ID", autocompletion=playbook_ids,
            help="The playbook (see `saveplan playbooks`).",
            show_default=False)] = None,
        renewal: Annotated[str | None, typer.Option(
            "--renewal", "-r", metavar="DATE", help="The renewal date, e.g. 2027-04-01.",
            show_default=False)] = None,
        arr: Annotated[str | None, typer.Option(
            "--arr", metavar="N", help="Annual recurring revenue, e.g. 60000 or 60k.",
            show_default=False)] = None,
        owner: Annotated[str | None, typer.Option(
            "--owner", metavar="ID", help="The CSM who owns the plan (a roster id where "
            "saveplan.yaml has a roster).", show_default=False)] = None,
        start: Annotated[str | None, typer.Option(
            "--start", metavar="DATE", help="Day 0 of the plan (default: today).",
            show_default=False)] = None,
        signal: Annotated[list[str] | None, typer.Option(
            "--signal", "-s", metavar="SIGNAL", help="A risk signal seen (repeatable), e.g. "
            "champion_left; without --playbook, the best-matching playbook is used.",
            show_default=False)] = None,
        no_input: Annotated[bool, typer.Option(
            "--no-input", help="Never ask: a missing value is an error (exit 2).")] = False,
        force: Annotated[bool, typer.Option(
            "--force", help="Replace the plan file if it exists.")] = False,
        today: Today = None,
        workspace: WorkspaceDir = None,
    ) -> int:
        """Write a draft save plan from a playbook to plans/<slug>.yaml.

        The plan gets the playbook's actions (owners mapped to your roster, customer
        roles as stakeholders to name), its leading indicator and commercial path, and
        its guidance as comments to read and delete. Dates stay relative ('day 7') and
        are pulled in when the renewal is closer than the playbook's last date. The plan
        passes `saveplan check`; an existing file is never replaced without --force.

        On a terminal, missing values are asked for; with --no-input (or no terminal)
        they are an error.

        Examples:

          saveplan new "Contoso Ltd" -p champion-departure -r 2027-04-01 --arr 60000 -o maria

          saveplan new "Fabrikam" -s usage_decline -s health_drop -r +60 --arr 25k -o maria

          saveplan new "Fabrikam"                  # asks for the rest
        """
        interactive = not no_input and stdin_is_terminal()
        return new(name, playbook=playbook, renewal=renewal, arr=arr, owner=owner, start=start,
                   signals=signal or [], force=force, interactive=interactive, workspace=workspace,
                   today=today)

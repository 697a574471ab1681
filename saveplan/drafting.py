"""What `saveplan new` is given, read and checked: the account name and the file it makes,
ARR, risk signals, the owner, the playbook (given, suggested by the signals, or chosen),
the renewal date; and `Inputs`, which asks for what is missing on a terminal (three tries)
and refuses it elsewhere. Every refusal is a UsageError (exit 2), nothing written."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from saveplan.errors import EditRefused, UsageError

if TYPE_CHECKING:
    from saveplan.library import Library, LoadedPlaybook
    from saveplan.models.workspace import Person
    from saveplan.workspace import Workspace

Ask = Callable[[str, "str | None"], str]
T = TypeVar("T")
TRIES = 3
MAX_SLUG = 120
EXAMPLE = ('saveplan new "Contoso Ltd" --playbook champion-departure --renewal 2027-04-01 '
           "--arr 60000 --owner maria")


@dataclass
class Inputs:
    """Asks for what is missing on a terminal; elsewhere, what is missing is an error.
    `retry` hears each refused answer but the last (which is raised)."""

    interactive: bool
    ask: Ask
    retry: Callable[[UsageError], object]

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
                self.retry(exc)
        raise AssertionError("unreachable")  # pragma: no cover


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
    """A risk signal of the plan format (`champion-left` reads as champion_left)."""
    import difflib

    from saveplan.models.plan import SignalType

    known: tuple[str, ...] = SignalType.__args__  # type: ignore[attr-defined]
    word = text.strip().lower().replace("-", "_")
    if word in known:
        return word
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    raise UsageError(f"--signal {text!r} is not a risk signal",
                     hint=(f"did you mean {close[0]}? " if close else "") + f"signals: {', '.join(known)}")


def parse_owner(text: str, people: Mapping[str, Person]) -> str:
    """The plan's owner: a roster id where the workspace has a roster."""
    owner = text.strip()
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
    """A playbook by id, or by its number in the menu (1-based, library order)."""
    choice = text.strip()
    ids = library.ids()
    if choice.isdigit() and 1 <= int(choice) <= len(ids):
        choice = ids[int(choice) - 1]
    return library.get(choice)


def parse_renewal(text: str, today: date, started: date) -> date:
    """The renewal date: not passed, and at least 2 days after the plan's start."""
    from saveplan.dates import parse_cli_date

    when = parse_cli_date(text, today=today, option="--renewal")
    if when < today:
        raise UsageError(f"the renewal date {when} has passed (today is {today}): there is no "
                         "renewal left to save", hint="check --renewal (or --today)")
    if (when - started).days < 2:
        raise UsageError(f"the renewal date {when} must come at least 2 days after the start "
                         f"{started}", hint="check --renewal (and --start, which defaults to today)")
    return when


@dataclass(frozen=True)
class Pick:
    """The playbook to use (or suggest), whether the signals chose it, and whether to ask."""

    id: str | None
    guessed: bool = False  # chosen by --signal alone: the command says so
    ask: bool = False  # a terminal: show the menu and ask, `id` the default


def pick_playbook(given: str | None, signals: Sequence[str], library: Library, interactive: bool) -> Pick:
    """The given playbook; else the one the signals match best (UsageError on a tie, where
    nobody can be asked); else, on a terminal, a question with that best one as default."""
    from saveplan.library import suggest

    if given is not None:
        return Pick(parse_playbook(given, library).id)
    ranked = suggest(library, list(signals))
    best = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    if interactive:
        return Pick(best, ask=True)
    if ranked and best is None:
        tied = [pid for pid, score in ranked if score == ranked[0][1]]
        raise UsageError(f"the signals match several playbooks equally: {', '.join(tied)}",
                         hint="choose one with --playbook (see `saveplan playbooks`)")
    return Pick(best, guessed=best is not None)


def require(values: Sequence[tuple[str, object]]) -> None:
    """Where nobody can be asked: every (option, value) given, or a UsageError naming the missing."""
    missing = [option for option, value in values if value is None]
    if missing:
        raise UsageError(f"missing {', '.join(missing)} (nothing was written)",
                         hint=f"e.g. {EXAMPLE}; run it in a terminal without --no-input to be asked")


def target_path(ws: Workspace, slug: str) -> Path:
    """plans/<slug>.yaml, or the .yml file of that slug where one exists already."""
    from saveplan.workspace import YAML_SUFFIXES

    for suffix in YAML_SUFFIXES:
        candidate = ws.plans_dir / f"{slug}{suffix}"
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return ws.plans_dir / f"{slug}.yaml"


def refuse_existing(target: Path, force: bool) -> None:
    """An existing plan file is replaced only with --force (EditRefused otherwise)."""
    from saveplan.workspace import display_path

    if (target.exists() or target.is_symlink()) and not force:
        raise EditRefused(f"{display_path(target)} exists; nothing was written",
                          hint="edit that plan, choose another name, or use --force to replace it")

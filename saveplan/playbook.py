"""Playbooks: the rules of the playbook file, the library (built-in + workspace), and the
writer that turns a playbook into a draft save plan (`saveplan new`).

- `check_playbook_document(doc)`: the findings of one playbook file, not yet placed
  (`saveplan check` places them; it calls this for files in a `playbooks/` folder).
- `load_library(ws)`: the built-in playbooks (the package `saveplan.playbooks`, read
  with importlib.resources) with the workspace's `playbooks/*.yaml` over them: a
  workspace playbook with the id of a built-in one replaces it, any other adds to them.
- `render_plan(request)`: the text of a draft plan, every value written with
  `loader.yaml_scalar`, the playbook's guidance carried as comments;
  `verify_plan(text, request, *days)` reads it back through the real loader, the model and the
  rules, and says what is wrong with it, if anything.
"""

from __future__ import annotations

import difflib
import functools
import math
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from saveplan.dates import DateRef
from saveplan.errors import UsageError, WorkspaceError
from saveplan.findings import Finding, format_loc
from saveplan.loader import Document, LoadError, parse, read_document, yaml_scalar
from saveplan.models import Plan, WorkspaceConfig
from saveplan.models.playbook import OWNER_ROLES, Playbook, PlaybookAction
from saveplan.validation import validate
from saveplan.workspace import YAML_SUFFIXES, Workspace, display_path, place

# -- the rules of a playbook file --------------------------------------------------------

MIN_ACTIONS, MAX_ACTIONS = 3, 5
MAX_DAY = 30  # every date of a playbook: a plan still passes check ~45 days before renewal
CHECK_FIRST, CHECK_LAST = 5, 21  # the indicator is read mid-plan
LIST_LIMITS: dict[str, tuple[int, int]] = {
    "investigate": (3, 6),
    "involved": (2, 5),
    "milestones": (3, 6),
    "commercial_path": (2, 4),
    "success": (2, 4),
}
MAX_STAKEHOLDERS = 4
MAX_ALTERNATIVES = 3


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _shown(ref: DateRef) -> str:
    """`week 2 (day 14)`, or `day 9`: the text, and the day where the text does not say it."""
    return ref.text if ref.text.startswith("day ") else f"{ref.text} (day {ref.offset})"


def _relative_day(ref: DateRef, where: str, loc: tuple[str | int, ...],
                  code: str = "PB202", last: int = MAX_DAY) -> tuple[int | None, list[Finding]]:
    """The day a playbook date stands for, or the finding that says why it cannot be used."""
    if ref.offset is None:
        return None, [Finding(code, f"{where} is a calendar date ({ref}); a playbook counts days from "
                              "the plan's start: write 'day N' or 'week N'", loc)]
    if ref.offset < 1:
        return None, [Finding(code, f"{where} is {ref}; the first day of a plan is day 1", loc)]
    if ref.offset > last:
        return ref.offset, [Finding(code, f"{where} is {_shown(ref)}; keep it no later than "
                                    f"day {last} so the plan fits a renewal about 45 days away", loc)]
    return ref.offset, []


def _action_rules(pb: Playbook) -> Iterator[Finding]:
    n = len(pb.actions)
    if not MIN_ACTIONS <= n <= MAX_ACTIONS:
        yield Finding("SP201", f"the playbook has {_count(n, 'action')}; a save plan needs "
                      f"{MIN_ACTIONS} to {MAX_ACTIONS}, each with an owner and a date", ("actions",))
    listed = [s.role for s in pb.stakeholders]
    for i, action in enumerate(pb.actions):
        label = f"action {i + 1}"
        owner = (action.owner or "").strip()
        if not owner:
            yield Finding("SP202", f"{label} has no owner: csm, manager, director, vp, or a customer "
                          "role listed in stakeholders", ("actions", i, "owner"))
        elif owner not in OWNER_ROLES and owner not in listed:
            known = [*OWNER_ROLES, *listed]
            guess = difflib.get_close_matches(owner, known, n=1, cutoff=0.6)
            if owner in ("economic_buyer", "champion", "daily_user", "executive_sponsor", "other"):
                text = (f"{label} is owned by the customer role '{owner}', which is not listed in "
                        f"stakeholders: add {{role: {owner}, kpi: ...}} there")
            else:
                text = (f"{label} is owned by '{owner}', which is not a role: use "
                        f"{', '.join(known)}" + (f" (did you mean '{guess[0]}'?)" if guess else ""))
            yield Finding("PB201", text, ("actions", i, "owner"))
        if action.due is None:
            yield Finding("SP202", f"{label} has no due date: add `due:` ('day N' or 'week N')",
                          ("actions", i, "due"))
        else:
            _, found = _relative_day(action.due, f"{label}'s due date", ("actions", i, "due"))
            yield from found
    if pb.actions and not any((a.owner or "").strip() == "csm" for a in pb.actions):
        yield Finding("PB201", "no action is owned by the csm: the CSM owns the coordination of a save",
                      ("actions",))


def _indicator_rules(pb: Playbook) -> Iterator[Finding]:
    ind = pb.leading_indicator
    if ind is None:
        yield Finding("SP210", "no leading_indicator: suggest one metric, its target and when it is "
                      "checked mid-plan", ("leading_indicator",))
        return
    if ind.target is None:
        yield Finding("SP210", "the leading indicator has no target: give the number that means the "
                      "save is working", ("leading_indicator", "target"))
    dues = [a.due.offset for a in pb.actions if a.due is not None and a.due.offset is not None]
    last_due = max(dues, default=None)
    checks: list[tuple[DateRef, tuple[str | int, ...], str]] = [
        (ind.check, ("leading_indicator", "check"), "the indicator check")]
    checks += [(alt.check, ("leading_indicator", "alternatives", j, "check"), f"alternative {j + 1}'s check")
               for j, alt in enumerate(ind.alternatives)]
    for ref, loc, where in checks:
        day, found = _relative_day(ref, where, loc, code="PB211")
        yield from found
        if day is None or found:
            continue
        if not CHECK_FIRST <= day <= CHECK_LAST:
            yield Finding("PB211", f"{where} is {_shown(ref)}; read it mid-plan, between day "
                          f"{CHECK_FIRST} and day {CHECK_LAST}", loc)
        elif last_due is not None and day >= last_due:
            yield Finding("PB211", f"{where} is {_shown(ref)}, not before the last action (day "
                          f"{last_due}): read it while there is still time to act", loc)
    if len(ind.alternatives) > MAX_ALTERNATIVES:
        yield Finding("PB101", f"the indicator has {len(ind.alternatives)} alternatives; give 1 to "
                      f"{MAX_ALTERNATIVES}", ("leading_indicator", "alternatives"))


def _commercial_rules(pb: Playbook) -> Iterator[Finding]:
    path = pb.commercial_path
    if not path:
        yield Finding("SP220", "no commercial_path: decide the moves in advance (training, a plan "
                      "swap, an extension or a scope reduction before any discount)", ("commercial_path",))
        return
    if path[0].kind == "discount":
        yield Finding("SP221", "a discount is the first commercial move: lead with training, a plan "
                      "swap, an extension or a scope reduction", ("commercial_path", 0))
    if pb.root_cause != "circumstantial":
        for i, move in enumerate(path):
            if move.kind == "discount":
                yield Finding("SP222", f"commercial move {i + 1} is a discount while the root cause is "
                              f"{pb.root_cause}, not price-related: a price cut will not fix it",
                              ("commercial_path", i))


def _list_rules(pb: Playbook) -> Iterator[Finding]:
    for key, (low, high) in LIST_LIMITS.items():
        items = getattr(pb, key)
        if key == "commercial_path" and not items:
            continue  # SP220 says it
        if not low <= len(items) <= high:
            yield Finding("PB101", f"{key} has {_count(len(items), 'item')}; give {low} to {high}", (key,))
    roles = [s.role for s in pb.stakeholders]
    missing = []
    if len(set(roles)) < 2:
        missing.append(f"only {_count(len(set(roles)), 'stakeholder role')} mapped")
    if "economic_buyer" not in roles:
        missing.append("no economic_buyer")
    if missing:
        yield Finding("SP231", "; ".join(missing) + ": map the economic buyer and at least one other "
                      "role (champion, daily_user, executive_sponsor)", ("stakeholders",))
    if len(roles) > MAX_STAKEHOLDERS:
        yield Finding("PB101", f"stakeholders has {len(roles)} items; give 2 to {MAX_STAKEHOLDERS}",
                      ("stakeholders",))
    for i, role in enumerate(roles):
        if role in roles[:i]:
            yield Finding("PB231", f"the customer role {role} is listed twice: keep one, with the KPI "
                          "to speak to them in", ("stakeholders", i, "role"))
    previous = 0
    for i, milestone in enumerate(pb.milestones):
        day, found = _relative_day(milestone.due, f"milestone {i + 1}'s date", ("milestones", i, "due"))
        yield from found
        if day is not None and not found:
            if day < previous:
                yield Finding("PB202", f"milestone {i + 1} ({milestone.due}) comes before the milestone "
                              "above it: list milestones in date order", ("milestones", i, "due"))
            previous = max(previous, day)


def playbook_rules(pb: Playbook) -> list[Finding]:
    """The method's rules for a playbook, beyond its schema (docs/playbook-format.md)."""
    return [*_list_rules(pb), *_action_rules(pb), *_indicator_rules(pb), *_commercial_rules(pb)]


def check_playbook_document(doc: Document) -> list[Finding]:
    """Schema findings (SP101-SP103) and playbook rules for one parsed playbook, unplaced."""
    pb, schema = validate(Playbook, doc.data)
    if pb is None:
        return schema
    flagged = {f.loc for f in schema}
    return schema + [f for f in playbook_rules(pb) if f.loc not in flagged]


# -- the library ---------------------------------------------------------------------------

Source = Literal["built-in", "workspace"]
BUILTIN_PACKAGE = "saveplan.playbooks"


@dataclass(frozen=True)
class LoadedPlaybook:
    playbook: Playbook
    source: Source
    location: str  # where it was read: a path, or saveplan.playbooks/<file> for a built-in one
    text: str
    overrides: bool = False  # a workspace playbook with the id of a built-in one

    @property
    def id(self) -> str:
        return self.playbook.id


@dataclass(frozen=True)
class BrokenPlaybook:
    """A workspace playbook file that cannot be used: the findings say why (with lines)."""

    location: str
    stem: str
    findings: list[Finding]

    def summary(self) -> str:
        errors = [f for f in self.findings if f.is_error] or self.findings
        first = errors[0]
        more = len(errors) - 1
        return (f"{first.path}:{first.line}:{first.column}: {first.code} {first.message}"
                + (f" (and {more} more)" if more else ""))


@dataclass
class Library:
    playbooks: dict[str, LoadedPlaybook] = field(default_factory=dict)
    broken: list[BrokenPlaybook] = field(default_factory=list)

    def ids(self) -> list[str]:
        return list(self.playbooks)

    def get(self, playbook_id: str) -> LoadedPlaybook:
        """The playbook with this id, or a UsageError that says which ids exist."""
        wanted = playbook_id.strip()
        bad = next((b for b in self.broken if b.stem == wanted), None)
        if bad is not None:
            raise WorkspaceError(f"the playbook {bad.location} has problems: {bad.summary()}",
                                 hint=f"run `saveplan check {bad.location}` and fix it first")
        found = self.playbooks.get(wanted) or self.playbooks.get(wanted.lower())
        if found is not None:
            return found
        close = difflib.get_close_matches(wanted.lower(), self.ids(), n=1, cutoff=0.5)
        raise UsageError(f"no playbook '{playbook_id}'",
                         hint=(f"did you mean {close[0]}? " if close else "")
                         + f"known playbooks: {', '.join(self.ids())} (see `saveplan playbooks`)")


def builtin_files() -> list[tuple[str, str]]:
    """(file name, text) of each built-in playbook, sorted by name. The package is
    `saveplan.playbooks` in an installed wheel; in an editable install of a source
    checkout it cannot be imported (setuptools maps it from the top-level `playbooks/`
    folder, which the editable finder does not serve), so the folder is read directly."""
    from importlib.resources import files

    try:
        root = files(BUILTIN_PACKAGE)
        entries = [(p.name, p.read_text(encoding="utf-8")) for p in root.iterdir()
                   if p.name.endswith(YAML_SUFFIXES) and p.is_file()]
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parent.parent / "playbooks"
        if not folder.is_dir():
            raise RuntimeError("the built-in playbooks are missing from this installation of "
                               "saveplan; reinstall it") from None
        entries = [(p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir()
                   if p.suffix in YAML_SUFFIXES and p.is_file()]
    return sorted(entries)


@functools.cache
def builtin_playbooks() -> dict[str, LoadedPlaybook]:
    """The built-in library, by id. A built-in playbook that does not pass its own check
    is a bug of saveplan (the tests check every one)."""
    found: dict[str, LoadedPlaybook] = {}
    for name, text in builtin_files():
        location = f"{BUILTIN_PACKAGE}/{name}"
        try:
            doc = parse(text)
        except LoadError as exc:
            raise RuntimeError(f"built-in playbook {location}:{exc.line}: {exc.message}") from None
        problems = [f for f in place(check_playbook_document(doc), location, doc) if f.is_error]
        pb, _ = validate(Playbook, doc.data)
        if problems or pb is None:
            first = problems[0] if problems else None
            raise RuntimeError(f"built-in playbook {location} is invalid"
                               + (f": line {first.line} {first.code} {first.message}" if first else ""))
        found[pb.id] = LoadedPlaybook(pb, "built-in", location, text)
    return found


def _workspace_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


def load_library(ws: Workspace | None) -> Library:
    """The built-in playbooks, then the workspace's over them (same id: the workspace wins)."""
    builtin = builtin_playbooks()
    library = Library(playbooks=dict(builtin))
    seen: dict[str, str] = {}
    for path in _workspace_files(ws.playbooks_dir) if ws is not None else []:
        shown = display_path(path)
        try:
            doc = read_document(path)
        except LoadError as exc:
            library.broken.append(BrokenPlaybook(shown, path.stem, [
                Finding("SP100", exc.message, (), shown, exc.line, exc.column)]))
            continue
        findings = place(check_playbook_document(doc), shown, doc)
        pb, _ = validate(Playbook, doc.data)
        if pb is None or any(f.is_error for f in findings):
            library.broken.append(BrokenPlaybook(shown, path.stem, findings))
            continue
        if pb.id in seen:
            line, column = doc.locate(("id",))
            library.broken.append(BrokenPlaybook(shown, path.stem, [Finding(
                "SP102", f"the id {pb.id} is also the id of {seen[pb.id]}: give each playbook its own id",
                ("id",), shown, line, column)]))
            continue
        seen[pb.id] = shown
        text = path.read_text(encoding="utf-8-sig")
        library.playbooks[pb.id] = LoadedPlaybook(pb, "workspace", shown, text, overrides=pb.id in builtin)
    library.playbooks = dict(sorted(library.playbooks.items()))
    return library


def suggest(library: Library, signals: list[str]) -> list[tuple[str, int]]:
    """Playbooks ranked by how well their trigger signals match the signals seen: a signal
    scores more the earlier the playbook lists it (its first trigger is its main one).
    Best first; playbooks that match nothing are left out."""
    ranked = []
    for pid, loaded in library.playbooks.items():
        trigger: list[str] = list(loaded.playbook.trigger.signals)
        score = sum(len(trigger) - trigger.index(s) for s in dict.fromkeys(signals) if s in trigger)
        if score:
            ranked.append((pid, score))
    return sorted(ranked, key=lambda item: (-item[1], item[0]))


# -- the plan writer -----------------------------------------------------------------------

WIDTH = 88
CUSTOMER_LABELS = {
    "economic_buyer": "Economic buyer",
    "champion": "Champion",
    "daily_user": "Daily user",
    "executive_sponsor": "Executive sponsor",
    "other": "Other contact",
}
WINDOW_GLOSS = {
    "comprehensive": "room for a full save (diagnose, rebuild value, re-align stakeholders)",
    "compressed": "critical issues and quick wins only",
    "emergency": "low odds, act today",
}


@dataclass(frozen=True)
class PlanRequest:
    """What `saveplan new` was given, checked and resolved."""

    name: str
    playbook: Playbook
    renewal: date
    arr: float
    owner: str
    started: date
    config: WorkspaceConfig
    signals: tuple[str, ...] = ()
    slug: str = ""

    @property
    def days(self) -> int:
        return (self.renewal - self.started).days


def clean_text(text: str) -> str:
    """One line of printable text: runs of whitespace (line breaks of any kind included)
    become one space; characters YAML cannot hold are dropped."""
    words = " ".join(str(text).split())
    return "".join(ch for ch in words if _printable(ch))


def _printable(ch: str) -> bool:
    """YAML's printable characters, less the ones some parsers read as line breaks."""
    code = ord(ch)
    return (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF) and code not in (0x2028, 0x2029, 0xFEFF)


def _comment(text: str, indent: int = 0, first: str = "", later: str | None = None) -> list[str]:
    """A text as comment lines wrapped to WIDTH: `# first...` then `# later...`."""
    later = " " * len(first) if later is None else later
    pad = " " * indent + "# "
    body = clean_text(text)
    lines = textwrap.wrap(body, width=max(20 + len(first), WIDTH - len(pad)),
                          initial_indent=first, subsequent_indent=later,
                          break_long_words=False, break_on_hyphens=False) or [first.rstrip()]
    return [(pad + line).rstrip() for line in lines]


def _day(started: date, days: int) -> str:
    when = started + timedelta(days=days)
    return f"{when.strftime('%a')} {when.isoformat()}"


def scale_for(request: PlanRequest) -> float | None:
    """The factor that pulls the playbook's dates before the renewal, or None when they
    all fall before it as written. Every action due and the indicator check must come
    strictly before the renewal date (day R): when the latest one is day R or later, all
    are scaled by (R - 1) / latest, so their order and spacing are kept."""
    pb = request.playbook
    days = [a.due.offset for a in pb.actions if a.due is not None and a.due.offset is not None]
    if pb.leading_indicator is not None and pb.leading_indicator.check.offset is not None:
        days.append(pb.leading_indicator.check.offset)
    latest = max(days, default=0)
    if latest < request.days:
        return None
    return (request.days - 1) / latest


def _scaled(ref: DateRef, factor: float | None, before: int) -> tuple[str, int]:
    """The due text to write and its day: as written where it fits, else pulled in
    (scaled, and never on or after day `before`, the renewal)."""
    offset = ref.offset or 0
    if factor is None and offset < before:
        return ref.text, offset
    day = max(1, min(before - 1, math.floor(offset * (factor if factor is not None else 1))))
    return f"day {day}", day


def _milestone_factor(request: PlanRequest) -> float | None:
    latest = max((m.due.offset or 0 for m in request.playbook.milestones), default=0)
    return None if latest < request.days else (request.days - 1) / latest


def _owner(role: str, request: PlanRequest, customer: dict[str, str]) -> tuple[str, str | None]:
    """The owner to write for a playbook role, and a comment saying how it was chosen."""
    config = request.config
    if role == "csm":
        return request.owner, None
    if role in OWNER_ROLES:
        people = config.people
        mine = people.get(request.owner)
        if mine is not None and mine.role == role:
            return request.owner, None
        pick = next((pid for pid, person in people.items() if person.role == role), None)
        if pick is not None:
            return pick, f"the playbook's {role}: the first {role} in saveplan.yaml"
        if people:
            return request.owner, f"the playbook's {role}: no {role} in saveplan.yaml yet, so you for now"
        return request.owner, f"the playbook's {role}: put your {role} here (saveplan.yaml has no roster)"
    return customer[role], None


def customer_names(playbook: Playbook) -> dict[str, str]:
    """A placeholder name (saveplan.placeholders) for each customer role the playbook maps
    or gives an action to."""
    from saveplan.placeholders import placeholder

    roles: list[str] = [s.role for s in playbook.stakeholders]
    roles += [a.owner for a in playbook.actions if a.owner in CUSTOMER_LABELS and a.owner not in roles]
    return {role: placeholder(f"{CUSTOMER_LABELS[role]} (name to confirm)") for role in dict.fromkeys(roles)}


def _scalar(value: object) -> str:
    """`yaml_scalar`, except that a placeholder is written plain (`<<Champion (name to
    confirm)>>`, no quotes) where it reads back as itself: easier to find and replace."""
    from saveplan.placeholders import FORM

    if isinstance(value, str) and FORM.fullmatch(value):
        try:
            if parse(f"k: {value}\n").data.get("k") == value:
                return value
        except LoadError:
            pass
    return yaml_scalar(value)


def _kv(key: str, value: object, indent: int, note: str | None = None, dash: bool = False) -> str:
    lead = " " * indent + ("- " if dash else "")
    line = f"{lead}{key}: {_scalar(value)}"
    if note:
        line += f"  # {clean_text(note)}"
    return line


def _action_lines(i: int, action: PlaybookAction, request: PlanRequest, factor: float | None,
                  customer: dict[str, str]) -> list[str]:
    owner, why_owner = _owner((action.owner or "csm").strip(), request, customer)
    assert action.due is not None  # a playbook in the library passed its check
    due_text, day = _scaled(action.due, factor, request.days)
    note = _day(request.started, day)
    if due_text != action.due.text:
        note += f"; {action.due.text} in the playbook, pulled in before the renewal"
    lines = [_kv("do", clean_text(action.do), 2, dash=True),
             _kv("owner", owner, 4, why_owner),
             _kv("due", due_text, 4, note)]
    if action.why:
        lines += _comment(action.why, 4, "why: ", "     ")
    return lines


def render_plan(request: PlanRequest) -> str:
    """The text of the draft plan: data the rules accept, guidance as comments."""
    pb = request.playbook
    factor = scale_for(request)
    customer = customer_names(pb)
    window = request.config.window(request.days)
    slug = request.slug or "PLAN"
    out: list[str] = []
    add = out.append

    add("# yaml-language-server: $schema=../saveplan.schema.json")  # editors: `saveplan init` writes it
    out += _comment(f"Save plan: {request.name} (a draft written by saveplan new)")
    out += _comment(f"Playbook: {pb.id} ({pb.title})")
    out += _comment("The comments are the playbook's guidance: read them, make the plan this account's "
                    "own, and delete them as you go. Check it with `saveplan check`.")
    add("#")
    out += _comment(pb.scenario, first="Scenario: ", later="  ")
    add("#")
    out += _comment(f"The renewal is {request.days} days after the start, a {window} window: "
                    f"{WINDOW_GLOSS[window]}.")
    if factor is not None:
        out += _comment("The playbook's dates run past the renewal, so they were pulled in to fit "
                        "before it (each one says so below).")
    add("version: 1")
    add("account:")
    add(_kv("name", request.name, 2))
    add(_kv("arr", request.arr, 2))
    add(_kv("renewal_date", request.renewal, 2))
    add("  # strategic: [logo, reference, case_study, growth]   # any that apply raise the value tier")
    add(_kv("owner", request.owner, 0))
    add(_kv("status", "draft", 0, "set active once the root cause is confirmed"))
    add(_kv("started", request.started, 0, "day 0: 'day N' below counts from here"))
    add(_kv("playbook", pb.id, 0))
    add("")

    add("# Diagnose first: confirm the root cause before acting. Investigate:")
    for step in pb.investigate:
        out += _comment(step, first="  - ", later="    ")
    add("risk:")
    if request.signals:
        add("  signals:")
        for signal in request.signals:
            add(_kv("type", signal, 4, dash=True))
            add("      # note: what you saw, with numbers")
    else:
        out += _comment("The signals you saw (" + ", ".join(pb.trigger.signals) + " trigger this "
                        "playbook), e.g.:", 2)
        add("  # signals:")
        add(f"  #   - type: {pb.trigger.signals[0]}")
        add("  #     note: what you saw, with numbers")
    add("  root_cause:")
    add(_kv("category", pb.root_cause, 4, "the playbook's usual root cause: confirm it"))
    add("    # summary: the root cause in one sentence, once confirmed")
    add("    # evidence: [usage, stakeholders, support]")
    add("  # probability: medium   # high | medium | low; triage derives it when absent")
    add("")

    add("# Never rely on one contact: speak to each person in their own KPI.")
    add("# Replace each <<placeholder>> here and in the actions the person owns (search for <<):")
    add("# an active plan must hold none (SP233).")
    add("stakeholders:")
    kpis = {s.role: s.kpi for s in pb.stakeholders}
    for role, name in customer.items():
        add(_kv("role", role, 2, dash=True))
        add(_kv("name", name, 4))
        if role in kpis:
            add(_kv("kpi", clean_text(kpis[role]), 4))
    add("")

    add("# Who is involved on our side:")
    for person in pb.involved:
        out += _comment(person.does, first=f"  - {person.role}: ", later="    ")
    add("")
    add("# 3 to 5 actions, each with an owner and a date; 'day N' counts from `started`.")
    add(f"# When one is done: saveplan done {slug} N")
    add("actions:")
    for i, action in enumerate(pb.actions):
        out += _action_lines(i, action, request, factor, customer)
    add("")

    add("# Milestones:")
    milestone_factor = _milestone_factor(request)
    for milestone in pb.milestones:
        text, day = _scaled(milestone.due, milestone_factor, request.days)
        out += _comment(milestone.what, first=f"  {text} ({_day(request.started, day)}): ", later="    ")
    add("")

    ind = pb.leading_indicator
    assert ind is not None  # a playbook in the library passed its check
    check_text, check_day = _scaled(ind.check, factor, request.days)
    note = _day(request.started, check_day)
    if check_text != ind.check.text:
        note += f"; {ind.check.text} in the playbook, pulled in before the renewal"
    add("# One leading indicator, read mid-plan, not at the renewal call.")
    add(f"# Record the reading with: saveplan record {slug} VALUE")
    add("leading_indicator:")
    add(_kv("metric", clean_text(ind.metric), 2))
    add(_kv("target", ind.target, 2))
    add(_kv("direction", ind.direction, 2))
    add(_kv("check", check_text, 2, note))
    if ind.alternatives:
        add("  # Alternatives you may use instead:")
        for alt in ind.alternatives:
            out += _comment(f"{alt.metric}: {alt.direction.replace('_', ' ')} {yaml_scalar(alt.target)}, "
                            f"checked {_scaled(alt.check, factor, request.days)[0]}", 2, "  - ", "    ")
    add("")

    add("# Decided before the renewal call, first move first; a discount is never the first move.")
    add("commercial_path:")
    for move in pb.commercial_path:
        add(_kv("when", clean_text(move.when), 2, dash=True))
        add(_kv("kind", move.kind, 4))
        add(_kv("offer", clean_text(move.offer), 4))
    add("")

    add("# What a successful save looks like:")
    for item in pb.success:
        out += _comment(item, first="  - ", later="    ")
    add("# After the save (then weekly health checks for 6 to 12 months):")
    for key in ("day_30", "day_60", "day_90"):
        out += _comment(getattr(pb.follow_up, key), first=f"  {key.replace('_', ' ')}: ", later="    ")
    add("")
    add(f"# When it ends: saveplan close {slug} saved|churned|exited (writes status and outcome).")
    add("# Within 14 days, write what the team learned under the outcome (SP502):")
    add("#   debrief:")
    add("#     worked: what worked, and which action or move did it")
    add("#     missed: the signals that were missed, and for how long")
    add("#     change: what the team will do differently next time")
    return "\n".join(out) + "\n"


def verify_plan(text: str, request: PlanRequest, *days: date) -> tuple[list[list[Finding]], list[str]]:
    """Read the plan text back (once) through the real loader, model and rules, as `saveplan
    check` would on each of `days`. Returns the findings for each day (placed, path left
    empty) and the differences between what was meant and what reads back (a non-empty
    list is a bug)."""
    from saveplan.checker import check_document

    try:
        doc = parse(text)
    except LoadError as exc:
        unreadable = [Finding("SP100", exc.message, (), "", exc.line, exc.column)]
        return [unreadable for _ in days], ["the text is not YAML"]
    per_day = [check_document(doc, request.config, day) for day in days]
    placed = [place(findings, "", doc) for _, findings in per_day]
    plan = per_day[0][0]
    if plan is None:
        return placed, ["the text does not read as a plan"]
    return placed, _differences(plan, request)


def _differences(plan: Plan, request: PlanRequest) -> list[str]:
    pb = request.playbook
    meant: list[tuple[str, object, object]] = [
        ("account.name", plan.account.name, request.name),
        ("account.arr", plan.account.arr, request.arr),
        ("account.renewal_date", plan.account.renewal_date, request.renewal),
        ("owner", plan.owner, request.owner),
        ("started", plan.started, request.started),
        ("status", plan.status, "draft"),
        ("playbook", plan.playbook, pb.id),
        ("risk.signals", [s.type for s in plan.signals], list(request.signals)),
        ("actions", [a.do for a in plan.actions], [clean_text(a.do) for a in pb.actions]),
        ("commercial_path", [(m.kind, m.offer) for m in plan.commercial_path],
         [(m.kind, clean_text(m.offer)) for m in pb.commercial_path]),
        ("stakeholders", [s.name for s in plan.stakeholders], list(customer_names(pb).values())),
    ]
    return [f"{what}: reads back as {got!r}, meant {want!r}" for what, got, want in meant if got != want]


def describe(finding: Finding) -> str:
    where = f"line {finding.line}" if finding.line else format_loc(finding.loc)
    return f"{finding.code} ({where}) {finding.message}"

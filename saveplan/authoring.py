"""Writing a draft save plan from a playbook (`saveplan new`, `saveplan import`).

`render_plan(request)` gives the text of a draft plan, every value written with
`loader.yaml_scalar`, the playbook's guidance carried as comments and every value the CSM
must confirm as a `<<placeholder>>`; `verify_plan(text, request, *days)` reads it back
through the real loader, the model and the rules, and says what is wrong, if anything;
`write_draft` writes it (verified before, read back after, never left invalid)."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from saveplan.dates import DateRef
from saveplan.findings import Finding, format_loc
from saveplan.loader import LoadError, parse, yaml_scalar
from saveplan.models import Plan, WorkspaceConfig
from saveplan.models.playbook import OWNER_ROLES, Playbook, PlaybookAction
from saveplan.workspace import place

if TYPE_CHECKING:
    from saveplan.library import LoadedPlaybook

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


# -- writing it ----------------------------------------------------------------------------

def write_draft(request: PlanRequest, target: Path, *, force: bool, today: date,
                source: LoadedPlaybook) -> list[Finding]:
    """Render, verify before writing, write atomically, read back; never leave an invalid
    plan. Returns what `saveplan check` says of the plan as of `today` (news for the CSM,
    not a reason to refuse). A plan that fails its own check is a bug (RuntimeError)."""
    import contextlib

    from saveplan.edit import locked
    from saveplan.errors import WorkspaceError
    from saveplan.fileio import atomic_write, real_target
    from saveplan.workspace import display_path, find_root

    text = render_plan(request)
    # The plan must be sound as written (checked on its day 0, when no date has passed);
    # what the dated rules say about today is news for the CSM, not a reason to refuse.
    (at_start, findings), differences = verify_plan(text, request, request.started, today)
    broken = [f for f in at_start if f.is_error]
    if broken or differences:
        detail = "; ".join([describe(f) for f in broken] + differences)
        raise RuntimeError(f"the plan made from the playbook {source.id} ({source.location}) does not "
                           f"pass its own check: {detail}. Nothing was written")
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
            raise WorkspaceError(f"cannot write {display_path(target)}: {exc.strerror or exc}") from None
        _read_back(target, text, request, request.started, before, inside)
    return findings


def _read_back(target: Path, text: str, request: PlanRequest, today: date, before: bytes | None,
               inside: Path) -> None:
    """The file as written, through the real loader and rules; undone if it fails (a bug)."""
    from saveplan.checker import check_document
    from saveplan.fileio import atomic_write
    from saveplan.loader import read_document

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

"""The rules of a playbook file (PBxxx, docs/playbook-format.md): what makes a playbook
a scenario a team can trust. `check_playbook_document(doc)` gives the findings of one
playbook file, not yet placed (`saveplan check` places them; it calls this for files in a
`playbooks/` folder). The actions limit is the plan rule's own (SP201),
and SP221/SP222 run the plan rules' own functions (rules/commercial.py)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from saveplan import words
from saveplan.dates import DateRef
from saveplan.findings import Finding
from saveplan.loader import Document
from saveplan.models.playbook import OWNER_ROLES, Playbook
from saveplan.rules.actions import MAX_ACTIONS, MIN_ACTIONS
from saveplan.rules.commercial import discount_first, price_cuts
from saveplan.validation import validate

# -- the rules of a playbook file --------------------------------------------------------

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
        yield Finding("SP201", f"the playbook has {words.count(n, 'action')}; a save plan needs "
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
    yield from discount_first(path)
    yield from price_cuts(path, pb.root_cause, "commercial_path", "commercial move")


def _list_rules(pb: Playbook) -> Iterator[Finding]:
    for key, (low, high) in LIST_LIMITS.items():
        items = getattr(pb, key)
        if key == "commercial_path" and not items:
            continue  # SP220 says it
        if not low <= len(items) <= high:
            yield Finding("PB101", f"{key} has {words.count(len(items), 'item')}; give {low} to {high}",
                          (key,))
    roles = [s.role for s in pb.stakeholders]
    missing = []
    if len(set(roles)) < 2:
        missing.append(f"only {words.count(len(set(roles)), 'stakeholder role')} mapped")
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



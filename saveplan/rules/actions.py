"""Actions: SP201, SP202, SP203, SP205 (owners and approvers on the roster), SP301."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping

from saveplan import words
from saveplan.findings import Finding
from saveplan.models import Plan
from saveplan.models.plan import action_label
from saveplan.models.workspace import Person
from saveplan.rules.registry import Context, rule

MIN_ACTIONS, MAX_ACTIONS = 3, 5


@rule("SP201")
def three_to_five_actions(plan: Plan, ctx: Context) -> Iterator[Finding]:
    n = len(plan.actions)
    if n < MIN_ACTIONS:
        yield Finding("SP201", f"the plan has {words.count(n, 'action')}; a save plan "
                      f"needs {MIN_ACTIONS} to {MAX_ACTIONS}, each with an owner and a date",
                      ("actions",))
    elif n > MAX_ACTIONS:
        yield Finding("SP201", f"the plan has {n} actions; keep {MIN_ACTIONS} to {MAX_ACTIONS} "
                      "so that each one gets done", ("actions",))


@rule("SP202")
def owner_and_date(plan: Plan, ctx: Context) -> Iterator[Finding]:
    for i, action in enumerate(plan.actions):
        if not (action.owner or "").strip():
            yield Finding("SP202", f"{action_label(i, action)} has no owner: name who does it",
                          ("actions", i, "owner"))
        if action.due is None:
            yield Finding("SP202", f"{action_label(i, action)} has no due date: add `due:` "
                          "(an ISO date, 'day N' or 'week N')", ("actions", i, "due"))


@rule("SP203")
def due_before_renewal(plan: Plan, ctx: Context) -> Iterator[Finding]:
    renewal = plan.account.renewal_date
    for i, action in enumerate(plan.actions):
        if action.due is None:
            continue
        if plan.resolve(action.due) > renewal:
            yield Finding("SP203", f"{action_label(i, action)} is due "
                          f"{action.due.describe(plan.started)}, after "
                          f"the renewal date {renewal}: move it before the renewal call",
                          ("actions", i, "due"))


def close_match(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate `word` was probably meant to be: the same but for case, or the one
    close enough by spelling (difflib, 0.75); None when nothing is close."""
    known = list(dict.fromkeys(c for c in candidates if c))
    folded = {c.casefold(): c for c in known}
    if word.casefold() in folded:
        return folded[word.casefold()]
    close = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.75)
    return folded[close[0]] if close else None


def roster_guess(who: str, people: Mapping[str, Person]) -> str | None:
    """The roster id `who` probably means: an id but for case or spelling (`Maria`,
    `mariia`), or a person's name or first name (`Maria Lopez`, `maria l`)."""
    guess = close_match(who, people)
    if guess is not None:
        return guess
    names: dict[str, str] = {}
    for pid, person in people.items():
        parts = (person.name or "").split()
        if parts:
            names.setdefault(" ".join(parts), pid)
            names.setdefault(parts[0], pid)
    by_name = close_match(who, names)
    return names[by_name] if by_name is not None else None


def _did_you_mean(guess: str | None) -> str:
    return f": did you mean '{guess}'?" if guess else ""


@rule("SP205")
def people_on_roster(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """Owners and approvers are roster ids (or, for an action, a stakeholder's name); a
    near-miss says which one was probably meant."""
    people = ctx.config.people
    if not people:
        return
    if plan.owner not in people:
        yield Finding("SP205", f"the plan owner '{plan.owner}' is not a roster id in saveplan.yaml"
                      + _did_you_mean(roster_guess(plan.owner, people)), ("owner",))
    names = [s.name for s in plan.stakeholders]
    for i, action in enumerate(plan.actions):
        owner = (action.owner or "").strip()
        if owner and owner not in people and owner not in names:
            guess = close_match(owner, names) or roster_guess(owner, people)
            yield Finding("SP205", f"{action_label(i, action)} is owned by '{owner}', who is neither "
                          "a roster id nor a stakeholder's name" + _did_you_mean(guess),
                          ("actions", i, "owner"))
    for i, concession in enumerate(plan.concessions):
        if concession.approved_by and concession.approved_by not in people:
            guess = roster_guess(concession.approved_by, people)
            yield Finding("SP205", f"concession {i + 1} is approved by '{concession.approved_by}', "
                          "who is not a roster id in saveplan.yaml" + _did_you_mean(guess),
                          ("concessions", i, "approved_by"))


@rule("SP301", dated=True)
def overdue_actions(plan: Plan, ctx: Context) -> Iterator[Finding]:
    for i, action in enumerate(plan.actions):
        if action.due is None or action.done is not None:
            continue
        due = plan.resolve(action.due)
        if due < ctx.today:
            days = (ctx.today - due).days
            yield Finding("SP301", f"{action_label(i, action)} was due {due} ({words.days(days)} "
                          "ago) and is not done: do it, or mark it with `saveplan done`", ("actions", i))

"""The edits of the editing commands, checked before they are made: a reading (`record`),
an action done (`done`), an outcome (`close`), a touch (`touch`), and the plan as an edit
left it, for what the command says next. The careful editing itself is saveplan/edit.py;
this module decides what to ask of it and refuses what the method does not allow."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from saveplan.errors import UsageError
from saveplan.words import bound, series

if TYPE_CHECKING:
    from saveplan.analysis.lifecycle import Lifecycle
    from saveplan.edit import Edit
    from saveplan.models import Plan, WorkspaceConfig
    from saveplan.status import PlanStatus

MakeEdit = Callable[[str], "Edit"]

# which results a touch kind may carry (the contract: result for win_back and next_renewal only)
RESULTS: dict[str, tuple[str, ...]] = {
    "win_back": ("won_back", "churned"),
    "next_renewal": ("renewed", "churned"),
}
LOST = ("churned", "exited")


def reading(slug: str, when: date, value: float) -> MakeEdit:
    """Add a reading of the leading indicator; refused on a closed plan."""
    from saveplan.edit import add_reading, require_open

    def make(text: str) -> Edit:
        require_open(text, when, doing="indicator readings",
                     instead=f"record a follow-up with `saveplan touch {slug} KIND` (check_in, "
                             "review, business_review, health_check); `saveplan status "
                             f"{slug}` shows what is due")
        return add_reading(text, when, value)

    return make


def action_done(slug: str, action: str, when: date, *, replace: bool) -> MakeEdit:
    """Mark an action done (`replace`: a date given on purpose replaces the one there)."""
    from saveplan.edit import mark_done, require_open

    def make(text: str) -> Edit:
        require_open(text, when, doing="action updates",
                     instead=f"the save attempt is over: record a contact with `saveplan touch "
                             f"{slug} KIND`; to reopen the plan, set status: active by hand")
        return mark_done(text, action, when, replace=replace)

    return make


def amount(text: str | None, option: str) -> int | float | None:
    """A number >= 0 given on the command line (`84000`, `26.5`)."""
    if text is None:
        return None
    try:
        value = float(text.strip().replace("_", ""))
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a number", hint=f"e.g. {option} 84000") from None
    if not math.isfinite(value) or value < 0:
        raise UsageError(f"{option} {text!r} must be a number of {bound('at_least', 0)}")
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def outcome_values(outcome: str, when: date, *, arr: str | None = None, reason: str | None = None,
                   category: str | None = None, hours: str | None = None) -> dict[str, Any]:
    """The `outcome` mapping `close` writes. A loss needs a reason and keeps no ARR."""
    kept = amount(arr, "--arr")
    spent = amount(hours, "--hours")
    why = reason.strip() if reason is not None else None
    if outcome in LOST:
        if not why:
            raise UsageError(f"closing as {outcome} needs --reason: why they left",
                             hint='e.g. --reason "Chose a cheaper tool after the budget cut"')
        if kept not in (None, 0):
            raise UsageError(f"--arr {arr}: a {outcome} account keeps no ARR",
                             hint="a renewal at a lower ARR is a save: close it as saved --arr N")
        kept = 0
    values: dict[str, Any] = {"on": when}
    for key, value in (("arr", kept), ("reason", why or None), ("category", category),
                       ("hours", spent)):
        if value is not None:
            values[key] = value
    return values


def close(outcome: str, values: dict[str, Any]) -> MakeEdit:
    from saveplan.edit import close_plan

    return lambda text: close_plan(text, outcome, values)


def check_result(kind: str, result: str | None) -> None:
    """`--result` only where the kind carries one, and one of its results."""
    allowed = RESULTS.get(kind)
    if result is not None and allowed is None:
        raise UsageError(f"--result is for win_back and next_renewal touches, not {kind}",
                         hint="leave --result out, or say what happened with --note")
    if result is not None and allowed is not None and result not in allowed:
        raise UsageError(f"--result {result}: a {kind} touch's result is {series(allowed, 'or')}")


def touch_values(kind: str, when: date, *, note: str | None = None,
                 result: str | None = None) -> dict[str, Any]:
    """The `touches` item `touch` appends."""
    values: dict[str, Any] = {"on": when, "kind": kind}
    if note is not None and note.strip():
        values["note"] = note.strip()
    if result is not None:
        values["result"] = result
    return values


def touch(kind: str, values: dict[str, Any]) -> MakeEdit:
    """Append a touch; a next_renewal touch is for a saved account only."""
    from saveplan.edit import add_touch
    from saveplan.loader import parse

    def make(text: str) -> Edit:
        data = parse(text).data
        if kind == "next_renewal" and data.get("status") in LOST:
            raise UsageError(f"a next_renewal touch records how a saved account renewed; this plan "
                             f"is {data.get('status')}", hint="a lost account gets win_back touches")
        return add_touch(text, values)

    return make


def ready_to_send(shown: str, placeholders: list[str]) -> None:
    """A customer's update is refused while it would show a placeholder (`placeholders`:
    where, in words)."""
    if placeholders:
        raise UsageError(f"{shown} is not ready to send to the customer: {'; '.join(placeholders)}",
                         hint="put the real names and words in the plan, or preview it with "
                              "--for team")


def update_sent(plan: Plan, shown: str, when: date, audience: str) -> MakeEdit:
    """Record a weekly update as sent; refused on a closed plan."""
    from saveplan.edit import add_update
    from saveplan.errors import EditRefused

    if plan.is_closed:
        raise EditRefused(f"{shown} is closed ({plan.status}): weekly updates are "
                          "for open plans", hint="record a follow-up with `saveplan touch`")
    return lambda text: add_update(text, when, audience)


# -- the plan as the edit left it ---------------------------------------------------------

def plan_in(edit: Edit) -> Plan | None:
    """The plan in the text just written (None if it does not load; the edit checked it did)."""
    from saveplan.documents import Loaded, load_text
    from saveplan.models import Plan

    loaded = load_text(edit.text, Plan, "")
    return loaded.model if isinstance(loaded, Loaded) else None


def status_after(edit: Edit, config: WorkspaceConfig, today: date, path: Path) -> PlanStatus | None:
    """The plan's status after the edit."""
    from saveplan.status import plan_status
    from saveplan.workspace import display_path

    plan = plan_in(edit)
    if plan is None:  # pragma: no cover - the edit made sure it loads
        return None
    return plan_status(plan, config, today, path=display_path(path), slug=path.stem)


@dataclass(frozen=True)
class After:
    """A closed plan as the edit left it, and its lifecycle."""

    plan: Plan
    life: Lifecycle


def lifecycle_after(edit: Edit, config: WorkspaceConfig, today: date) -> After | None:
    from saveplan.analysis.lifecycle import lifecycle

    plan = plan_in(edit)
    return None if plan is None else After(plan, lifecycle(plan, config, today))

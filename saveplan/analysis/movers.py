"""Movers: the plans whose light, indicator or status changed between two snapshots of
the workspace (the board's `--since`). Pure: a snapshot is a mapping from a plan's path
to what the board compares; where the snapshots come from (git history, files) is not
this module's business, and `today` of each snapshot is decided by its caller.

A closed plan has no light or indicator state worth comparing (the board does not judge
it), so its row carries only its status: a plan that went from active to saved moves by
its status, not by a light that stopped meaning anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from saveplan.models import Plan, WorkspaceConfig
from saveplan.status import LIGHT_RANK, STATE_WORDS, PlanStatus, plan_status

MoverKind = Literal["changed", "added", "removed"]
Field = Literal["status", "light", "indicator"]
FIELDS: tuple[Field, ...] = ("status", "light", "indicator")


@dataclass(frozen=True)
class Row:
    """What the board compares of one plan at one moment."""

    account: str
    status: str
    light: str | None  # None once the plan is closed
    indicator: str | None  # None once the plan is closed


@dataclass(frozen=True)
class Change:
    field: Field
    before: str | None
    after: str | None

    @property
    def words(self) -> str:
        """`light yellow → red`, `indicator pending → on track`."""
        return f"{self.field} {_word(self.field, self.before)} → {_word(self.field, self.after)}"


@dataclass(frozen=True)
class Mover:
    path: str
    account: str
    kind: MoverKind
    changes: tuple[Change, ...]
    before: Row | None
    after: Row | None

    @property
    def worse(self) -> bool:
        """The light went towards red (or a new plan arrived red)."""
        was = self.before.light if self.before else None
        now = self.after.light if self.after else None
        if now is None:
            return False
        return (was is None and now == "red") or (was is not None and LIGHT_RANK[now] < LIGHT_RANK[was])

    @property
    def better(self) -> bool:
        was = self.before.light if self.before else None
        now = self.after.light if self.after else None
        return was is not None and now is not None and LIGHT_RANK[now] > LIGHT_RANK[was]


def _word(field: Field, value: str | None) -> str:
    if value is None:
        return "closed" if field != "status" else "none"
    return STATE_WORDS.get(value, value) if field == "indicator" else value


def snapshot_row(plan: Plan, config: WorkspaceConfig, today: date) -> Row:
    """The row of one plan as it stood on `today` (light and indicator as `status` says)."""
    return row_of(plan, None if plan.is_closed else plan_status(plan, config, today))


def row_of(plan: Plan, status: PlanStatus | None) -> Row:
    """The row of a plan from its status that day (None: a closed plan, which has no light
    or indicator to compare)."""
    if plan.is_closed or status is None:
        return Row(plan.account.name, plan.status, None, None)
    return Row(plan.account.name, plan.status, status.light, status.indicator)


def snapshot(plans: Mapping[str, Plan], config: WorkspaceConfig, today: date) -> dict[str, Row]:
    return {path: snapshot_row(plan, config, today) for path, plan in plans.items()}


def movers(before: Mapping[str, Row], after: Mapping[str, Row]) -> list[Mover]:
    """Every plan that changed, appeared or went away, by path: plans that turned worse
    first, then the others that changed, then new plans, then removed ones (each group by
    account name)."""
    found: list[Mover] = []
    for path in sorted(set(before) | set(after)):
        was, now = before.get(path), after.get(path)
        if was is None and now is not None:
            found.append(Mover(path, now.account, "added", (), None, now))
        elif now is None and was is not None:
            found.append(Mover(path, was.account, "removed", (), was, None))
        elif was is not None and now is not None:
            changes = tuple(Change(f, getattr(was, f), getattr(now, f)) for f in FIELDS
                            if getattr(was, f) != getattr(now, f))
            if changes:
                found.append(Mover(path, now.account, "changed", changes, was, now))
    group = {"changed": 1, "added": 2, "removed": 3}
    return sorted(found, key=lambda m: (0 if m.kind == "changed" and m.worse else group[m.kind],
                                        m.account.casefold(), m.path))

"""The commercial path: SP220, SP221, SP222."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from saveplan.findings import Finding
from saveplan.models import Plan
from saveplan.rules.registry import Context, rule


@rule("SP220")
def commercial_path_decided(plan: Plan, ctx: Context) -> Iterator[Finding]:
    if not plan.commercial_path:
        yield Finding("SP220", "no commercial_path: decide the moves before the renewal call "
                      "(training, a plan swap, an extension or a scope reduction before any "
                      "discount)", ("commercial_path",))


class Move(Protocol):
    """A commercial move or a concession, of a plan or a playbook: what SP221/SP222 read."""

    @property
    def kind(self) -> str: ...


def discount_first(path: Sequence[Move]) -> Iterator[Finding]:
    """SP221, for a plan's commercial path and a playbook's alike."""
    if path and path[0].kind == "discount":
        yield Finding("SP221", "a discount is the first commercial move: lead with training, a "
                      "plan swap, an extension or a scope reduction", ("commercial_path", 0))


def price_cuts(moves: Sequence[Move], category: str | None, key: str, label: str) -> Iterator[Finding]:
    """SP222, for a plan and a playbook alike: each discount among `moves` (at `key`) while
    the root cause (`category`, None when not diagnosed) is not circumstantial."""
    if category == "circumstantial":
        return
    why = (f"the root cause is {category}, not price-related" if category
           else "no root cause is diagnosed yet")
    for i, move in enumerate(moves):
        if move.kind == "discount":
            yield Finding("SP222", f"{label} {i + 1} is a discount while {why}: a price cut "
                          "will not fix it", (key, i))


@rule("SP221")
def discount_not_first(plan: Plan, ctx: Context) -> Iterator[Finding]:
    yield from discount_first(plan.commercial_path)


@rule("SP222")
def discount_only_for_price(plan: Plan, ctx: Context) -> Iterator[Finding]:
    category = plan.root_cause.category if plan.root_cause is not None else None
    yield from price_cuts(plan.commercial_path, category, "commercial_path", "commercial move")
    yield from price_cuts(plan.concessions, category, "concessions", "concession")

"""The method rules of `saveplan check`, registered by code.

A rule is a small pure function `(plan, context) -> findings`; it never reads files or
the clock (`context.today` is given). Register one with `@rule("SP2xx")`; rules marked
`dated=True` (SP3xx) apply to open plans only (draft, active), rules marked `closed=True`
(SP5xx, the lifecycle after the outcome) to closed plans only (saved, churned, exited).
One module per family: structure, actions, indicator, commercial, concessions, dates,
updates, lifecycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from saveplan.findings import CODES, Finding
from saveplan.models import Plan, WorkspaceConfig


@dataclass(frozen=True, slots=True)
class Context:
    today: date
    config: WorkspaceConfig


RuleFunc = Callable[[Plan, Context], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    codes: tuple[str, ...]
    func: RuleFunc
    dated: bool
    closed: bool = False


REGISTRY: list[Rule] = []


def rule(*codes: str, dated: bool = False, closed: bool = False) -> Callable[[RuleFunc], RuleFunc]:
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise ValueError(f"unknown codes {unknown}: add them to findings.CODES first")

    def register(func: RuleFunc) -> RuleFunc:
        REGISTRY.append(Rule(codes, func, dated, closed))
        return func

    return register


def run_rules(plan: Plan, context: Context) -> list[Finding]:
    found: list[Finding] = []
    for r in REGISTRY:
        if (r.dated and plan.is_closed) or (r.closed and not plan.is_closed):
            continue
        found.extend(r.func(plan, context))
    return found


# the families register themselves on import
from saveplan.rules import (  # noqa: E402
    actions,
    commercial,
    concessions,
    dates,
    indicator,
    lifecycle,
    structure,
    updates,
)

__all__ = ["REGISTRY", "Context", "Rule", "actions", "commercial", "concessions", "dates",
           "indicator", "lifecycle", "rule", "run_rules", "structure", "updates"]

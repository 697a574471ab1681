"""The rule registry: `@rule(...)` registers a family's function by code, `run_rules` runs
them on one plan. Families import this module, and `saveplan.rules` imports the families,
so the package and its families do not import each other."""

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

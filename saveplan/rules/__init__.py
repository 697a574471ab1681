"""The method rules of `saveplan check`, registered by code.

A rule is a small pure function `(plan, context) -> findings`; it never reads files or
the clock (`context.today` is given). Register one with `@rule("SP2xx")`; rules marked
`dated=True` (SP3xx) apply to open plans only (draft, active), rules marked `closed=True`
(SP5xx, the lifecycle after the outcome) to closed plans only (saved, churned, exited).
One module per family: structure, actions, indicator, commercial, concessions, dates,
updates, lifecycle.
"""

from __future__ import annotations

# the families register themselves on import
from saveplan.rules import (
    actions,
    commercial,
    concessions,
    dates,
    indicator,
    lifecycle,
    structure,
    updates,
)
from saveplan.rules.registry import REGISTRY, Context, Rule, rule, run_rules

__all__ = ["REGISTRY", "Context", "Rule", "actions", "commercial", "concessions", "dates",
           "indicator", "lifecycle", "rule", "run_rules", "structure", "updates"]

"""Program metrics: is the save program working? (docs/metrics.md, docs/method.md "Is the
program working?"). Pure: plans in, figures out; no files, no clock.

Every figure is defined once, in FIGURES' order, exactly as the contract words it:

- plans: plans in the period; attempts: plans ever worked (active, saved, churned: not
  draft, not exited); attempt_rate = attempts / plans.
- saved, churned, exited, open (draft or active): plans per status.
- save_rate = saved / (saved + churned): null while nothing is decided.
- arr_at_risk: account ARR of the attempts.
- arr_saved: outcome.arr of saved plans; arr_saved_full: the same over saved plans that kept
  at least their ARR (a contraction is not a full save).
- arr_lost: account ARR of churned plans, plus what saved plans lost (account.arr -
  outcome.arr where positive).
- time_to_save_days: median days from `started` to outcome.on over saved plans.
- response_days: median days from risk.flagged to `started`, where flagged is known.
- concession_cost: year-one value of the discounts on saved plans: percent x the ARR the
  discount applies to (the ARR kept, outcome.arr, else the account's ARR).
- save_cost: outcome.hours x hourly_cost over every plan of the period, saved or not.
- save_roi = (arr_saved - concession_cost) / save_cost: null without hours.
- post_save_retention: saved plans whose next_renewal touch is `renewed` / saved plans with
  a next_renewal touch.
- win_backs: churned or exited plans with a `won_back` touch.
- reasons: outcome category (default: the root cause's) -> churned and exited plans.

A null comes with its reason in `why_null`, for the text view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from statistics import median
from typing import Any

from saveplan import words
from saveplan.models import Plan, WorkspaceConfig

GROUPINGS = ("quarter", "owner", "playbook", "category", "value_tier")
FIGURES = ("plans", "attempts", "attempt_rate", "saved", "churned", "exited", "open", "save_rate",
           "arr_at_risk", "arr_saved", "arr_saved_full", "arr_lost", "time_to_save_days",
           "response_days", "concession_cost", "save_cost", "save_roi", "post_save_retention",
           "win_backs", "reasons")
ATTEMPTED = frozenset({"active", "saved", "churned"})
LOST = frozenset({"churned", "exited"})


def in_period(plan: Plan, since: date | None, until: date | None) -> bool:
    """Is the plan's `started` within [since, until] (either bound may be open)?"""
    return (since is None or plan.started >= since) and (until is None or plan.started <= until)


def _ratio(top: float, bottom: float) -> float | None:
    return round(top / bottom, 4) if bottom else None


def _number(value: float) -> int | float:
    """Whole numbers as ints (84000, not 84000.0), others rounded to cents."""
    return words.number(value, places=2)


def _median(values: list[int]) -> int | float | None:
    return _number(median(values)) if values else None


def outcome_category(plan: Plan) -> str | None:
    """Why the outcome happened: outcome.category, else the root cause's category."""
    if plan.outcome is not None and plan.outcome.category is not None:
        return plan.outcome.category
    return plan.root_cause.category if plan.root_cause is not None else None


def _kept(plan: Plan) -> float:
    return plan.outcome.arr if plan.outcome is not None and plan.outcome.arr is not None else 0.0


def _concession_cost(plan: Plan) -> float:
    base = plan.outcome.arr if plan.outcome is not None and plan.outcome.arr is not None else plan.account.arr
    return sum((c.percent or 0) / 100 * base for c in plan.concessions if c.kind == "discount")


def _results(plan: Plan, kind: str) -> list[str | None]:
    return [t.result for t in plan.touches if t.kind == kind]


def figures(plans: Sequence[Plan], config: WorkspaceConfig) -> dict[str, Any]:
    """The contract's figures over `plans`, and `why_null`: figure -> why it is null."""
    by_status: dict[str, list[Plan]] = {s: [] for s in ("draft", "active", "saved", "churned", "exited")}
    for p in plans:
        by_status[p.status].append(p)
    saved, churned, exited = by_status["saved"], by_status["churned"], by_status["exited"]
    attempts = [p for p in plans if p.status in ATTEMPTED]
    arr_saved = sum(_kept(p) for p in saved)
    concession_cost = sum(_concession_cost(p) for p in saved)
    hours = [p.outcome.hours for p in plans if p.outcome is not None and p.outcome.hours is not None]
    save_cost = sum(hours) * config.hourly_cost
    with_renewal = [p for p in saved if "next_renewal" in (t.kind for t in p.touches)]
    reasons: dict[str, int] = {}
    for p in churned + exited:
        key = outcome_category(p) or "unknown"
        reasons[key] = reasons.get(key, 0) + 1
    body: dict[str, Any] = {
        "plans": len(plans),
        "attempts": len(attempts),
        "attempt_rate": _ratio(len(attempts), len(plans)),
        "saved": len(saved),
        "churned": len(churned),
        "exited": len(exited),
        "open": len(by_status["draft"]) + len(by_status["active"]),
        "save_rate": _ratio(len(saved), len(saved) + len(churned)),
        "arr_at_risk": _number(sum(p.account.arr for p in attempts)),
        "arr_saved": _number(arr_saved),
        "arr_saved_full": _number(sum(_kept(p) for p in saved if _kept(p) >= p.account.arr)),
        "arr_lost": _number(sum(p.account.arr for p in churned)
                            + sum(max(0.0, p.account.arr - _kept(p)) for p in saved)),
        "time_to_save_days": _median([(p.outcome.on - p.started).days for p in saved
                                      if p.outcome is not None and p.outcome.on is not None]),
        "response_days": _median([(p.started - p.risk.flagged).days for p in plans
                                  if p.risk is not None and p.risk.flagged is not None]),
        "concession_cost": _number(concession_cost),
        "save_cost": _number(save_cost),
        "save_roi": (round((arr_saved - concession_cost) / save_cost, 2) if save_cost else None),
        "post_save_retention": _ratio(sum("renewed" in _results(p, "next_renewal") for p in with_renewal),
                                      len(with_renewal)),
        "win_backs": sum("won_back" in _results(p, "win_back") for p in churned + exited),
        "reasons": dict(sorted(reasons.items())),
    }
    why = {
        "attempt_rate": "no plan in the period",
        "save_rate": "no plan is decided yet (saved or churned)",
        "time_to_save_days": "no saved plan with an outcome date",
        "response_days": "no plan records risk.flagged",
        "save_roi": "no hours recorded (outcome.hours)",
        "post_save_retention": "no saved plan has a next_renewal touch yet",
    }
    body["why_null"] = {k: v for k, v in why.items() if body[k] is None}
    return body


def _quarter(plan: Plan) -> str:
    return f"{plan.started.year}-Q{(plan.started.month - 1) // 3 + 1}"


def group_key(by: str, config: WorkspaceConfig) -> Callable[[Plan], str]:
    """The function naming a plan's group for `--by`."""
    from saveplan.triage import value_tier

    keys: dict[str, Callable[[Plan], str]] = {
        "quarter": _quarter,
        "owner": lambda p: p.owner,
        "playbook": lambda p: p.playbook or "none",
        "category": lambda p: outcome_category(p) or "unknown",
        "value_tier": lambda p: value_tier(p, config)[0],
    }
    if by not in keys:
        raise ValueError(f"cannot group by {by!r}: use one of {', '.join(GROUPINGS)}")
    return keys[by]


def compute_metrics(plans: Sequence[Plan], config: WorkspaceConfig, *,
                    by: str | None = None) -> dict[str, Any]:
    """The figures over every plan given (filter with in_period first) and, with `by`, one
    object per group (the same keys plus `group`), groups in name order."""
    body = figures(plans, config)
    groups: list[dict[str, Any]] = []
    if by is not None:
        key = group_key(by, config)
        members: dict[str, list[Plan]] = {}
        for p in plans:
            members.setdefault(key(p), []).append(p)
        groups = [{"group": name, **figures(members[name], config)} for name in sorted(members)]
    body["groups"] = groups
    return body


def highlights(body: dict[str, Any]) -> list[str]:
    """What stands out, in plain words, against the method's benchmarks."""
    notes: list[str] = []
    rate = body["save_rate"]
    if rate is not None and rate > 0.7:
        notes.append(f"A save rate of {rate:.0%} is above 70%: effort may be going to accounts "
                     "that would have renewed anyway.")
    elif rate is not None and rate < 0.5:
        notes.append(f"A save rate of {rate:.0%} is below the 50-60% good teams reach.")
    response = body["response_days"]
    if response is not None and response > 2:
        notes.append(f"Plans start a median {_number(response)} days after the risk is flagged: "
                     "respond within 48 hours, save rates fall sharply after.")
    roi = body["save_roi"]
    if roi is not None and roi < 1:
        notes.append(f"Save ROI is {roi}: the saves cost more than the ARR they keep.")
    return notes

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
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import TYPE_CHECKING, Any

from saveplan import words
from saveplan.models import Plan, WorkspaceConfig

if TYPE_CHECKING:
    from saveplan.plans import PlanFile

GROUPINGS = ("quarter", "owner", "playbook", "category", "value_tier")
FIGURES = ("plans", "attempts", "attempt_rate", "saved", "churned", "exited", "open", "save_rate",
           "arr_at_risk", "arr_saved", "arr_saved_full", "arr_lost", "time_to_save_days",
           "response_days", "concession_cost", "save_cost", "save_roi", "post_save_retention",
           "win_backs", "reasons")
ATTEMPTED = frozenset({"active", "saved", "churned"})
LOST = frozenset({"churned", "exited"})


@dataclass(frozen=True, slots=True)
class Record:
    """What the figures read of one plan, and nothing else of it (`record`): a whole
    workspace's metrics keep one of these a plan, built where the plan is loaded."""

    status: str
    started: date
    arr: float  # account.arr
    kept: float  # outcome.arr, else 0
    concession_cost: float  # the year-one value of its discounts (over outcome.arr, else account.arr)
    hours: float | None  # outcome.hours
    days_to_save: int | None  # started -> outcome.on
    response_days: int | None  # risk.flagged -> started
    next_renewal: bool  # has a next_renewal touch
    renewed: bool  # ... with the result renewed
    won_back: bool  # has a win_back touch with the result won_back
    category: str | None  # outcome_category
    owner: str
    playbook: str | None
    value_tier: str


def record(plan: Plan, config: WorkspaceConfig) -> Record:
    """What the figures read of `plan` (see `Record`)."""
    from saveplan.triage import value_tier

    outcome, risk = plan.outcome, plan.risk
    on = outcome.on if outcome is not None else None
    flagged = risk.flagged if risk is not None else None
    kept = outcome.arr if outcome is not None else None  # the ARR kept, where the outcome says
    base = kept if kept is not None else plan.account.arr  # what a discount is a share of
    return Record(
        status=plan.status, started=plan.started, arr=plan.account.arr,
        kept=kept if kept is not None else 0.0,
        concession_cost=sum((c.percent or 0) / 100 * base for c in plan.concessions if c.kind == "discount"),
        hours=outcome.hours if outcome is not None else None,
        days_to_save=(on - plan.started).days if on is not None else None,
        response_days=(plan.started - flagged).days if flagged is not None else None,
        next_renewal="next_renewal" in (t.kind for t in plan.touches),
        renewed="renewed" in _results(plan, "next_renewal"),
        won_back="won_back" in _results(plan, "win_back"),
        category=outcome_category(plan), owner=plan.owner, playbook=plan.playbook,
        value_tier=value_tier(plan, config)[0])


def record_step(pf: PlanFile, context: tuple[WorkspaceConfig, date | None, date | None]) -> Record | None:
    """`metrics`' step for `map_plans`: the plan's record, where it was loaded (None: it
    started outside the period). `context` is (config, since, until)."""
    config, since, until = context
    return record(pf.plan, config) if in_period(pf.plan, since, until) else None


def in_period(plan: Plan | Record, since: date | None, until: date | None) -> bool:
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


def _results(plan: Plan, kind: str) -> list[str | None]:
    return [t.result for t in plan.touches if t.kind == kind]


def figures(plans: Sequence[Record], config: WorkspaceConfig) -> dict[str, Any]:
    """The contract's figures over `plans`, and `why_null`: figure -> why it is null."""
    by_status: dict[str, list[Record]] = {s: [] for s in ("draft", "active", "saved", "churned", "exited")}
    for p in plans:
        by_status[p.status].append(p)
    saved, churned, exited = by_status["saved"], by_status["churned"], by_status["exited"]
    attempts = [p for p in plans if p.status in ATTEMPTED]
    arr_saved = sum(p.kept for p in saved)
    concession_cost = sum(p.concession_cost for p in saved)
    hours = [p.hours for p in plans if p.hours is not None]
    save_cost = sum(hours) * config.hourly_cost
    with_renewal = [p for p in saved if p.next_renewal]
    reasons: dict[str, int] = {}
    for p in churned + exited:
        key = p.category or "unknown"
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
        "arr_at_risk": _number(sum(p.arr for p in attempts)),
        "arr_saved": _number(arr_saved),
        "arr_saved_full": _number(sum(p.kept for p in saved if p.kept >= p.arr)),
        "arr_lost": _number(sum(p.arr for p in churned) + sum(max(0.0, p.arr - p.kept) for p in saved)),
        "time_to_save_days": _median([p.days_to_save for p in saved if p.days_to_save is not None]),
        "response_days": _median([p.response_days for p in plans if p.response_days is not None]),
        "concession_cost": _number(concession_cost),
        "save_cost": _number(save_cost),
        "save_roi": (round((arr_saved - concession_cost) / save_cost, 2) if save_cost else None),
        "post_save_retention": _ratio(sum(p.renewed for p in with_renewal), len(with_renewal)),
        "win_backs": sum(p.won_back for p in churned + exited),
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


def _quarter(plan: Record) -> str:
    return f"{plan.started.year}-Q{(plan.started.month - 1) // 3 + 1}"


def group_key(by: str) -> Callable[[Record], str]:
    """The function naming a plan's group for `--by`."""
    keys: dict[str, Callable[[Record], str]] = {
        "quarter": _quarter,
        "owner": lambda p: p.owner,
        "playbook": lambda p: p.playbook or "none",
        "category": lambda p: p.category or "unknown",
        "value_tier": lambda p: p.value_tier,
    }
    if by not in keys:
        raise ValueError(f"cannot group by {by!r}: use one of {', '.join(GROUPINGS)}")
    return keys[by]


def compute_metrics(plans: Sequence[Plan], config: WorkspaceConfig, *,
                    by: str | None = None) -> dict[str, Any]:
    """The figures over every plan given (filter with in_period first) and, with `by`, one
    object per group (the same keys plus `group`), groups in name order."""
    return metrics_of([record(p, config) for p in plans], config, by=by)


def metrics_of(records: Sequence[Record], config: WorkspaceConfig, *,
               by: str | None = None) -> dict[str, Any]:
    """`compute_metrics` from the plans' records."""
    body = figures(records, config)
    groups: list[dict[str, Any]] = []
    if by is not None:
        key = group_key(by)
        members: dict[str, list[Record]] = {}
        for p in records:
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

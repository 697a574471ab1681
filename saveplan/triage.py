"""Triage: where to invest (METHOD.md "Triage: where to invest", SPEC "Triage").

Pure: plans, the workspace settings and `today` come in as parameters; no files, no
clock, no terminal. Each decision carries the reason it was taken, so `--explain` can
print exactly what this module decided, line by line. The rules are documented in
docs/triage.md; the tables below are the single source of both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from saveplan.models import Plan, WorkspaceConfig
from saveplan.models.plan import Probability
from saveplan.models.workspace import Window

ValueTier = Literal["high", "medium", "low"]
Effort = Literal["full", "standard", "light", "none"]
Source = Literal["given", "derived"]

LEVELS: tuple[ValueTier, ...] = ("low", "medium", "high")  # lowest first; also the probability levels
STRIKES_FOR_REVIEW = 3

# -- save probability, derived: a small scored table ------------------------------------

ROOT_CAUSE_POINTS: dict[str | None, tuple[int, str]] = {
    "product_fit": (-2, "root cause product_fit: the hardest to fix (missing features, a better "
                        "alternative exists)"),
    "service_experience": (0, "root cause service_experience: fixable with time"),
    "value_perception": (1, "root cause value_perception: fixed by education and messaging"),
    "circumstantial": (2, "root cause circumstantial: situational, the easiest (price may be the fix)"),
    None: (0, "no root cause yet: not scored (diagnose first)"),
}
ENGAGED_POINTS = (1, "economic buyer and champion mapped: stakeholders engaged")
NO_BUYER_POINTS = (-1, "no economic buyer mapped: the budget holder is not engaged")
# each signal type counts once, however often it is listed
SIGNAL_POINTS: tuple[tuple[frozenset[str], int, str], ...] = (
    (frozenset({"champion_left", "stakeholder_change"}), -1,
     "the relationship resets to zero"),
    (frozenset({"competitive"}), -1, "alternatives are being evaluated"),
    (frozenset({"budget_pressure"}), -1, "the budget is uncertain"),
    (frozenset({"cancellation_request"}), -2, "they asked to cancel: the decision may be made"),
)
FEW_SIGNALS_POINTS = (1, "one signal may be noise")
THREE_STRIKES_POINTS = (-1, "several signals together are real risk (three strikes)")
HIGH_AT = 2  # a score at or above this is high
LOW_AT = -1  # a score at or below this is low; in between, medium


@dataclass(frozen=True)
class Factor:
    """One line of the derivation: points and why."""

    points: int
    reason: str


@dataclass(frozen=True)
class Derivation:
    score: int
    level: Probability
    factors: tuple[Factor, ...]


def level_for_score(score: int) -> Probability:
    if score >= HIGH_AT:
        return "high"
    if score <= LOW_AT:
        return "low"
    return "medium"


def derive_probability(plan: Plan) -> Derivation:
    """The save probability the plan shows, by the scored table above."""
    factors: list[Factor] = []
    cause = plan.root_cause.category if plan.root_cause else None
    factors.append(Factor(*ROOT_CAUSE_POINTS[cause]))

    roles = {s.role for s in plan.stakeholders}
    if "economic_buyer" not in roles:
        factors.append(Factor(*NO_BUYER_POINTS))
    elif "champion" in roles:
        factors.append(Factor(*ENGAGED_POINTS))
    else:
        factors.append(Factor(0, "economic buyer mapped, no champion"))

    seen = [s.type for s in plan.signals]
    for types, points, meaning in SIGNAL_POINTS:
        hit = [t for t in dict.fromkeys(seen) if t in types]
        if hit:
            factors.append(Factor(points, f"signal {' + '.join(hit)}: {meaning}"))

    n = len(seen)
    if n >= STRIKES_FOR_REVIEW:
        factors.append(Factor(THREE_STRIKES_POINTS[0], f"{n} signals: {THREE_STRIKES_POINTS[1]}"))
    elif n <= 1:
        factors.append(Factor(FEW_SIGNALS_POINTS[0], f"{n} signal{'' if n == 1 else 's'}: "
                              f"{FEW_SIGNALS_POINTS[1]}"))
    else:
        factors.append(Factor(0, f"{n} signals"))

    score = sum(f.points for f in factors)
    return Derivation(score, level_for_score(score), tuple(factors))


# -- value tier ---------------------------------------------------------------------------

def arr_tier(arr: float, config: WorkspaceConfig) -> ValueTier:
    """ARR at or above `value_tiers.high` is high, at or above `medium` is medium."""
    if arr >= config.value_tiers.high:
        return "high"
    if arr >= config.value_tiers.medium:
        return "medium"
    return "low"


def value_tier(plan: Plan, config: WorkspaceConfig) -> tuple[ValueTier, str]:
    """The tier by ARR, raised one tier by any strategic flag (high stays high)."""
    arr = plan.account.arr
    tiers = config.value_tiers
    base = arr_tier(arr, config)
    if base == "high":
        why = f"ARR {money(arr)} is at or above the high threshold ({money(tiers.high)})"
    elif base == "medium":
        why = (f"ARR {money(arr)} is at or above the medium threshold ({money(tiers.medium)}), "
               f"below high ({money(tiers.high)})")
    else:
        why = f"ARR {money(arr)} is below the medium threshold ({money(tiers.medium)})"
    flags = ", ".join(dict.fromkeys(plan.account.strategic))
    if not flags:
        return base, why
    if base == "high":
        return base, f"{why}; strategic ({flags}): already high"
    raised = LEVELS[LEVELS.index(base) + 1]
    return raised, f"{why}; raised to {raised} by strategic value ({flags})"


# -- effort -------------------------------------------------------------------------------

@dataclass(frozen=True)
class EffortMeaning:
    who: str
    approach: str
    min_days: int
    max_days: int

    @property
    def duration(self) -> str:
        return f"{self.min_days}-{self.max_days} days" if self.max_days else "no save"

    def describe(self) -> str:
        return f"{self.who}, {self.approach}" + (f", {self.duration}" if self.max_days else "")


EFFORT_MEANINGS: dict[Effort, EffortMeaning] = {
    "full": EffortMeaning("executives involved", "custom remedies", 30, 90),
    "standard": EffortMeaning("CSM plus manager", "standard playbook", 14, 30),
    "light": EffortMeaning("CSM only", "one conversation", 7, 14),
    "none": EffortMeaning("graceful exit", "learn from it (debrief, win-back at 3, 6, 12 months)", 0, 0),
}


def effort_for(value: ValueTier, probability: Probability) -> tuple[Effort, str]:
    """none: both low; light: either low; full: value high, probability high or medium;
    standard: otherwise (medium value, medium or high probability)."""
    pair = f"value {value}, probability {probability}"
    if value == "low" and probability == "low":
        return "none", f"{pair}: both low, a save is not worth the time"
    if value == "low" or probability == "low":
        return "light", f"{pair}: one of them is low"
    if value == "high":
        return "full", f"{pair}: high value with a real chance"
    return "standard", f"{pair}: medium value with a real chance"


# -- window -------------------------------------------------------------------------------

WINDOW_MEANINGS: dict[Window, str] = {
    "comprehensive": "room for a comprehensive save",
    "compressed": "critical issues and quick wins only",
    "emergency": "emergency mode, low odds",
}


def window_reason(days: int, window: Window, config: WorkspaceConfig) -> str:
    w = config.windows
    if window == "comprehensive":
        bounds = f"{w.comprehensive} or more"
    elif window == "compressed":
        bounds = f"{w.compressed} to {w.comprehensive - 1}"
    else:
        bounds = f"under {w.compressed}"
    return f"{days} days to renewal; {bounds} is {window}: {WINDOW_MEANINGS[window]}"


# -- the whole triage of one plan ---------------------------------------------------------

@dataclass(frozen=True)
class Triage:
    path: str
    account: str
    owner: str
    status: str
    arr: float
    renewal_date: date
    value_tier: ValueTier
    value_reason: str
    probability: Probability
    probability_source: Source
    derivation: Derivation
    effort: Effort
    effort_reason: str
    window: Window
    window_reason: str
    days_to_renewal: int
    strikes: int
    expected_value: float
    midpoint: float
    fit: tuple[str, ...] = field(default_factory=tuple)

    @property
    def review(self) -> bool:
        """Three strikes: a save plan review, however far the renewal is."""
        return self.strikes >= STRIKES_FOR_REVIEW

    @property
    def graceful_exit(self) -> bool:
        return self.effort == "none"

    @property
    def meaning(self) -> EffortMeaning:
        return EFFORT_MEANINGS[self.effort]

    def as_json(self) -> dict[str, object]:
        m = self.meaning
        return {
            "path": self.path,
            "account": self.account,
            "owner": self.owner,
            "status": self.status,
            "arr": number(self.arr),
            "renewal_date": self.renewal_date.isoformat(),
            "value_tier": self.value_tier,
            "probability": self.probability,
            "probability_source": self.probability_source,
            "probability_score": self.derivation.score,
            "derived_probability": self.derivation.level,
            "effort": self.effort,
            "effort_meaning": {"who": m.who, "approach": m.approach,
                               "min_days": m.min_days, "max_days": m.max_days},
            "window": self.window,
            "days_to_renewal": self.days_to_renewal,
            "strikes": self.strikes,
            "review": self.review,
            "expected_value": number(self.expected_value),
            "graceful_exit": self.graceful_exit,
            "fit": list(self.fit),
            "reasons": {
                "value_tier": self.value_reason,
                "probability": [{"points": f.points, "reason": f.reason}
                                for f in self.derivation.factors],
                "effort": self.effort_reason,
                "window": self.window_reason,
            },
        }


def plan_span(plan: Plan) -> int | None:
    """Days from `started` to the last action's due date (None when no action has one)."""
    dues = [plan.resolve(a.due) for a in plan.actions if a.due is not None]
    return (max(dues) - plan.started).days if dues else None


def fit_notes(plan: Plan, effort: Effort, window: Window, days: int) -> list[str]:
    """Where the plan's timeline does not fit its effort level or its window."""
    notes: list[str] = []
    meaning = EFFORT_MEANINGS[effort]
    renewal = plan.account.renewal_date
    if days < 0:
        notes.append(f"the renewal date passed {-days} days ago: record the outcome "
                     "(saved, churned or exited)")
    span = plan_span(plan)
    if effort != "none" and span is not None and span > meaning.max_days:
        notes.append(f"a {effort} save planned over {span} days ({effort} is {meaning.duration}): "
                     f"tighten the actions or revisit the effort")
    if effort != "none" and 0 <= days < meaning.min_days:
        notes.append(f"{days} days left for a {effort} save ({meaning.duration}): "
                     "critical issues and quick wins only")
    check = plan.check_date()
    if window == "emergency" and check is not None and check >= renewal:
        notes.append(f"emergency window, but the indicator is read on {check.isoformat()}, not before "
                     f"the renewal ({renewal.isoformat()}): read it before the renewal call")
    if effort == "full" and not any(s.role == "executive_sponsor" for s in plan.stakeholders):
        notes.append("full effort involves executives, but no executive_sponsor is mapped")
    return notes


def triage_plan(path: str, plan: Plan, config: WorkspaceConfig, today: date) -> Triage:
    tier, tier_why = value_tier(plan, config)
    derivation = derive_probability(plan)
    given = plan.risk.probability if plan.risk else None
    probability: Probability = given or derivation.level
    effort, effort_why = effort_for(tier, probability)
    days = plan.days_to_renewal(today)
    window = config.window(days)
    midpoint: float = getattr(config.probability_midpoints, probability)
    return Triage(
        path=path,
        account=plan.account.name,
        owner=plan.owner,
        status=plan.status,
        arr=plan.account.arr,
        renewal_date=plan.account.renewal_date,
        value_tier=tier,
        value_reason=tier_why,
        probability=probability,
        probability_source="given" if given else "derived",
        derivation=derivation,
        effort=effort,
        effort_reason=effort_why,
        window=window,
        window_reason=window_reason(days, window, config),
        days_to_renewal=days,
        strikes=len(plan.signals),
        expected_value=round(plan.account.arr * midpoint, 2),
        midpoint=midpoint,
        fit=tuple(fit_notes(plan, effort, window, days)),
    )


# -- the order of the risk review ---------------------------------------------------------

WINDOW_ORDER: dict[Window, int] = {"emergency": 0, "compressed": 1, "comprehensive": 2}


def sort_key(t: Triage) -> tuple[bool, int, int, int, int, float, str]:
    """Graceful-exit candidates last; then the most urgent window first (emergency,
    compressed, comprehensive); then the higher value tier; then the higher probability;
    then the fewer days to renewal; then the larger expected value; then the path."""
    return (t.graceful_exit, WINDOW_ORDER[t.window], -LEVELS.index(t.value_tier),
            -LEVELS.index(t.probability), t.days_to_renewal, -t.expected_value, t.path)


def triage(plans: Iterable[tuple[str, Plan]], config: WorkspaceConfig, today: date) -> list[Triage]:
    """Every draft or active plan, in the order of the risk review."""
    found = [triage_plan(path, plan, config, today) for path, plan in plans if not plan.is_closed]
    return sorted(found, key=sort_key)


# -- numbers as people and JSON want them -------------------------------------------------

def number(value: float) -> int | float:
    """84000.0 -> 84000; 33600.5 stays."""
    return int(value) if float(value).is_integer() else value


def money(value: float) -> str:
    return f"{value:,.0f}"

"""Triage: where to spend the team's time (docs/method.md "Triage"; the rule in docs/triage.md).

Pure: plans, the workspace settings and `today` come in as parameters; no files, no
clock, no terminal. Each decision carries the reason it was taken, so `--explain` can
print exactly what this module decided, line by line. The rules are documented in
docs/triage.md; the tables below are the single source of both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from saveplan import words
from saveplan.models import Plan, WorkspaceConfig
from saveplan.models.plan import Probability
from saveplan.models.workspace import Window
from saveplan.placeholders import is_placeholder
from saveplan.status import STATE_WORDS, IndicatorState, Light, PlanStatus, fallback_move, plan_status
from saveplan.words import money, number

if TYPE_CHECKING:
    from saveplan.plans import PlanFile

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
PLACEHOLDER_BUYER_POINTS = (-1, "the economic buyer is still a placeholder: not engaged")
# each signal type counts once, however often it is listed
SIGNAL_POINTS: tuple[tuple[frozenset[str], int, str], ...] = (
    (frozenset({"champion_left", "stakeholder_change"}), -1,
     "the relationship resets to zero"),
    (frozenset({"competitive"}), -1, "alternatives are being evaluated"),
    (frozenset({"budget_pressure"}), -1, "the budget is uncertain"),
    (frozenset({"cancellation_request"}), -2, "they asked to cancel: the decision may be made"),
)
FEW_SIGNALS_POINTS = (1, "one signal may be noise")
NO_SIGNAL_POINTS = (0, "no signal recorded: nothing known, nothing earned")
THREE_STRIKES_POINTS = (-1, "several signals together are real risk (three strikes)")
HIGH_AT = 2  # a score at or above this is high
LOW_AT = -1  # a score at or below this is low; in between, medium
LOWERED_IN: frozenset[Window] = frozenset({"emergency"})  # windows that lower the derived level


@dataclass(frozen=True)
class Factor:
    """One line of the derivation: points and why."""

    points: int
    reason: str


@dataclass(frozen=True)
class Derivation:
    score: int
    level: Probability  # the derived probability, after any window adjustment
    factors: tuple[Factor, ...]
    scored: Probability | None = None  # the level the score alone gives (None: same as level)
    adjustment: str = ""  # why the level differs from the score's, in words

    @property
    def score_level(self) -> Probability:
        return self.scored or self.level


def level_for_score(score: int) -> Probability:
    if score >= HIGH_AT:
        return "high"
    if score <= LOW_AT:
        return "low"
    return "medium"


def _stakeholder_factor(plan: Plan) -> Factor:
    """Only named people count: a placeholder (`<<...>>`) stakeholder is not engaged."""
    named = {s.role for s in plan.stakeholders if not is_placeholder(s.name)}
    listed = {s.role for s in plan.stakeholders}
    if "economic_buyer" not in listed:
        return Factor(*NO_BUYER_POINTS)
    if "economic_buyer" not in named:
        return Factor(*PLACEHOLDER_BUYER_POINTS)
    if "champion" in named:
        return Factor(*ENGAGED_POINTS)
    if "champion" in listed:
        return Factor(0, "economic buyer mapped; the champion is still a placeholder")
    return Factor(0, "economic buyer mapped, no champion")


def derive_probability(plan: Plan, window: Window | None = None) -> Derivation:
    """The save probability the plan shows, by the scored table above; only what is
    known counts. In an emergency window (`window`, when given) the level is one lower."""
    factors: list[Factor] = []
    cause = plan.root_cause.category if plan.root_cause else None
    factors.append(Factor(*ROOT_CAUSE_POINTS[cause]))
    factors.append(_stakeholder_factor(plan))

    seen = [s.type for s in plan.signals]
    for types, points, meaning in SIGNAL_POINTS:
        hit = [t for t in dict.fromkeys(seen) if t in types]
        if hit:
            factors.append(Factor(points, f"signal {' + '.join(hit)}: {meaning}"))

    n = len(seen)
    if n >= STRIKES_FOR_REVIEW:
        factors.append(Factor(THREE_STRIKES_POINTS[0], f"{n} signals: {THREE_STRIKES_POINTS[1]}"))
    elif n == 1:
        factors.append(Factor(FEW_SIGNALS_POINTS[0], f"1 signal: {FEW_SIGNALS_POINTS[1]}"))
    elif n == 0:
        factors.append(Factor(*NO_SIGNAL_POINTS))
    else:
        factors.append(Factor(0, f"{n} signals"))

    score = sum(f.points for f in factors)
    scored = level_for_score(score)
    if window in LOWERED_IN and scored != "low":
        lowered = LEVELS[LEVELS.index(scored) - 1]
        return Derivation(score, lowered, tuple(factors), scored,
                          f"{window} window: one level lower, {scored} -> {lowered} (low odds)")
    return Derivation(score, scored, tuple(factors))


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
    return f"{words.days(days)} to renewal; {bounds} is {window}: {WINDOW_MEANINGS[window]}"


# -- the effort of one plan (also SP232's) ---------------------------------------------------

@dataclass(frozen=True)
class PlanEffort:
    """Value tier, save probability and effort of one plan as of a day: the one
    computation behind `saveplan triage` and the rule SP232."""

    value_tier: ValueTier
    value_reason: str
    probability: Probability
    probability_source: Source
    derivation: Derivation
    effort: Effort
    effort_reason: str
    window: Window
    days_to_renewal: int

    @property
    def reason(self) -> str:
        """`value high, probability medium (derived)`."""
        return f"value {self.value_tier}, probability {self.probability} ({self.probability_source})"


def plan_effort(plan: Plan, config: WorkspaceConfig, today: date) -> PlanEffort:
    tier, tier_why = value_tier(plan, config)
    days = plan.days_to_renewal(today)
    window = config.window(days)
    derivation = derive_probability(plan, window)
    given = plan.risk.probability if plan.risk else None
    probability: Probability = given or derivation.level
    effort, effort_why = effort_for(tier, probability)
    return PlanEffort(tier, tier_why, probability, "given" if given else "derived", derivation,
                      effort, effort_why, window, days)


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
    light: Light = "yellow"
    indicator: IndicatorState = "pending"
    overdue: int = 0
    decide: str = ""  # what the risk review decides for this plan

    @property
    def in_trouble(self) -> bool:
        """An off-track or missed indicator: ahead of the plans of the same effort."""
        return self.indicator in TROUBLE

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
            "light": self.light,
            "indicator": self.indicator,
            "overdue": self.overdue,
            "decide": self.decide,
            "fit": list(self.fit),
            "reasons": {
                "value_tier": self.value_reason,
                "probability": [{"points": f.points, "reason": f.reason}
                                for f in self.derivation.factors],
                "probability_adjustment": self.derivation.adjustment or None,
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
        notes.append(f"the renewal date passed {words.days(-days)} ago: record the outcome "
                     "(saved, churned or exited)")
    span = plan_span(plan)
    if effort != "none" and span is not None and span > meaning.max_days:
        notes.append(f"a {effort} save planned over {words.days(span)} ({effort} is {meaning.duration}): "
                     f"tighten the actions or revisit the effort")
    if effort != "none" and 0 <= days < meaning.min_days:
        notes.append(f"{words.days(days)} left for a {effort} save ({meaning.duration}): "
                     "critical issues and quick wins only")
    check = plan.check_date()
    if window == "emergency" and check is not None and check >= renewal:
        notes.append(f"emergency window, but the indicator is read on {check.isoformat()}, not before "
                     f"the renewal ({renewal.isoformat()}): read it before the renewal call")
    if effort == "full" and not any(s.role == "executive_sponsor" for s in plan.stakeholders):
        notes.append("full effort involves executives, but no executive_sponsor is mapped")
    return notes


TROUBLE: frozenset[str] = frozenset({"off_track", "missed"})
DECIDE: dict[Effort, str] = {
    "standard": "does the manager back the playbook and its dates?",
    "light": "what is the one conversation, and by when?",
    "none": "exit gracefully: who runs the data export and the transition help?",
}


def decide_full(plan: Plan, indicator: IndicatorState, days: int) -> str:
    """The risk review's question for one full-effort plan, from its own facts: who the
    executive sponsor is, what the indicator says, which move comes next."""
    sponsors = [s.name for s in plan.stakeholders if s.role == "executive_sponsor"]
    named = [n for n in sponsors if not is_placeholder(n)]
    if named:
        who = f"Does {named[0]} (executive sponsor) join the value briefing?"
    elif sponsors:
        who = "Which executive sponsors the save? (the sponsor is still a placeholder)"
    else:
        who = "Which executive sponsors the save? (none mapped)"
    ind = plan.leading_indicator
    if indicator in TROUBLE:
        nxt = fallback_move(plan)
        said = "The indicator is off track" if indicator == "off_track" else "The indicator check was missed"
        how = f"{said}: move to {nxt}, or a custom remedy?" if nxt else f"{said}: which custom remedy?"
    elif ind is not None and indicator in ("pending", "behind") and plan.check_date() is not None:
        how = (f"Which custom remedy is ready if {ind.metric} misses on {plan.check_date()} "
               f"({STATE_WORDS[indicator]} now)?")
    else:
        first = plan.commercial_path[0] if plan.commercial_path else None
        how = (f"Is the first move ({first.kind.replace('_', ' ')}: {first.offer}) enough?"
               if first else "Which commercial path, decided before the renewal call?")
    return f"{who} {how} {words.days(days)} to renewal."


def triage_plan(path: str, plan: Plan, config: WorkspaceConfig, today: date, *,
                status: PlanStatus | None = None) -> Triage:
    """The plan's triage row; `status` is its `plan_status` on `today` when the caller has it."""
    pe = plan_effort(plan, config, today)
    probability, effort, days, window = pe.probability, pe.effort, pe.days_to_renewal, pe.window
    midpoint: float = getattr(config.probability_midpoints, probability)
    if status is None:
        status = plan_status(plan, config, today, path=path)
    decide = decide_full(plan, status.indicator, days) if effort == "full" else DECIDE[effort]
    return Triage(
        path=path,
        account=plan.account.name,
        owner=plan.owner,
        status=plan.status,
        arr=plan.account.arr,
        renewal_date=plan.account.renewal_date,
        value_tier=pe.value_tier,
        value_reason=pe.value_reason,
        probability=probability,
        probability_source=pe.probability_source,
        derivation=pe.derivation,
        effort=effort,
        effort_reason=pe.effort_reason,
        window=window,
        window_reason=window_reason(days, window, config),
        days_to_renewal=days,
        strikes=len(plan.signals),
        expected_value=round(plan.account.arr * midpoint, 2),
        midpoint=midpoint,
        fit=tuple(fit_notes(plan, effort, window, days)),
        light=status.light,
        indicator=status.indicator,
        overdue=len(status.overdue),
        decide=decide,
    )


# -- the order of the risk review ---------------------------------------------------------

WINDOW_ORDER: dict[Window, int] = {"emergency": 0, "compressed": 1, "comprehensive": 2}
EFFORT_ORDER: dict[Effort, int] = {"full": 0, "standard": 1, "light": 2, "none": 3}


def sort_key(t: Triage) -> tuple[bool, int, int, bool, int, int, int, float, str]:
    """Graceful-exit candidates last; then the most urgent window first (emergency,
    compressed, comprehensive); then the larger effort (full, standard, light); within an
    effort, an off-track or missed indicator first; then the higher value tier; then the
    higher probability; then the fewer days to renewal; then the larger expected value;
    then the path."""
    return (t.graceful_exit, WINDOW_ORDER[t.window], EFFORT_ORDER[t.effort], not t.in_trouble,
            -LEVELS.index(t.value_tier), -LEVELS.index(t.probability), t.days_to_renewal,
            -t.expected_value, t.path)


def triage(plans: Iterable[tuple[str, Plan]], config: WorkspaceConfig, today: date) -> list[Triage]:
    """Every draft or active plan, in the order of the risk review."""
    return rank(triage_plan(path, plan, config, today) for path, plan in plans if not plan.is_closed)


def rank(rows: Iterable[Triage]) -> list[Triage]:
    """Triage rows in the order of the risk review (see `sort_key`)."""
    return sorted(rows, key=sort_key)


def triage_step(pf: PlanFile, context: tuple[WorkspaceConfig, date, str | None]) -> Triage | None:
    """`triage`'s step for `map_plans`: the plan's row, where the plan was loaded (None: a
    closed plan, or not `owner`'s). `context` is (config, today, owner or None)."""
    config, today, owner = context
    plan = pf.plan
    if plan.is_closed or (owner is not None and plan.owner != owner):
        return None
    return triage_plan(pf.shown, plan, config, today)


@dataclass(frozen=True)
class Totals:
    """The figures a risk review ends with."""

    plans: int
    arr_at_risk: float
    expected_saved: float
    per_window: dict[Window, int]
    per_effort: dict[Effort, int]


def totals(ranked: Iterable[Triage]) -> Totals:
    rows = list(ranked)
    per_window: dict[Window, int] = {w: 0 for w in WINDOW_ORDER}
    per_effort: dict[Effort, int] = {e: 0 for e in EFFORT_ORDER}
    for t in rows:
        per_window[t.window] += 1
        per_effort[t.effort] += 1
    return Totals(len(rows), sum(t.arr for t in rows), round(sum(t.expected_value for t in rows), 2),
                  per_window, per_effort)

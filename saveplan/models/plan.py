"""The plan file, version 1 (the contract: "The plan file"). One file per account save plan.

Fields that a method rule owns (actions, an action's owner and due date, the leading
indicator and its target, the commercial path, the root cause) are optional here so
that the rule reports its own code (SP201, SP202, SP210, SP220, SP230) rather than a
generic SP101; the JSON Schema still marks them required, for editors.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from saveplan.dates import DateRef
from saveplan.models.base import DateSpec, Day, ListOrNone, Number, Strict, Text, Version, Words, empty_list

Status = Literal["draft", "active", "saved", "churned", "exited"]
CLOSED: frozenset[str] = frozenset({"saved", "churned", "exited"})
Strategic = Literal["logo", "reference", "case_study", "growth"]
SignalType = Literal[
    "health_drop",
    "engagement_decline",
    "negative_feedback",
    "competitive",
    "budget_pressure",
    "champion_left",
    "stakeholder_change",
    "usage_decline",
    "business_change",
    "cancellation_request",
]
RootCauseCategory = Literal["product_fit", "service_experience", "value_perception", "circumstantial"]
Probability = Literal["high", "medium", "low"]
StakeholderRole = Literal["economic_buyer", "champion", "daily_user", "executive_sponsor", "other"]
Direction = Literal["at_least", "at_most"]
MoveKind = Literal[
    "renewal",
    "training",
    "plan_swap",
    "extension",
    "scope_reduction",
    "payment_terms",
    "discount",
    "pause",
    "other",
]
ConcessionKind = Literal["discount", "payment_terms", "enhanced_support", "contract_terms", "custom"]


class Account(Strict):
    """The customer account at risk."""

    name: Text = Field(description="The account's name, as the team calls it.")
    arr: Annotated[Number, Field(ge=0)] = Field(description="Annual recurring revenue, >= 0.")
    renewal_date: Day = Field(description="The renewal date (ISO): the plan's deadline.")
    strategic: Annotated[list[Strategic], ListOrNone] = Field(
        default_factory=empty_list,
        description="Strategic value beyond ARR: logo, reference, case_study, growth. "
        "Any flag raises the value tier by one.",
    )


class Signal(Strict):
    """One risk signal from the method's catalogue."""

    type: SignalType = Field(description="The kind of signal (see the catalogue).")
    note: Words | None = Field(default=None, description="What was seen, with numbers.")


class RootCause(Strict):
    """The diagnosis: why the account is at risk, confirmed before acting."""

    category: RootCauseCategory = Field(
        description="product_fit | service_experience | value_perception | circumstantial "
        "(only circumstantial is price-related)."
    )
    summary: Words | None = Field(default=None, description="The root cause in one sentence.")
    evidence: Annotated[list[Words], ListOrNone] = Field(
        default_factory=empty_list,
        description="The sources that confirmed it, e.g. usage, stakeholders, support.",
    )


class Risk(Strict):
    """The signals seen and the diagnosed root cause."""

    signals: Annotated[list[Signal], ListOrNone] = Field(
        default_factory=empty_list, description="The risk signals seen; three or more call for a review."
    )
    root_cause: RootCause | None = Field(
        default=None, description="Required before a plan is active: diagnose first."
    )
    probability: Probability | None = Field(
        default=None,
        description="Save probability: high | medium | low. Derived by triage when absent.",
    )
    flagged: Day | None = Field(
        default=None,
        description="When the risk was first flagged: the 48-hour response rule counts from here.",
    )


class Stakeholder(Strict):
    """A person on the customer's side, spoken to in their own KPI."""

    role: StakeholderRole = Field(
        description="economic_buyer | champion | daily_user | executive_sponsor | other"
    )
    name: Text = Field(description="Their name; an action may name them as its owner.")
    kpi: Words | None = Field(default=None, description="The KPI they care about.")


class Action(Strict):
    """One step of the plan, with an owner and a date."""

    id: Words | None = Field(default=None, description="Optional short id, for `saveplan done`.")
    do: Text = Field(description="What will be done, concretely.")
    owner: Words | None = Field(
        default=None,
        description="Who does it: a roster id, or the name of a stakeholder for customer-side work.",
    )
    due: DateSpec | None = Field(
        default=None, description="When: an ISO date, or 'day N' / 'week N' from `started`."
    )
    done: Day | None = Field(default=None, description="The date it was done.")
    note: Words | None = Field(default=None, description="Anything worth keeping.")


class Reading(Strict):
    """One reading of the leading indicator."""

    on: Day = Field(description="The date of the reading.")
    value: Number = Field(description="The value read.")
    note: Words | None = Field(default=None, description="Context for the reading.")


class Indicator(Strict):
    """The one leading indicator that says, before the renewal call, whether the save works."""

    metric: Text = Field(description="What is measured, e.g. 'Admin logins in week two'.")
    target: Number | None = Field(default=None, description="The target value (a number).")
    direction: Direction = Field(
        default="at_least", description="at_least (default): value >= target; at_most: value <= target."
    )
    check: DateSpec = Field(
        description="When it is read, mid-plan: after `started`, before the renewal date."
    )
    readings: Annotated[list[Reading], ListOrNone] = Field(
        default_factory=empty_list, description="Readings so far (`saveplan record` adds them)."
    )


class Move(Strict):
    """One step of the commercial path, decided before the renewal call."""

    when: Text = Field(description="The condition for this move, e.g. 'value demonstrated'.")
    kind: MoveKind = Field(
        description="renewal | training | plan_swap | extension | scope_reduction | "
        "payment_terms | discount | pause | other"
    )
    offer: Text = Field(description="What is offered.")


class Concession(Strict):
    """A concession, and who approved it under the approval matrix."""

    kind: ConcessionKind = Field(
        description="discount | payment_terms | enhanced_support | contract_terms | custom"
    )
    percent: Annotated[Number, Field(ge=0, le=100)] | None = Field(
        default=None, description="For discounts: the percentage off."
    )
    approved_by: Words | None = Field(
        default=None, description="A roster id (or, without a roster, a role: csm, manager, director, vp)."
    )
    tied_to: Words | None = Field(
        default=None, description="What the customer commits to in return, e.g. a two-year term."
    )
    sunset: Words | None = Field(
        default=None, description="When standard terms return, e.g. 'standard pricing from year two'."
    )
    rationale: Words | None = Field(default=None, description="Why it is justified.")


OutcomeResult = Literal["renewed", "churned", "won_back"]
TouchKind = Literal["check_in", "review", "business_review", "health_check", "win_back", "next_renewal"]
UpdateAudience = Literal["customer", "team"]


class Debrief(Strict):
    """What the team learned from the outcome (the method's learning extraction)."""

    worked: Words | None = Field(default=None, description="What worked.")
    missed: Words | None = Field(default=None, description="What signals were missed, and for how long.")
    change: Words | None = Field(default=None, description="What the team will change next time.")


class Outcome(Strict):
    """How the plan ended (status saved, churned or exited); `saveplan close` writes it."""

    on: Day | None = Field(default=None, description="The date of the outcome (required once closed).")
    arr: Annotated[Number, Field(ge=0)] | None = Field(
        default=None,
        description="ARR kept after the renewal: required for saved, 0 for churned or exited.",
    )
    reason: Words | None = Field(default=None, description="Why they left (churned or exited).")
    category: RootCauseCategory | None = Field(
        default=None, description="The cause of the outcome; default: risk.root_cause.category."
    )
    hours: Annotated[Number, Field(ge=0)] | None = Field(
        default=None, description="Hours the team spent on the save (for save ROI)."
    )
    debrief: Debrief | None = Field(default=None, description="What the team learned.")
    note: Words | None = Field(default=None, description="What happened.")


class Touch(Strict):
    """A follow-up or win-back contact after the outcome (`saveplan touch` adds them)."""

    on: Day = Field(description="The date of the contact.")
    kind: TouchKind = Field(
        description="check_in | review | business_review | health_check | win_back | next_renewal"
    )
    note: Words | None = Field(default=None, description="What was said or seen.")
    result: OutcomeResult | None = Field(
        default=None, description="For win_back and next_renewal: renewed | churned | won_back."
    )


class Update(Strict):
    """A weekly stakeholder update that was sent (`saveplan report --sent` adds them)."""

    on: Day = Field(description="The date the update was sent.")
    to: UpdateAudience = Field(default="customer", description="customer | team")


class Plan(Strict):
    """A save plan for one account at risk (saveplan plan file, version 1)."""

    version: Version = Field(default=1, description="The file format version; 1 is the only one.")
    account: Account = Field(description="The account at risk: name, ARR, renewal date.")
    owner: Text = Field(description="The CSM who owns the plan (a roster id where a roster exists).")
    status: Status = Field(default="draft", description="draft | active | saved | churned | exited")
    started: Day = Field(description="Day 0 of the plan: relative dates count from here.")
    playbook: Words | None = Field(default=None, description="The playbook the plan came from.")
    risk: Risk | None = Field(default=None, description="Signals and root cause.")
    stakeholders: Annotated[list[Stakeholder], ListOrNone] = Field(
        default_factory=empty_list, description="The customer's people, by role, each with their KPI."
    )
    actions: Annotated[list[Action], ListOrNone] = Field(
        default_factory=empty_list, description="3 to 5 actions, each with an owner and a due date."
    )
    leading_indicator: Indicator | None = Field(
        default=None, description="Exactly one leading indicator, checked mid-plan."
    )
    commercial_path: Annotated[list[Move], ListOrNone] = Field(
        default_factory=empty_list, description="The commercial moves, first move first, decided in advance."
    )
    concessions: Annotated[list[Concession], ListOrNone] = Field(
        default_factory=empty_list, description="Concessions, each with an approver with enough authority."
    )
    outcome: Outcome | None = Field(default=None, description="When the plan is saved, churned or exited.")
    updates: Annotated[list[Update], ListOrNone] = Field(
        default_factory=empty_list, description="Weekly stakeholder updates sent (`saveplan report --sent`)."
    )
    touches: Annotated[list[Touch], ListOrNone] = Field(
        default_factory=empty_list,
        description="Follow-up and win-back contacts after the outcome (`saveplan touch`).",
    )

    # -- derived facts (pure; no clock, no files) ------------------------------------

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    def resolve(self, ref: DateRef) -> date:
        return ref.resolve(self.started)

    @property
    def root_cause(self) -> RootCause | None:
        return self.risk.root_cause if self.risk else None

    @property
    def signals(self) -> list[Signal]:
        return self.risk.signals if self.risk else []

    def days_to_renewal(self, today: date) -> int:
        """Days from today to the renewal date (negative once it has passed)."""
        return (self.account.renewal_date - today).days

    def check_date(self) -> date | None:
        return self.resolve(self.leading_indicator.check) if self.leading_indicator else None

    def readings_until(self, today: date) -> list[tuple[int, Reading]]:
        """Readings dated on or before today, oldest first, with their index in the file."""
        if not self.leading_indicator:
            return []
        found = [(i, r) for i, r in enumerate(self.leading_indicator.readings) if r.on <= today]
        return sorted(found, key=lambda item: (item[1].on, item[0]))

    def misses_target(self, value: float) -> bool:
        ind = self.leading_indicator
        if ind is None or ind.target is None:
            return False
        return value < ind.target if ind.direction == "at_least" else value > ind.target


def action_label(index: int, action: Action) -> str:
    """How messages name an action: its id where it has one, else its number."""
    return f"action {index + 1}" + (f" ({action.id})" if action.id else "")

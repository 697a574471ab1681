"""The workspace file `saveplan.yaml`: the roster, the approval matrix and the thresholds.

Every value has the docs/method.md default, so a workspace without the file works."""

from typing import Annotated, Any, Literal, Self

from pydantic import BeforeValidator, ConfigDict, Field, field_validator, model_validator

from saveplan.models.base import ListOrNone, Strict, Version, empty_list
from saveplan.models.plan import ConcessionKind

Role = Literal["csm", "manager", "director", "vp"]
Window = Literal["comprehensive", "compressed", "emergency"]
ROLES: tuple[Role, ...] = ("csm", "manager", "director", "vp")
def _id_text(value: Any) -> Any:
    """A CRM user id written without quotes (`crm_id: 31415926`) is still an id."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


CrmId = Annotated[str, BeforeValidator(_id_text)]

# numbers in saveplan.yaml are strict too: `true` is not 1, "5" is not 5
Days = Annotated[int, Field(strict=True, ge=0)]
NonDiscount = Literal["payment_terms", "enhanced_support", "contract_terms", "custom"]

DEFAULT_APPROVAL: dict[str, dict[str, Any]] = {
    "csm": {"discount_max": 5, "may": ["payment_terms"]},
    "manager": {"discount_max": 15, "may": ["payment_terms", "enhanced_support"]},
    "director": {"discount_max": 25, "may": ["payment_terms", "enhanced_support", "contract_terms"]},
    "vp": {"discount_max": 100, "may": ["payment_terms", "enhanced_support", "contract_terms", "custom"]},
}


class Person(Strict):
    """Someone on the team."""

    name: str | None = Field(default=None, description="Their full name.")
    role: Role = Field(description="csm | manager | director | vp")
    email: str | None = Field(default=None, description="Their email address.")
    crm_id: CrmId | None = Field(
        default=None, description="Their user id in the CRM (Salesforce OwnerId, hubspot_owner_id)."
    )


class Authority(Strict):
    """What one role may approve."""

    discount_max: Annotated[float, Field(strict=True, ge=0, le=100, allow_inf_nan=False)] = Field(
        description="The largest discount, in percent, this role may approve."
    )
    may: Annotated[list[NonDiscount], ListOrNone] = Field(
        default_factory=empty_list, description="The other concession kinds this role may approve."
    )


class ValueTiers(Strict):
    """ARR at or above which an account is of high or medium value (below medium: low)."""

    high: Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)] = 50000
    medium: Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)] = 10000

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.medium > self.high:
            raise ValueError("value_tiers: medium must not be above high")
        return self


class Midpoints(Strict):
    """The save probability each level stands for, for expected value (docs/method.md)."""

    high: Annotated[float, Field(strict=True, ge=0, le=1)] = 0.7
    medium: Annotated[float, Field(strict=True, ge=0, le=1)] = 0.4
    low: Annotated[float, Field(strict=True, ge=0, le=1)] = 0.175


class Windows(Strict):
    """Days to renewal at or above which a save is comprehensive or compressed
    (below `compressed`: emergency)."""

    comprehensive: Days = 90
    compressed: Days = 30

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.compressed > self.comprehensive:
            raise ValueError("windows: compressed must not be above comprehensive")
        return self


class FollowUp(Strict):
    """After the outcome: the follow-ups of a save and the win-back touches of a loss."""

    check_in: Days = Field(default=30, description="Days after a save: check-in.")
    review: Days = Field(default=60, description="Days after a save: review.")
    business_review: Days = Field(
        default=90, description="Days after a save: business review."
    )
    recovery_days: Days = Field(
        default=90, description="The recovery period after a save, in days."
    )
    touch_every: Annotated[int, Field(strict=True, ge=1)] = Field(
        default=14, description="In recovery: a touch at least every this many days."
    )
    win_back_months: Annotated[list[Annotated[int, Field(strict=True, ge=1)]], ListOrNone] = Field(
        default_factory=lambda: [3, 6, 12], description="Months after a loss for win-back touches."
    )


class CheckSettings(Strict):
    """How `saveplan check` runs in this workspace."""

    ignore: Annotated[list[str], ListOrNone] = Field(
        default_factory=empty_list, description="Codes or prefixes (SP3) not reported, as --ignore."
    )


class ImportSettings(Strict):
    """How `saveplan import` reads the CRM's export."""

    columns: Annotated[dict[str, str], ListOrNone] = Field(
        default_factory=dict, description="Plan field -> the export's column header."
    )
    playbooks: Annotated[dict[str, str], ListOrNone] = Field(
        default_factory=dict, description="Risk reason in the export -> playbook id."
    )


def _default_approval() -> dict[Role, Authority]:
    return {r: Authority(**DEFAULT_APPROVAL[r]) for r in ROLES}


class WorkspaceConfig(Strict):
    """`saveplan.yaml`: optional; every key has the docs/method.md default."""

    model_config = ConfigDict(populate_by_name=True)

    version: Version = 1
    people: Annotated[dict[Annotated[str, Field(min_length=1)], Person], ListOrNone] = Field(
        default_factory=dict, description="The roster: id -> name and role."
    )
    approval: dict[Role, Authority] = Field(
        default_factory=_default_approval,
        description="The approval matrix; a role or key left out keeps its default.",
    )
    value_tiers: ValueTiers = Field(default_factory=ValueTiers)
    probability_midpoints: Midpoints = Field(default_factory=Midpoints)
    windows: Windows = Field(default_factory=Windows)
    follow_up: FollowUp = Field(default_factory=FollowUp)
    update_every: Annotated[int, Field(strict=True, ge=1)] = Field(
        default=7, description="Days between stakeholder updates on an active plan."
    )
    hourly_cost: Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)] = Field(
        default=100, description="What an hour of the team's time costs, for save ROI."
    )
    check: CheckSettings = Field(default_factory=CheckSettings)
    import_: ImportSettings = Field(default_factory=ImportSettings, alias="import")

    @field_validator("people", mode="before")
    @classmethod
    def _people(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("approval", mode="before")
    @classmethod
    def _merge_defaults(cls, value: Any) -> Any:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            return value  # let pydantic say it is not a mapping
        merged: dict[Any, Any] = {}
        for role, default in DEFAULT_APPROVAL.items():
            given = value.get(role)
            merged[role] = {**default, **given} if isinstance(given, dict) else (
                default if given is None else given)
        merged.update({k: v for k, v in value.items() if k not in DEFAULT_APPROVAL})
        return merged

    # -- the approval matrix ----------------------------------------------------------

    @property
    def has_roster(self) -> bool:
        return bool(self.people)

    def role_of(self, approver: str | None) -> Role | None:
        """The role of an approver: their roster role, or the role they name directly."""
        if not approver:
            return None
        person = self.people.get(approver)
        if person is not None:
            return person.role
        return next((r for r in ROLES if r == approver), None)

    def may_approve(self, role: Role, kind: ConcessionKind, percent: float | None) -> bool:
        """A role may do all that it or a lower role may (csm < manager < director < vp)."""
        upto = ROLES[: ROLES.index(role) + 1]
        if kind == "discount":
            return percent is not None and any(
                percent <= self.approval[r].discount_max for r in upto)
        return any(kind in self.approval[r].may for r in upto)

    def window(self, days_to_renewal: int) -> Window:
        """Time left (docs/method.md): 90+ days comprehensive, 30-89 compressed, under 30 emergency."""
        if days_to_renewal >= self.windows.comprehensive:
            return "comprehensive"
        if days_to_renewal >= self.windows.compressed:
            return "compressed"
        return "emergency"

    def required_role(self, kind: ConcessionKind, percent: float | None) -> Role | None:
        """The least role that may approve this concession; None when no role may."""
        for role in ROLES:
            if self.may_approve(role, kind, percent):
                return role
        return None

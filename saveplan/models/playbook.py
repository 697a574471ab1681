"""The playbook file (docs/playbook-format.md): a template for one risk scenario, which
`saveplan new` turns into a draft plan.

As in the plan model, what a method rule owns (the actions, an action's owner and due
date, the leading indicator and its target, the commercial path) is optional here so
that the rule reports its own code (SP201, SP202, SP210, SP220); the counts and the
relative dates are checked by `saveplan.rules.playbook.playbook_rules`, with messages that
say what to change.
"""

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from saveplan.models.base import DateSpec, ListOrNone, Number, Strict, Text, empty_list
from saveplan.models.plan import Direction, Move, RootCauseCategory, SignalType, StakeholderRole

VendorRole = Literal["csm", "manager", "director", "vp", "product", "engineering", "support", "sales",
                     "executive"]
# the roles that may own an action on the vendor side: the roster's roles
OwnerRole = Literal["csm", "manager", "director", "vp"]
OWNER_ROLES: tuple[OwnerRole, ...] = ("csm", "manager", "director", "vp")

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _check_id(value: str) -> str:
    if not _ID.match(value) or len(value) > 64:
        raise ValueError(f"{value!r} is not a playbook id: use lower-case letters, digits and '-' "
                         "between words, as in the file name (e.g. failed-onboarding)")
    return value


Id = Annotated[str, AfterValidator(_check_id)]


class Trigger(Strict):
    """When to use the playbook."""

    signals: Annotated[list[SignalType], Field(min_length=1)] = Field(
        description="The risk signals that call for this playbook (the catalogue of the plan file)."
    )
    description: Text = Field(description="One or two sentences on when to use this playbook.")


class Involved(Strict):
    """Someone on the vendor side and what they do in this save."""

    role: VendorRole = Field(
        description="csm | manager | director | vp | product | engineering | support | sales | executive"
    )
    does: Text = Field(description="What that role does in this save.")


class PlaybookStakeholder(Strict):
    """A customer role to map, and the number that person is judged on."""

    role: StakeholderRole = Field(
        description="economic_buyer | champion | daily_user | executive_sponsor | other"
    )
    kpi: Text = Field(description="The KPI to speak to them in.")


class PlaybookAction(Strict):
    """A timed action; it becomes one of the plan's actions."""

    do: Text = Field(description="A specific action, e.g. 'Run a 45-minute workflow session'.")
    owner: str | None = Field(
        default=None,
        description="csm, manager, director or vp; or a customer role listed in `stakeholders`.",
    )
    due: DateSpec | None = Field(default=None, description="'day N' or 'week N', at most day 30.")
    why: str | None = Field(default=None, description="Why it matters; carried into the plan as a comment.")


class Milestone(Strict):
    """A state the save should reach by a date."""

    due: DateSpec = Field(description="'day N' or 'week N', at most day 30.")
    what: Text = Field(description="The state reached by that date.")


class _Indicator(Strict):
    """What every indicator of a playbook says."""

    metric: Text = Field(description="What is measured, in the product or the CRM.")
    direction: Direction = Field(description="at_least | at_most")
    check: DateSpec = Field(description="'day N' / 'week N', between day 5 and day 21.")


class AlternativeIndicator(_Indicator):
    """Another indicator the CSM may use instead."""

    target: Number = Field(description="The target value (a number).")


class PlaybookIndicator(_Indicator):
    """The suggested leading indicator, checked mid-plan, with alternatives. Its target may
    be left out here so that the check names it (SP210), as for a plan."""

    target: Number | None = Field(default=None, description="The target value (a number).")
    alternatives: Annotated[list[AlternativeIndicator], ListOrNone] = Field(
        default_factory=empty_list, description="1 to 3 other indicators the CSM may use instead."
    )


class FollowUp(Strict):
    """The cadence after a save."""

    day_30: Text = Field(description="The 30-day check-in.")
    day_60: Text = Field(description="The 60-day review.")
    day_90: Text = Field(description="The 90-day business review.")


class Playbook(Strict):
    """A template for one risk scenario (docs/playbook-format.md)."""

    id: Id = Field(description="The file name without .yaml: lower case, '-' between words.")
    title: Text = Field(description="A short name, e.g. 'Failed onboarding'.")
    scenario: Text = Field(description="The situation and why it puts the renewal at risk.")
    root_cause: RootCauseCategory = Field(description="The usual root-cause category.")
    trigger: Trigger
    investigate: Annotated[list[Text], ListOrNone] = Field(
        description="3 to 6 things to confirm before responding."
    )
    involved: Annotated[list[Involved], ListOrNone] = Field(description="2 to 5 vendor-side roles.")
    stakeholders: Annotated[list[PlaybookStakeholder], ListOrNone] = Field(
        description="2 to 4 customer roles to map, with their KPI."
    )
    actions: Annotated[list[PlaybookAction], ListOrNone] = Field(
        default_factory=empty_list, description="3 to 5 timed actions."
    )
    milestones: Annotated[list[Milestone], ListOrNone] = Field(
        description="3 to 6 milestones, in date order."
    )
    leading_indicator: PlaybookIndicator | None = Field(
        default=None, description="The suggested leading indicator."
    )
    commercial_path: Annotated[list[Move], ListOrNone] = Field(
        default_factory=empty_list, description="2 to 4 moves, first move first, discounts last."
    )
    success: Annotated[list[Text], ListOrNone] = Field(description="2 to 4 observable signs of a save.")
    follow_up: FollowUp

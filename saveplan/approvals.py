"""Concessions against the approval matrix (docs/method.md, "Concessions"), as rows to list.

Pure: plans and the workspace settings come in as parameters. The matrix itself lives
in `WorkspaceConfig` (`role_of`, `may_approve`, `required_role`), the same functions
SP401 uses, so the listing and `saveplan check` never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from saveplan import words
from saveplan.findings import Loc
from saveplan.models import Plan, WorkspaceConfig
from saveplan.models.plan import Concession, ConcessionKind
from saveplan.models.workspace import ROLES, Role

if TYPE_CHECKING:
    from saveplan.plans import PlanFile


@dataclass(frozen=True, slots=True)
class ConcessionRow:
    """One concession as the listing shows it, without its plan (a whole-workspace listing
    keeps thousands of these, built where each plan was loaded: `concession_step`)."""

    path: str
    account: str
    status: str
    index: int  # 0-based position in the plan's `concessions`
    kind: str
    percent: float | None
    approved_by: str | None
    approver_role: Role | None
    required_role: Role | None
    within_authority: bool
    problem: str | None
    tied_to: str | None
    sunset: str | None
    line: int | None = None  # where it is in its file (`concession_step` reads it; None: not read)

    @property
    def size(self) -> str:
        return f"{self.percent:g}%" if self.percent is not None else ""

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "account": self.account,
            "status": self.status,
            "number": self.index + 1,
            "kind": self.kind,
            "percent": _number(self.percent),
            "approved_by": self.approved_by,
            "approver_role": self.approver_role,
            "required_role": self.required_role,
            "within_authority": self.within_authority,
            "problem": self.problem,
            "tied_to": self.tied_to,
            "sunset": self.sunset,
        }


def _blank(text: str | None) -> str | None:
    return text if (text or "").strip() else None


def judge(c: Concession, config: WorkspaceConfig) -> tuple[Role | None, Role | None, str | None]:
    """The approver's role, the least role that may approve, and what is wrong (None: fine)."""
    approver = _blank(c.approved_by)
    role = config.role_of(approver)
    if c.kind == "discount" and c.percent is None:
        return role, None, "a discount without `percent`"
    needed = config.required_role(c.kind, c.percent)
    if approver is None:
        return None, needed, "no approver"
    if needed is None:
        return role, None, "no role in the approval matrix may approve it"
    if role is None:
        return None, needed, f"'{approver}' has no known role (not on the roster, not a role)"
    if not config.may_approve(role, c.kind, c.percent):
        return role, needed, f"beyond a {role}'s authority: needs a {needed}"
    return role, needed, None


def concession_rows(plans: Iterable[tuple[str, Plan]], config: WorkspaceConfig) -> list[ConcessionRow]:
    """Every concession, in file order (plans in the order given, concessions in order)."""
    return [row for path, plan in plans for row in plan_concessions(path, plan, config)]


def plan_concessions(path: str, plan: Plan, config: WorkspaceConfig,
                     lines: Sequence[int] | None = None) -> list[ConcessionRow]:
    """The rows of one plan's concessions, in order; `lines[i]` is the line of the i-th
    (None: lines not read)."""
    rows: list[ConcessionRow] = []
    for i, c in enumerate(plan.concessions):
        role, needed, problem = judge(c, config)
        rows.append(ConcessionRow(
            path=path, account=plan.account.name, status=plan.status, index=i, kind=c.kind,
            percent=c.percent, approved_by=_blank(c.approved_by), approver_role=role,
            required_role=needed, within_authority=problem is None, problem=problem,
            tied_to=_blank(c.tied_to), sunset=_blank(c.sunset),
            line=None if lines is None else lines[i]))
    return rows


def concession_step(pf: PlanFile, config: WorkspaceConfig) -> list[ConcessionRow] | None:
    """`concessions`' step for `map_plans` (with `wanted=concession_locs`): the plan's rows
    with their lines, where the plan was loaded, so the listing keeps rows, not plans (None:
    a plan without concessions)."""
    plan = pf.plan
    if not plan.concessions:
        return None
    return plan_concessions(pf.shown, plan, config, [pf.line(loc) for loc in concession_locs(plan)])


def listed(per_plan: Iterable[list[ConcessionRow]]) -> list[ConcessionRow]:
    """The rows `concession_step` gave, plan after plan: every concession in file order."""
    return [row for rows in per_plan for row in rows]


def concession_locs(plan: Plan) -> list[Loc]:
    """The key paths whose lines a listing of concessions prints: each concession's."""
    return [("concessions", i) for i in range(len(plan.concessions))]


def attention_first(rows: list[ConcessionRow]) -> list[ConcessionRow]:
    """Beyond authority (or unapproved) first, then the rest; file order within each."""
    return sorted(rows, key=lambda r: r.within_authority)


@dataclass(frozen=True)
class MatrixRow:
    role: Role
    discount_max: float
    may: tuple[str, ...]  # every non-discount kind this role may approve, its own and lower roles'
    people: tuple[str, ...]  # roster ids with this role

    def as_json(self) -> dict[str, object]:
        return {"role": self.role, "discount_max": _number(self.discount_max),
                "may": list(self.may), "people": list(self.people)}


def custom_matrix(config: WorkspaceConfig) -> bool:
    """Whether saveplan.yaml sets the approval matrix (else the built-in one is in force)."""
    return "approval" in config.model_fields_set


def matrix(config: WorkspaceConfig) -> list[MatrixRow]:
    """The approval matrix in force, lowest role first, with what each role may do in effect
    (a higher role may do all a lower one may)."""
    rows: list[MatrixRow] = []
    kinds: tuple[ConcessionKind, ...] = ("payment_terms", "enhanced_support", "contract_terms", "custom")
    for role in ROLES:
        biggest = max(config.approval[r].discount_max for r in ROLES[: ROLES.index(role) + 1])
        may = tuple(k for k in kinds if config.may_approve(role, k, None))
        people = tuple(pid for pid, p in config.people.items() if p.role == role)
        rows.append(MatrixRow(role, biggest, may, people))
    return rows


def _number(value: float | None) -> int | float | None:
    return None if value is None else words.number(value)

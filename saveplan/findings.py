"""Findings: what a check says about a file, and the catalogue of codes (stable: the contract)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

Loc = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: Severity
    summary: str


_E, _W = Severity.ERROR, Severity.WARNING
CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("SP100", _E, "the file cannot be read as a YAML mapping"),
        Code("SP101", _E, "a required key is missing"),
        Code("SP102", _E, "a value has the wrong type or is not an allowed word"),
        Code("SP103", _E, "an unknown key"),
        Code("SP201", _E, "fewer than 3 or more than 5 actions"),
        Code("SP202", _E, "an action without an owner or a due date"),
        Code("SP203", _E, "an action due after the renewal date"),
        Code("SP205", _W, "an owner or approver who is not on the roster"),
        Code("SP210", _E, "no leading indicator, or a target that is not a number"),
        Code("SP211", _E, "the indicator check date is not between start and renewal"),
        Code("SP220", _E, "no commercial path"),
        Code("SP221", _W, "a discount is the first commercial move"),
        Code("SP222", _W, "a discount while the root cause is not price-related"),
        Code("SP230", _E, "an active plan with no root cause"),
        Code("SP231", _W, "fewer than two stakeholder roles, or no economic buyer"),
        Code("SP301", _W, "an action past its due date and not done"),
        Code("SP302", _E, "the indicator check date passed with no reading"),
        Code("SP303", _W, "the latest reading misses the target"),
        Code("SP304", _E, "the renewal date passed and the plan is still open"),
        Code("SP401", _E, "a concession beyond its approver's authority"),
        Code("SP402", _E, "a concession with no approver"),
        Code("SP403", _W, "a discount not tied to a commitment"),
        Code("SP404", _W, "a discount with no sunset clause"),
        # contract 1.1
        Code("SP206", _W, "the plan started more than 2 days after the risk was flagged"),
        Code("SP232", _W, "a full-effort plan with no executive sponsor"),
        Code("SP233", _E, "an active plan still holding a placeholder"),
        Code("SP305", _W, "an active plan with no stakeholder update in update_every days"),
        Code("SP501", _E, "a closed plan without a complete outcome"),
        Code("SP502", _W, "a plan closed over 14 days ago with no debrief"),
        Code("SP503", _W, "a scheduled follow-up or win-back touch more than 7 days late"),
        Code("SP504", _W, "a saved plan in recovery with no recent touch"),
        # beyond the contract's table (docs/rules.md)
        Code("SP207", _W, "two open plans for the same account"),
        # playbook files only (docs/playbook-format.md)
        Code("PB101", _E, "a playbook list with too few or too many items"),
        Code("PB201", _E, "a playbook action owner that is not a known role, or no action for the csm"),
        Code("PB202", _E, "a playbook date not 'day N'/'week N' from day 1 to day 30, or out of order"),
        Code("PB211", _E, "a playbook indicator check outside day 5 to day 21 or not before the last action"),
        Code("PB231", _E, "a customer role listed twice in a playbook's stakeholders"),
    )
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: `loc` is the key path in the document; `line`/`column` are filled in
    (1-based) when the finding is placed in its file."""

    code: str
    message: str
    loc: Loc = ()
    path: str = ""
    line: int = 0
    column: int = 0

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def where(self) -> str:
        """`plans/x.yaml:12:5`: the one way a finding's place is written."""
        return f"{self.path}:{self.line}:{self.column}"

    def one_line(self) -> str:
        """`plans/x.yaml:12:5: SP203 message`: a finding on one line, for messages."""
        return f"{self.where}: {self.code} {self.message}"

    def in_plan(self) -> str:
        """`line 12: SP203 message`: the same where the plan is already named."""
        return f"line {self.line}: {self.code} {self.message}"


def in_file_order(findings: list[Finding]) -> list[Finding]:
    """Placed findings as a file reads: by line, then column, then code."""
    return sorted(findings, key=lambda f: (f.line, f.column, f.code))


def left_out(path: str, first: Finding, what: str = "left out") -> str:
    """The one wording of "this plan did not load, so this view leaves it out", for one
    plan (on stderr)."""
    return (f"saveplan: {path} {what}: {first.code} at line {first.line} "
            f"(run `saveplan check {path}`)")


def not_loaded(what: str, n: int) -> str:
    """The same for a listing's plans left out, as the heading over their first findings
    (each `Finding.one_line`): `Not triaged: 2 plans did not load; fix with ...:`."""
    from saveplan.words import count

    return f"{what}: {count(n, 'plan')} did not load; fix with `saveplan check`:"


def format_loc(loc: Loc) -> str:
    """`("actions", 2, "due")` -> `actions[3].due` (list positions 1-based, as people count)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "the plan"

"""The one exception tree of saveplan; `cli.main` maps it to exit codes in one place.

Exit codes (the contract): 0 success, 1 the check found errors, 2 a usage problem or a refusal,
3 an internal error (a bug in saveplan; `cli.main` maps any other exception to it).
"""

from __future__ import annotations


class SaveplanError(Exception):
    """Base of every error saveplan reports to the user (never shown as a traceback)."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class UsageError(SaveplanError):
    """A bad argument or option: a path that does not exist, a date that is not a date."""


class WorkspaceError(SaveplanError):
    """No workspace, no plan, or a `saveplan.yaml` that cannot be used."""


class PlanNotFound(UsageError):
    """A PLAN argument that is neither a plan file nor the slug of one."""


class EditRefused(SaveplanError):
    """An editing command declined to write (the file is left exactly as it was)."""


class InvalidPlan(SaveplanError):
    """A plan that does not load (it has schema errors); `saveplan check` says where."""


# -- domain errors the core raises; the commands need not know them (all exit 2) ---------

class InvalidDate(UsageError):
    """A date that reads two ways, is in no documented form, or that the method cannot work
    with (outside 1900-2999, before the plan started)."""


class UnknownPlaybook(UsageError):
    """A playbook id that is not in the library."""


class UnknownAction(UsageError):
    """An ACTION that is neither an action's id nor its number."""

"""The pydantic models of saveplan's files. They know nothing of files or terminals."""

from saveplan.models.plan import Plan
from saveplan.models.workspace import WorkspaceConfig

__all__ = ["Plan", "WorkspaceConfig"]

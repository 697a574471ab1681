"""The weekly stakeholder update (SP305): applied to open plans (docs/method.md,
"The weekly update")."""

from __future__ import annotations

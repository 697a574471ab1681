"""After the outcome (SP5xx): the outcome itself, the debrief, the follow-ups of a save
and the win-back touches of a loss. Applied to closed plans only (docs/method.md,
"After the outcome")."""

from __future__ import annotations

"""Placeholders: the text `saveplan new` leaves for the CSM to fill in (a stakeholder's
name, a metric to confirm). Fine in a draft; never to be sent to a customer.

Two forms are recognised: the one `new` writes today, a label followed by
"(name to confirm)" or "(to confirm)" (`Economic buyer (name to confirm)`), and a text
between double angle brackets (`<<economic buyer's name>>`).
"""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"\((?:name )?to confirm\)|<<[^<>]*>>", re.IGNORECASE)


def is_placeholder(text: str | None) -> bool:
    """Whether `text` still holds a placeholder (anywhere in it, in either form)."""
    return text is not None and _PLACEHOLDER.search(text) is not None

"""Placeholders: text that `saveplan new` leaves for the CSM to fill in (the contract, "The plan file").

One form, documented in docs/rules.md (SP233) and docs/playbook-format.md: the text
between double angle brackets, `<<Champion (name to confirm)>>`. It cannot be mistaken
for real text, a CSM finds every one by searching for `<<`, and it is valid YAML whether
written plain or quoted (`saveplan new` quotes it). A placeholder is fine in a draft and
an error in an active plan (SP233). Plans written by saveplan 1.0 carry the older form
`Champion (name to confirm)`: it is recognised too, so an upgraded workspace is held to
the same rule.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "<<", ">>"
FORM = re.compile(r"<<[^<>\r\n]*>>")
LEGACY = re.compile(r"\(name to confirm\)")


def placeholder(text: str) -> str:
    """`Champion (name to confirm)` -> `<<Champion (name to confirm)>>`."""
    inner = text.replace(OPEN, "").replace(CLOSE, "").strip()
    return f"{OPEN}{inner}{CLOSE}"


def find_placeholder(text: str | None) -> str | None:
    """The first placeholder in a text value, or None."""
    if not text:
        return None
    found = FORM.search(text) or LEGACY.search(text)
    if found is None:
        return None
    return found.group(0) if found.re is FORM else text.strip()


def is_placeholder(text: str | None) -> bool:
    return find_placeholder(text) is not None

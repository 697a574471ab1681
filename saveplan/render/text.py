"""Making plan text safe to show: a CSM's words go to terminals, Markdown and HTML
that other people read, so no control character and no markup from a plan gets through."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and the bidi overrides that can
# disguise text (a plan may be written by anyone with commit access)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ESC_SEQ = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")


def strip_controls(text: str, *, keep_newlines: bool = True) -> str:
    """Text without terminal escape sequences or control characters. Newlines are kept
    unless `keep_newlines` is false (then they become spaces)."""
    text = _ESC_SEQ.sub("", text)
    if not keep_newlines:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return _CONTROLS.sub("", text)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str) -> str:
    """Plan text as literal Markdown: no control characters, markup characters escaped
    (`<script>` shows as text, `**` as two stars), on one line."""
    clean = strip_controls(text, keep_newlines=False)
    escaped = _MD_SPECIAL.sub(r"\\\1", clean).replace("&", "&amp;")
    # a line starting with '-', '=' or 'N.' would become a list or a heading
    return re.sub(r"^(\s*)([-=]|\d+\.)", r"\1\\\2", escaped)

"""The one place rich consoles are made, so every command prints alike.

On a terminal rich fits its width. Piped or redirected (a log, `| less`, a file) it has
no width to read, and rich's 80 columns would squeeze tables into ellipses: then 120
columns are used, unless COLUMNS says otherwise. Colour follows rich's rules: none when
not on a terminal, none with NO_COLOR.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

PIPED_WIDTH = 120


def make_console(out: TextIO, *, soft_wrap: bool = False) -> Console:
    from rich.console import Console

    try:
        on_terminal = out.isatty()
    except (AttributeError, ValueError):
        on_terminal = False
    width = None if on_terminal or os.environ.get("COLUMNS") else PIPED_WIDTH
    return Console(file=out, highlight=False, soft_wrap=soft_wrap, width=width)

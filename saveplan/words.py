"""The words every message and view shares, said once: counts with their plurals, money,
numbers, bounds ("at least 3") and lists ("a, b and c").

Pure string functions with no imports from the rest of the package, so rules, analysis,
reporters and renderers can all use them. A message that needs "1 plan" / "2 plans" calls
`count`; nobody writes `'' if n == 1 else 's'` again.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["bound", "count", "days", "dollars", "money", "number", "plural", "series"]


def plural(n: float, word: str, many: str | None = None) -> str:
    """The word as `n` wants it: plural("plan", 1) -> "plan", 2 -> "plans". `many` is the
    plural when adding an "s" is wrong ("entry" -> "entries")."""
    if n == 1:
        return word
    return many if many is not None else word + "s"


def count(n: float, word: str, many: str | None = None) -> str:
    """"1 plan", "3 plans", "0 plans"; a float prints as `:g` ("1.5 days")."""
    shown = f"{n:g}" if isinstance(n, float) else str(n)
    return f"{shown} {plural(n, word, many)}"


def days(n: float) -> str:
    """"1 day", "12 days"."""
    return count(n, "day")


def number(value: float, places: int | None = None) -> int | float:
    """A figure as JSON and people want it: 84000.0 -> 84000; 33600.5 stays. With `places`,
    a figure that is not whole is rounded to that many decimals (cents: 2)."""
    if float(value).is_integer():
        return int(value)
    return value if places is None else round(value, places)


def money(value: float) -> str:
    """An amount with thousands separators and no cents: 84000 -> "84,000"."""
    return f"{value:,.0f}"


def dollars(value: float) -> str:
    """The same with its sign: 84000 -> "$84,000"."""
    return f"${money(value)}"


def bound(direction: str, target: float | None = None) -> str:
    """An indicator's direction in words: "at least", or "at most 3" with a target."""
    word = "at least" if direction == "at_least" else "at most"
    return word if target is None else f"{word} {target:g}"


def series(items: Sequence[str], last: str = "and") -> str:
    """"a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]

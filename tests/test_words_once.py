"""saveplan.words is the one place for plurals and bounds (issue 9, "say words once"): no module
of the package writes its own `'' if n == 1 else 's'` or `"at least" if ... else "at most"`.

The scan reads the package's source as Python (ast), so a copy is found however it is quoted
or laid out, inside an f-string or not: a conditional expression that picks between two string
constants on a comparison with 1 (or -1) is a plural copy; one that picks between "at least" and
"at most" is a bound copy. ALLOWED holds the copies that are still to go, per file, exactly: a new
copy fails, and so does a copy removed without its entry being shrunk, so the list only gets
shorter.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "saveplan"
HOME = "words.py"  # the one place they live

# file (relative to saveplan/) -> how many copies it still holds; owned by other work in issue 9
ALLOWED_PLURALS: dict[str, int] = {}
ALLOWED_BOUNDS: dict[str, int] = {
    "validation.py": 1,  # a pydantic "greater/less than" limit, said as a bound
}


def _is_one(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value == 1


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def is_plural_copy(node: ast.IfExp) -> bool:
    """`'' if n == 1 else 's'`, `'s' if n != 1 else ''`, `"plan" if len(x) == 1 else "plans"`."""
    test = node.test
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq | ast.NotEq)):
        return False
    if not (_is_one(test.comparators[0]) or _is_one(test.left)):
        return False
    return _text(node.body) is not None and _text(node.orelse) is not None


def is_bound_copy(node: ast.IfExp) -> bool:
    return {_text(node.body), _text(node.orelse)} == {"at least", "at most"}


def copies(source: str, kind: str) -> list[int]:
    """The lines of `source` holding a copy of that kind ("plural" or "bound")."""
    check = is_plural_copy if kind == "plural" else is_bound_copy
    return [n.lineno for n in ast.walk(ast.parse(source))
            if isinstance(n, ast.IfExp) and check(n)]


def _found(kind: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name == HOME:
            continue
        lines = copies(path.read_text(encoding="utf-8"), kind)
        if lines:
            out[name] = sorted(lines)
    return out


@pytest.mark.parametrize(("kind", "allowed", "use"), [
    ("plural", ALLOWED_PLURALS, "words.count(n, 'plan') or words.plural(n, 'plan')"),
    ("bound", ALLOWED_BOUNDS, "words.bound(ind.direction, ind.target)"),
])
def test_no_copy_outside_words(kind: str, allowed: dict[str, int], use: str) -> None:
    found = _found(kind)
    over = [f"saveplan/{name}:{','.join(map(str, lines))}" for name, lines in found.items()
            if len(lines) > allowed.get(name, 0)]
    assert not over, f"a {kind} copy outside saveplan/words.py: use {use} instead ({'; '.join(over)})"
    counts = {name: len(lines) for name, lines in found.items()}
    assert counts == allowed, (
        f"the {kind} allow-list is stale (a copy went): set it to {counts}")


@pytest.mark.parametrize(("source", "kind", "lines"), [
    ("x = f\"{n} plan{'' if n == 1 else 's'}\"\n", "plural", [1]),
    ("x = f\"{n} day{'s' if n != 1 else ''}\"\n", "plural", [1]),
    ("x = f\"{-d} day{'s' if d != -1 else ''}\"\n", "plural", [1]),
    ('x = "plan" if 1 == len(xs) else "plans"\n', "plural", [1]),
    ("a = 1\nx = ('is'\n     if a == 1 else 'are')\n", "plural", [2]),
    ("x = 'one' if n == 1 else count\n", "plural", []),  # not two constants
    ("x = '' if n == 2 else 's'\n", "plural", []),
    ("x = 'today' if n == 0 else 'later'\n", "plural", []),
    ("w = 'at least' if d == 'at_least' else 'at most'\n", "bound", [1]),
    ("w = f\"{'at most' if up else 'at least'} {t:g}\"\n", "bound", [1]),
    ("w = 'at least every 14 days'\n", "bound", []),
])
def test_the_scan_finds_copies(source: str, kind: str, lines: list[int]) -> None:
    assert copies(source, kind) == lines


def test_words_itself_is_the_home() -> None:
    """words.py is skipped by name; the scan would not flag its `if n == 1: return word`."""
    assert (PACKAGE / HOME).is_file()
    assert copies((PACKAGE / HOME).read_text(encoding="utf-8"), "plural") == []

"""The shape docs/architecture.md promises, enforced: one direction of flow, no import cycle,
a core that knows nothing of terminals, one module that speaks YAML, short commands.

Imports are read from the source (ast), function-level ones included: a lazy import is
still a dependency. Imports under `if TYPE_CHECKING:` are for the type checker only and
are left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "saveplan"

# the layers that may draw: the command line, the terminal helpers, the render layer
DRAWING = ("saveplan.cli", "saveplan.console", "saveplan.completion", "saveplan.commands", "saveplan.render")
# a command's plain function (options -> core -> render -> exit code) and its helpers: the lines
# above `def register`, where the typer declarations and help text begin. `new`, with its
# interactive flow, is the longest today (106).
COMMAND_LINES = 110


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, except what sits under `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def imports_of(name: str) -> set[str]:
    """The top-level names (`typer`) and saveplan modules (`saveplan.loader`) `name` imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in MODULES)
    return {m if m.startswith("saveplan") else m.split(".")[0] for m in found}


def _graph() -> dict[str, set[str]]:
    return {name: {m for m in imports_of(name) if m in MODULES and m != name} for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group: list[str] = []
            while not group or group[-1] != v:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle() -> None:
    assert cycles(_graph()) == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.startswith(DRAWING)))
def test_the_core_does_not_draw(name: str) -> None:
    assert imports_of(name) & {"typer", "rich", "click", "jinja2"} == set()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_the_loader_speaks_yaml(name: str) -> None:
    speaks = imports_of(name) & {"ruamel", "_ruamel_yaml", "yaml"}
    assert speaks == (set() if name != "saveplan.loader" else speaks)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("saveplan.commands.")
                                         and n != "saveplan.commands.options"))
def test_commands_are_short(name: str) -> None:
    text = MODULES[name].read_text(encoding="utf-8")
    assert "\ndef register(app" in text, f"{name} registers no command"
    lines = text.split("\ndef register(app")[0].count("\n")
    assert lines <= COMMAND_LINES, f"{name}: {lines} lines; move layout to render/, logic to the core"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_one_rule_of_does_this_plan_load(name: str) -> None:
    """`validation.usable` is the rule; `saveplan.documents` is the one loader that applies it."""
    text = MODULES[name].read_text(encoding="utf-8")
    if name not in ("saveplan.validation", "saveplan.documents"):
        assert "usable(" not in text and "read_or_sp100(" not in text.replace("def read_or_sp100(", "")

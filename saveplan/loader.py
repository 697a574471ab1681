"""Reading YAML: the only module that imports ruamel.yaml.

`read_document` turns a file into a `Document`: plain data (dicts, lists, str, int,
float, bool, date, None) built by ruamel's safe constructor over the C parser where
`ruamel.yaml.clib` is installed, plus the node tree, so that any key path can be placed
at its line and column. Placing is lazy: a clean file never walks its nodes.

Everything that can go wrong while reading is a `LoadError` with a line: bad UTF-8,
syntax, duplicate keys, tags (never executed), several documents, an empty file, a top
level that is not a mapping, and alias bombs or recursive aliases.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from saveplan.findings import Loc

try:  # the C parser: several times faster; the pure-Python one gives the same result
    from ruamel.yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - exercised by forcing PURE in the tests
    _CParser = None

MAX_BYTES = 4 << 20  # a plan is a few KB; 4 MB is not a plan
MAX_VALUES = 20_000  # values after aliases are expanded: beyond this, an alias bomb


class LoadError(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Document:
    data: dict[str, Any]
    root: Node
    _first_key: tuple[int, int] = field(default=(1, 1))

    def locate(self, loc: Loc) -> tuple[int, int]:
        """The 1-based (line, column) of a key path: a mapping key resolves to the key,
        a list index to the item; a path that does not exist resolves to its deepest
        existing ancestor, and the empty path to the document's first key."""
        node: Node = self.root
        best = self._first_key
        for part in loc:
            if isinstance(node, MappingNode) and isinstance(part, str):
                for key, value in node.value:
                    if isinstance(key, ScalarNode) and key.value == part:
                        best = (key.start_mark.line + 1, key.start_mark.column + 1)
                        node = value
                        break
                else:
                    break
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                best = (node.start_mark.line + 1, node.start_mark.column + 1)
            else:
                break
        return best


def _marked(exc: MarkedYAMLError) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    text = " ".join(part for part in (exc.context, exc.problem) if part)
    text = text.split("\nTo suppress this check")[0].strip() or "invalid YAML"
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if "maximum depth" in text:
        text = "the document is nested too deeply"
    if "could not determine a constructor" in text:
        text += " (tags are not allowed in plan files)"
    return LoadError(f"YAML: {text}", line, column)


def _clamped(error: LoadError, text: str) -> LoadError:
    """The parser may point past the end of the text (at the stream's end): say the last line."""
    last = max(1, len(text.splitlines()))
    if error.line > last:
        error.line, error.column = last, 1
    return error


def _count_values(root: Node) -> None:
    """Refuse documents whose aliases expand past MAX_VALUES values, or refer to themselves."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise LoadError("YAML: an alias refers to itself (recursive data)",
                            node.start_mark.line + 1, node.start_mark.column + 1)
        active.add(key)
        total = 1
        if isinstance(node, MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                total += size(item)
        active.discard(key)
        if total > MAX_VALUES:
            raise LoadError(f"YAML: the document expands to more than {MAX_VALUES} values "
                            "(aliases used as a bomb?)",
                            node.start_mark.line + 1, node.start_mark.column + 1)
        sizes[key] = total
        return total

    size(root)


def _pure_loader(text: str) -> Any:
    """The pure-Python parser with the same safe constructor and YAML 1.2 resolver."""
    from ruamel.yaml.loader import SafeLoader

    loader = SafeLoader(text)
    loader.max_depth = 200  # type: ignore[attr-defined]  # nesting deeper than this is not a plan
    return loader


if _CParser is not None:

    class _CLoader(_CParser, SafeConstructor, VersionedResolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            self._parser = self._composer = self
            SafeConstructor.__init__(self, loader=self)
            VersionedResolver.__init__(self, loadumper=self)


PURE = _CParser is None  # tests set this to prove the C parser changes speed, not results


def parse(text: str) -> Document:
    """Parse YAML text into a Document, or raise LoadError."""
    loader = _pure_loader(text) if PURE else _CLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise LoadError("the file is empty: a plan is a YAML mapping of keys")
        if not isinstance(root, MappingNode):
            kind = "a list" if isinstance(root, SequenceNode) else "a single value"
            raise LoadError(f"the top level is {kind}, not a mapping of keys",
                            root.start_mark.line + 1, root.start_mark.column + 1)
        _count_values(root)
        data = loader.construct_document(root)
    except LoadError as exc:
        raise _clamped(exc, text) from None
    except MarkedYAMLError as exc:
        raise _clamped(_marked(exc), text) from None
    except YAMLError as exc:
        raise LoadError(f"YAML: {exc}") from None
    except RecursionError:
        raise LoadError("YAML: the document is nested too deeply") from None
    finally:
        with contextlib.suppress(Exception):  # disposing a broken parser may fail; nothing to keep
            loader.dispose()
    first = (1, 1)
    if root.value:
        mark = root.value[0][0].start_mark
        first = (mark.line + 1, mark.column + 1)
    return Document(data=data, root=root, _first_key=first)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a BOM), or LoadError at the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError(f"the file is not UTF-8 text (byte {exc.start + 1} cannot be read)",
                        line) from None


def read_document(path: Path) -> Document:
    """Read and parse a file; an unreadable file is a LoadError too."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(f"the file is {size // 1024} KB; a plan file is at most "
                            f"{MAX_BYTES >> 20} MB")
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read the file: {exc.strerror or exc}") from None
    return parse(decode(raw))


def yaml_scalar(value: object) -> str:
    """A value written as a YAML scalar that reads back as exactly that value: plain where
    that is safe, else double-quoted (JSON's escaping is valid YAML 1.2)."""
    import json
    from datetime import date

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text and text == text.strip() and "\n" not in text and "\t" not in text:
        try:
            back = parse(f"k: {text}\n").data.get("k")
        except LoadError:
            back = None
        yaml11_words = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
        if (back == text and text.lower() not in yaml11_words
                and not any(ch in text for ch in "#{}[],&*!|>'\"%@`")):
            return text
    return json.dumps(text, ensure_ascii=False)

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
import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import Resolver

from saveplan.findings import Finding, Loc

try:  # the C parser: several times faster; the pure-Python one gives the same result
    from ruamel.yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - exercised by forcing PURE in the tests
    _CParser = None

MAX_BYTES = 4 << 20  # a plan is a few KB; 4 MB is not a plan
MAX_VALUES = 20_000  # values after aliases are expanded: beyond this, an alias bomb
MAX_DEPTH = 64  # a plan nests 5 deep; far deeper is an attack on the recursion limit


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
    # mapping node id -> {key: (key node, value node)}, built once per mapping on first use:
    # a finding per key of a 20,000-key mapping costs one pass, not 20,000
    _index: dict[int, dict[str, tuple[Node, Node]]] = field(default_factory=dict, repr=False)

    def _keys(self, node: Node) -> dict[str, tuple[Node, Node]]:
        found = self._index.get(id(node))
        if found is None:
            found = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode) and isinstance(key.value, str):
                    found.setdefault(key.value, (key, value))  # the first, as the scan took
            self._index[id(node)] = found
        return found

    def locate(self, loc: Loc) -> tuple[int, int]:
        """The 1-based (line, column) of a key path: a mapping key resolves to the key,
        a list index to the item; a path that does not exist resolves to its deepest
        existing ancestor, and the empty path to the document's first key."""
        node: Node = self.root
        best = self._first_key
        for part in loc:
            if isinstance(node, MappingNode) and isinstance(part, str):
                pair = self._keys(node).get(part)
                if pair is None:
                    break
                key, node = pair
                best = (key.start_mark.line + 1, key.start_mark.column + 1)
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
    if "duplicate anchor" in text:  # libyaml's words; the pure parser's check says the same
        return LoadError("an anchor is defined twice: give each its own name", line, column)
    if "mapping values are not allowed" in text:
        text = ("a ':' where a value was expected: a key is indented wrongly on this line or the "
                "one above, or a value holding ': ' needs quotes")
    elif "found character that cannot start any token" in text:
        text = "a character that cannot start a value here (a tab? an '@' or '`'?): quote the value"
    elif "did not find expected '-'" in text:
        text = "a list item here is indented differently from the items above it"
    elif "did not find expected key" in text:
        text = "a key here is indented differently from the keys above it"
    return LoadError(f"YAML: {text}", line, column)


def _clamped(error: LoadError, text: str) -> LoadError:
    """The parser may point past the end of the text (at the stream's end): say the last line."""
    last = max(1, len(text.splitlines()))
    if error.line > last:
        error.line, error.column = last, 1
    return error


_DEEP_INDENT = re.compile(r"^ {80,}\S", re.MULTILINE)



# -- the YAML a plan is written in -----------------------------------------------------------
# libyaml (the C parser) and ruamel's pure parser disagree on a few corners of YAML: tabs,
# anchors, empty keys, odd flow mappings. A plan is written in a plain subset of YAML, and
# what falls outside it is SP100 with either parser, so a verdict never depends on which
# parser is installed (docs/yaml.md lists the valid YAML this refuses).

_TAB_OUTSIDE_COMMENT = re.compile(r"^(?![ ]*#).*\t", re.MULTILINE)
_ANCHOR_NAME = re.compile(r"[A-Za-z0-9_-]+")
_AFTER_QUOTE = frozenset(" \t\r\n,]}:")


def _lexical_subset(text: str) -> None:
    """The check of the plan subset that needs no parse: tabs."""
    tab = _TAB_OUTSIDE_COMMENT.search(text) if "\t" in text else None
    if tab is not None:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - tab.start()
        raise LoadError(f"a tab at line {line}: indent with spaces (a tab inside a quoted "
                        "text can be written \\t)", line, column)


def _subset(root: Node, text: str) -> None:
    """Refuse (LoadError) what a plan file does not need and the parsers disagree on."""
    seen: set[int] = set()
    anchors: dict[str, int] = {}

    def fail(node: Node, why: str) -> LoadError:
        return LoadError(why, node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(node: Node, indent: int) -> None:
        key = id(node)
        if key in seen:
            return
        seen.add(key)
        anchor = getattr(node, "anchor", None)
        if anchor:
            if not _ANCHOR_NAME.fullmatch(str(anchor)):
                raise fail(node, f"the anchor name &{anchor} has characters other than letters, "
                                 "digits, - and _")
            if anchors.setdefault(str(anchor), key) != key:
                raise fail(node, "an anchor is defined twice: give each its own name")
        start, end = node.start_mark, node.end_mark
        if end.line > start.line and (getattr(node, "flow_style", False)
                                      or getattr(node, "style", None) in ('"', "'")):
            for n, line in enumerate(text[start.index:end.index].split("\n")[1:], start.line + 2):
                stripped = line.lstrip(" ")
                if stripped and len(line) - len(stripped) <= indent:
                    raise LoadError(f"line {n} continues the value begun at line {start.line + 1}: "
                                    "indent it more than its key", n, 1)
        if isinstance(node, ScalarNode):
            style = getattr(node, "style", None)
            if style in ('"', "'") and end.index < len(text) and text[end.index] not in _AFTER_QUOTE:
                raise LoadError(f"after the closing quote at line {end.line + 1}, put a space before "
                                f"{text[end.index]!r}", end.line + 1, end.column + 1)
            if style in ("|", ">"):
                _block_header(node, text)
            return
        if isinstance(node, MappingNode):
            flow = bool(getattr(node, "flow_style", False))
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == "" and not getattr(k, "style", None):
                    raise fail(k, "a key with no name (a line that starts with ':')")
                between = text[k.end_mark.index:v.start_mark.index].strip()
                if flow and isinstance(v, ScalarNode) and v.value == "" and between != ":" \
                        and not getattr(v, "style", None) and v.start_mark.index == v.end_mark.index:
                    raise fail(k, f"'{k.value}' in a {{...}} mapping has no ':' and value")
                if isinstance(v, ScalarNode) and not getattr(v, "style", None) \
                        and str(v.value).startswith(":"):
                    raise fail(v, "a value that starts with ':': quote it")
                walk(k, indent)
                walk(v, k.start_mark.column if not flow else indent)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                walk(item, indent)

    walk(root, -1)


def _block_header(node: Node, text: str) -> None:
    """A block scalar (`|`, `>`): a comment after its indicator needs a space before '#',
    and blank lines before its first line may not be indented deeper than that line."""
    start = node.start_mark.index
    header_end = text.find("\n", start)
    header = text[start:header_end if header_end >= 0 else len(text)]
    if re.match(r"[|>][0-9+-]*#", header):
        raise LoadError("a comment after | or > needs a space before '#'",
                        node.start_mark.line + 1, node.start_mark.column + 1)
    if header_end < 0:
        return
    blank = 0
    for n, line in enumerate(text[header_end + 1:].split("\n"), node.start_mark.line + 2):
        if line.strip():
            if blank > len(line) - len(line.lstrip(" ")):
                raise LoadError(f"a blank line before line {n} is indented deeper than the text of "
                                "the | or > block", n, 1)
            return
        blank = max(blank, len(line))

def _may_hide_a_bomb(text: str) -> bool:
    """Cheap test (C-speed string scans): only aliases, many brackets or very deep
    indentation can make a document huge or deep."""
    return "*" in text or text.count("[") + text.count("{") > 64 or bool(_DEEP_INDENT.search(text))


def _guard(root: Node) -> None:
    """Refuse documents nested deeper than MAX_DEPTH, whose aliases expand the data by more
    than MAX_VALUES values, or whose aliases refer to themselves. Sizes are memoised per
    node, so the walk is linear in the nodes written; a long document without aliases (a
    roster of 3,500 people in flow style) is no bomb."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def fail(node: Node, text: str) -> LoadError:
        return LoadError(f"YAML: {text}", node.start_mark.line + 1, node.start_mark.column + 1)

    def size(node: Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if depth > MAX_DEPTH:
            raise fail(node, "the document is nested too deeply")
        if key in active:
            raise fail(node, "an alias refers to itself (recursive data)")
        active.add(key)
        total = 1
        if isinstance(node, MappingNode):
            for k, v in node.value:
                total += size(k, depth + 1) + size(v, depth + 1)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                total += size(item, depth + 1)
        active.discard(key)
        if total - len(sizes) > MAX_VALUES:
            raise fail(node, f"aliases expand the document by more than {MAX_VALUES} values "
                             "(an alias bomb?)")
        sizes[key] = total
        return total

    size(root, 0)


class _PureLoader:
    """The pure-Python parser behind ruamel's supported `YAML(typ="safe", pure=True)` API,
    with the same safe constructor and YAML 1.2 rules as the C path."""

    def __init__(self, text: str) -> None:
        from ruamel.yaml import YAML

        self._yaml = YAML(typ="safe", pure=True)
        self._yaml.Constructor = _Constructor
        self._yaml.max_depth = MAX_DEPTH + 50  # _guard has the final word on depth
        self._text = text

    def get_single_node(self) -> Any:
        return self._yaml.compose(self._text)

    def construct_document(self, node: Node) -> Any:
        return self._yaml.constructor.construct_document(node)

    def dispose(self) -> None:
        pass


_YAML = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP = (_YAML + t for t in ("str", "int", "float", "bool", "null",
                                                                  "timestamp"))
_MAP, _SEQ, _MERGE = _YAML + "map", _YAML + "seq", _YAML + "merge"
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class _Constructor(SafeConstructor):
    """ruamel's safe constructor, except that a timestamp that is no real date
    (2027-02-30) stays text for the schema to flag at its line, instead of a bare
    ValueError from deep inside the constructor."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError):
            return node.value


_Constructor.add_constructor(_TIMESTAMP, _Constructor.construct_yaml_timestamp)


class _Slow(Exception):
    """This node needs ruamel's own constructor (a rare form, or an error to report)."""


def _fast(node: Node) -> Any:
    """Plain data from a node tree for the forms plans are written in: strings, decimal
    ints, floats, booleans, nulls, ISO dates, and plain mappings and lists. Anything else
    (explicit tags, merge keys, hex or octal ints, duplicate or unhashable keys) raises
    _Slow, and ruamel's safe constructor builds the document, errors and all. Same data
    either way (tests/test_loader.py compares them), at a fraction of the time."""
    tag = node.ctag
    if tag.handle is not None:
        raise _Slow
    kind = tag.suffix
    cls = node.__class__
    if cls is ScalarNode:
        value: str = node.value
        if kind == _STR:
            return value
        if kind == _INT and _DECIMAL.match(value):
            return int(value)
        if kind == _NULL:
            return None
        if kind == _BOOL:
            return value.lower() == "true"
        if kind == _TIMESTAMP and _ISO_DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:  # 2027-02-30: left as text, for the schema to say "not a date"
                return value
        if kind == _FLOAT and value[-1:].isdigit():
            try:
                return float(value)
            except ValueError:
                raise _Slow from None
        raise _Slow
    if cls is SequenceNode and kind == _SEQ:
        return [_fast(item) for item in node.value]
    if cls is MappingNode and kind == _MAP:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode or key_node.ctag.suffix == _MERGE:
                raise _Slow
            key = _fast(key_node)
            if key in out:
                raise _Slow
            out[key] = _fast(value_node)
        return out
    raise _Slow


if _CParser is not None:

    class _CLoader(_CParser, _Constructor, Resolver):  # type: ignore[misc]
        """libyaml's parser and composer in C; construction and YAML 1.2 resolution as the
        pure loader does them. (The plain Resolver holds the 1.2 rules; ruamel's
        VersionedResolver looks the version up for every scalar, at a third of the time.)"""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            self._parser = self._composer = self
            _Constructor.__init__(self, loader=self)
            Resolver.__init__(self, loadumper=self)


FAST_BUILD = True  # tests turn it off to compare with ruamel's constructor
PURE = _CParser is None  # tests set this to prove the C parser changes speed, not results


# Plan text reaches terminals, Markdown, HTML and calendars that other people read. YAML
# lets a double-quoted string carry any control character as an escape (`"\e[2J"` clears a
# screen) and plain text carry bidi overrides: such characters are dropped from the data
# once, here, so no output can show them (the file itself is never changed). Only files
# holding a backslash or a bidi control are walked: the cost elsewhere is one search.
_MAY_HOLD_CONTROLS = re.compile(r"[\\\u0085\u202a-\u202e\u2066-\u2069]")


def _without_controls(value: Any) -> Any:
    from saveplan.render.text import strip_controls

    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {_without_controls(k): _without_controls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    return value


def parse(text: str) -> Document:
    """Parse YAML text into a Document, or raise LoadError."""
    with warnings.catch_warnings():  # ruamel warns on stderr (YAML 1.1 floats, reused anchors)
        warnings.simplefilter("ignore")
        return _parse(text)


def _parse(text: str) -> Document:
    loader: Any = None
    try:
        _lexical_subset(text)
        loader = _PureLoader(text) if PURE else _CLoader(text)
        root = loader.get_single_node()
        if root is None:
            raise LoadError("the file is empty: a plan is a YAML mapping of keys")
        if not isinstance(root, MappingNode):
            kind = "a list" if isinstance(root, SequenceNode) else "a single value"
            raise LoadError(f"the top level is {kind}, not a mapping of keys",
                            root.start_mark.line + 1, root.start_mark.column + 1)
        if _may_hide_a_bomb(text):
            _guard(root)
        _subset(root, text)
        try:
            data = _fast(root) if FAST_BUILD else loader.construct_document(root)
        except _Slow:
            data = loader.construct_document(root)
    except LoadError as exc:
        raise _clamped(exc, text) from None
    except MarkedYAMLError as exc:
        raise _clamped(_marked(exc), text) from None
    except ReaderError as exc:  # a character YAML does not allow (the pure reader checks first)
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else 1
        raise _clamped(LoadError(f"YAML: {exc.reason} (character #x{exc.character:04x})"
                                 if isinstance(exc.character, int) else f"YAML: {exc.reason}", line),
                       text) from None
    except YAMLError as exc:
        raise LoadError(f"YAML: {exc}") from None
    except RecursionError:
        raise LoadError("YAML: the document is nested too deeply") from None
    except AssertionError as exc:  # ruamel's pure parser asserts on `%YAML 1.3` (libyaml refuses it)
        raise LoadError(f"YAML: the document cannot be read ({exc})") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a constructor's own complaint
        raise LoadError(f"YAML: a value cannot be read ({exc})") from None
    finally:
        if loader is not None:
            with contextlib.suppress(Exception):  # disposing a broken parser may fail
                loader.dispose()
    if _MAY_HOLD_CONTROLS.search(text):
        data = _without_controls(data)
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
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO would block the read forever
            raise LoadError("not a regular file (a named pipe, device or socket); "
                            "a plan is a .yaml file")
        size = st.st_size
        if size > MAX_BYTES:
            raise LoadError(f"the file is {size // 1024} KB; a plan file is at most "
                            f"{MAX_BYTES >> 20} MB")
        raw = path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            raise LoadError(f"a link to {os.readlink(path)}, which does not exist") from None
        raise LoadError("cannot read the file: no such file") from None
    except OSError as exc:
        raise LoadError(f"cannot read the file: {exc.strerror or exc}") from None
    return parse(decode(raw))


def read_or_sp100(path: Path, shown: str) -> tuple[Document | None, list[Finding]]:
    """The one way every reader opens a YAML file (through saveplan.documents.load): the
    document, or None and the SP100 finding at its line (`shown` is the path as findings
    name it)."""
    try:
        return read_document(path), []
    except LoadError as exc:
        return None, [_sp100(exc, shown)]


def parse_or_sp100(text: str, shown: str) -> tuple[Document | None, list[Finding]]:
    """The same for text already read (saveplan.documents.load_text)."""
    try:
        return parse(text), []
    except LoadError as exc:
        return None, [_sp100(exc, shown)]


def _sp100(exc: LoadError, shown: str) -> Finding:
    return Finding("SP100", exc.message, (), shown, exc.line, exc.column)


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

"""Editing a plan as a careful person would: `record` (a leading-indicator reading) and
`done` (the date an action was done).

The document is never re-dumped (a YAML emitter reformats lines). Instead each edit is a
splice of text at a place found from the parsed node tree's marks (`mark.index` is a
character offset, the same for the C and the pure-Python parser):

- a reading is a new item after the last reading, in the same style (flow `- {on: ..,
  value: ..}` or a block mapping, same indentation, same quoting); a flow list `[...]`
  gets `, {...}` after its last item; without `readings`, the key is added at the end
  of `leading_indicator` with its indentation;
- `done:` goes on a new line after the action's `due:` (block style) or as `, done: ..`
  before the closing brace (flow style); an existing `done:` value is replaced in place.

Only the edited lines change; comments, key order, quoting, blank lines, CRLF line ends,
a byte-order mark and a missing final newline are all kept. Then every edit is VERIFIED
before anything is written: the new text must parse, its data must equal the old data
plus exactly the intended change, and the plan must have no error finding it did not
have before (dated SP3xx rules aside). Otherwise the edit is refused (EditRefused).

`apply_edit` does the file part: lock, re-read, edit, verify, atomic write, unlock. Two
`saveplan record` runs at the same time on one plan both land, one after the other.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import math
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from saveplan.documents import Broken, load_text, refusal
from saveplan.errors import EditRefused, InvalidDate, InvalidPlan, UnknownAction, UsageError
from saveplan.loader import MAX_BYTES, Document, LoadError, decode, parse, yaml_scalar
from saveplan.models import Plan, WorkspaceConfig

LOCK_TIMEOUT = 30.0  # seconds to wait for another saveplan writing the same plan
Node = Any  # a node of the loader's tree: `.id` is "scalar" | "sequence" | "mapping"


@dataclass(frozen=True)
class Edit:
    """The result of an edit: the whole new text, the data it must parse to, the 1-based
    line of the change in the new text, and what was done, in words."""

    text: str
    data: dict[str, Any]
    line: int
    message: str
    changed: bool = True


# -- reading the node tree (no ruamel import: nodes are duck-typed) -----------------------

def _is(node: Node, kind: str) -> bool:
    return getattr(node, "id", None) == kind


def _is_flow(node: Node) -> bool:
    return bool(getattr(node, "flow_style", False))


def _get(mapping: Node, key: str) -> tuple[Node, Node] | None:
    if not _is(mapping, "mapping"):
        return None
    for k, v in mapping.value:
        if _is(k, "scalar") and k.value == key:
            return k, v
    return None


def _quote(node: Node | None) -> str:
    style = getattr(node, "style", None)
    return style if style in ('"', "'") else ""


def _content_end(node: Node) -> tuple[int, bool]:
    """The offset just after the node's last character of content, and whether that is the
    end of a block scalar (`|`, `>`), whose end mark sits on a later line. A block
    collection's own end mark is the next token's start, so it is walked into instead."""
    if _is(node, "scalar"):
        return node.end_mark.index, node.style in ("|", ">")
    if _is_flow(node) or not node.value:
        return node.end_mark.index, False
    last = node.value[-1][1] if _is(node, "mapping") else node.value[-1]
    return _content_end(last)


def _eol_style(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _insert_lines(text: str, end: int, block_scalar: bool, lines: list[str]) -> tuple[str, int]:
    """Insert whole lines after the line where the content ending at `end` ends, with that
    line's line ending; at the end of a file without a final newline, keep it without."""
    if block_scalar:
        at = text.rfind("\n", 0, end) + 1
        if at > 0 and not text[at:end].strip():  # the end mark sits at or in the next line's indent
            eol = "\r\n" if text[at - 2:at] == "\r\n" else "\n"
            return text[:at] + "".join(line + eol for line in lines) + text[at:], _line_of(text, at)
    newline = text.find("\n", end)
    if newline == -1:
        eol = _eol_style(text)
        return text + eol + eol.join(lines), text.count("\n") + 2
    eol = "\r\n" if newline > 0 and text[newline - 1] == "\r" else "\n"
    at = newline + 1
    return text[:at] + "".join(line + eol for line in lines) + text[at:], _line_of(text, at)


def _splice(text: str, start: int, end: int, new: str) -> tuple[str, int]:
    return text[:start] + new + text[end:], _line_of(text, start)


def _seq_offset(root: Node) -> int:
    """How far this document indents a block list under its key (`key:\\n  - x` is 2,
    `key:\\n- x` is 0): the first such list decides; 2 when there is none."""
    todo = [root]
    while todo:
        node = todo.pop(0)
        if _is(node, "mapping"):
            for k, v in node.value:
                if _is(v, "sequence") and not _is_flow(v) and v.value:
                    return max(0, int(v.start_mark.column) - int(k.start_mark.column))
                todo.append(v)
        elif _is(node, "sequence"):
            todo.extend(node.value)
    return 2


def _prefers_flow_items(root: Node) -> bool:
    """Does this document write list items as `{...}` (like the contract's stakeholders)?
    Yes when any block list has a flow mapping item, or when no list has mapping items."""
    block_items = 0
    todo = [root]
    while todo:
        node = todo.pop()
        if _is(node, "mapping"):
            todo.extend(v for _, v in node.value)
        elif _is(node, "sequence"):
            for item in node.value:
                if _is(item, "mapping") and not _is_flow(node):
                    if _is_flow(item):
                        return True
                    block_items += 1
                todo.append(item)
    return block_items == 0


def _dash_prefix(text: str, seq: Node, item: Node) -> str:
    """The text before an item on its line (`    - `), to start a new item the same way."""
    start: int = item.start_mark.index
    prefix = text[text.rfind("\n", 0, start) + 1:start]
    if re.fullmatch(r" *- +", prefix):
        return prefix
    return " " * int(seq.start_mark.column) + "- "


def _flow_pad(text: str, node: Node | None) -> str:
    """`{ a: 1 }` or `{a: 1}`: the padding inside an existing flow mapping's braces."""
    if node is None or not _is(node, "mapping") or not _is_flow(node):
        return ""
    start = node.start_mark.index
    return " " if text[start:start + 2] == "{ " else ""


def _parse_for_edit(text: str) -> Document:
    try:
        return parse(text)
    except LoadError as exc:
        raise _unreadable(exc.line, exc.message) from None


def _unreadable(line: int, message: str) -> InvalidPlan:
    return InvalidPlan(f"line {line}: {message}", hint="run `saveplan check` on it and fix it first")


# -- values as the command line gives them -----------------------------------------------

def parse_value(text: str) -> float:
    """VALUE of `saveplan record`: a finite number (`2`, `2.5`, `-1`, `1e3`)."""
    try:
        value = float(text.strip())
    except ValueError:
        raise UsageError(f"VALUE {text!r} is not a number",
                         hint="give the indicator's reading as a number, e.g. 2 or 2.5") from None
    if not math.isfinite(value):
        raise UsageError(f"VALUE {text!r} is not a finite number",
                         hint="give the indicator's reading as a number, e.g. 2 or 2.5")
    return value


def _number_text(value: float) -> str:
    """The number as YAML text; `1e+20` is written `1.0e+20`, which every YAML version reads
    as a float without a warning."""
    text = yaml_scalar(float(value))
    mantissa, e, exponent = text.partition("e")
    if e and "." not in mantissa:
        text = f"{mantissa}.0e{exponent}"
    return text


def _number_back(value: float) -> int | float:
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


# -- record: add a reading ----------------------------------------------------------------

def _reading_item(text: str, on: date, value: float, like: Node | None, flow: bool,
                  key_quote: str, date_quote: str, prefix: str) -> list[str]:
    """The new reading as lines: one flow mapping, or a block mapping under `prefix`."""
    order = ["on", "value"]
    if like is not None and _is(like, "mapping"):
        seen = [k.value for k, _ in like.value if _is(k, "scalar") and k.value in order]
        order = seen + [k for k in order if k not in seen]
    values = {"on": f"{date_quote}{on.isoformat()}{date_quote}", "value": _number_text(value)}
    pairs = [f"{key_quote}{k}{key_quote}: {values[k]}" for k in order]
    if flow:
        pad = _flow_pad(text, like)
        return [f"{prefix}{{{pad}{', '.join(pairs)}{pad}}}"]
    return [prefix + pairs[0]] + [" " * len(prefix) + p for p in pairs[1:]]


def add_reading(text: str, on: date, value: float) -> Edit:
    """Append a reading `{on, value}` to `leading_indicator.readings` (pure: text in, text out)."""
    doc = _parse_for_edit(text)
    found = _get(doc.root, "leading_indicator")
    if found is None or not _is(found[1], "mapping"):
        raise EditRefused("the plan has no leading_indicator to record a reading for",
                          hint="add one (metric, target, check) and run `saveplan check`")
    li_key, li = found
    json_keys = _quote(li_key) == '"'
    key_quote = '"' if json_keys else ""
    date_quote = key_quote
    item_data: dict[str, Any] = {"on": on, "value": _number_back(value)}
    readings = _get(li, "readings")

    if readings is not None and _is(readings[1], "sequence"):
        seq = readings[1]
        last = seq.value[-1] if seq.value else None
        if last is not None and _is(last, "mapping"):
            first_key = last.value[0][0] if last.value else None
            key_quote = _quote(first_key)
            on_node = _get(last, "on")
            date_quote = _quote(on_node[1]) if on_node else key_quote
        if _is_flow(seq):
            item = _reading_item(text, on, value, last, True, key_quote, date_quote, "")[0]
            if last is not None:
                new, line = _splice(text, last.end_mark.index, last.end_mark.index, ", " + item)
            else:
                close = seq.end_mark.index - 1
                if text[close:close + 1] != "]":
                    raise EditRefused("cannot find the end of the readings list",
                                      hint="add the reading by hand")
                new, line = _splice(text, close, close, item)
        else:
            prefix = _dash_prefix(text, seq, last)
            flow_item = last is None or not _is(last, "mapping") or _is_flow(last)
            lines = _reading_item(text, on, value, last, flow_item, key_quote, date_quote, prefix)
            end, block_scalar = _content_end(last)
            new, line = _insert_lines(text, end, block_scalar, lines)
    elif readings is not None and _is(readings[1], "scalar") and readings[0] is not None:
        key, val = readings  # `readings:` with nothing, `null` or `~`
        if val.value not in ("", "~", "null", "Null", "NULL") or val.style:
            raise EditRefused("leading_indicator.readings is not a list",
                              hint="run `saveplan check` and fix it first")
        item = _reading_item(text, on, value, None, True, key_quote, date_quote, "")[0]
        if val.start_mark.index == val.end_mark.index and not _is_flow(li):
            indent = " " * (key.start_mark.column + _seq_offset(doc.root))
            flow = _prefers_flow_items(doc.root)
            lines = _reading_item(text, on, value, None, flow, key_quote, date_quote, indent + "- ")
            new, line = _insert_lines(text, val.end_mark.index, False, lines)
        else:
            start, end = val.start_mark.index, val.end_mark.index
            lead = " " if start == end else ""
            new, line = _splice(text, start, end, f"{lead}[{item}]")
    elif readings is None:
        if _is_flow(li):
            item = _reading_item(text, on, value, None, True, key_quote, date_quote, "")[0]
            entry = f"{key_quote}readings{key_quote}: [{item}]"
            if li.value:
                at = li.value[-1][1].end_mark.index
                new, line = _splice(text, at, at, ", " + entry)
            else:
                new, line = _splice(text, li.end_mark.index - 1, li.end_mark.index - 1, entry)
        else:
            column = li.value[0][0].start_mark.column
            key_quote = _quote(li.value[0][0])
            indent = " " * column
            item_indent = indent + " " * _seq_offset(doc.root) + "- "
            flow = _prefers_flow_items(doc.root)
            lines = [f"{indent}{key_quote}readings{key_quote}:",
                     *_reading_item(text, on, value, None, flow, key_quote, date_quote, item_indent)]
            end, block_scalar = _content_end(li)
            new, line = _insert_lines(text, end, block_scalar, lines)
    else:
        raise EditRefused("leading_indicator.readings is not a list",
                          hint="run `saveplan check` and fix it first")

    if date_quote:
        item_data["on"] = on.isoformat()
    data = copy.deepcopy(doc.data)
    indicator = data["leading_indicator"]
    if isinstance(indicator.get("readings"), list):
        indicator["readings"].append(item_data)
    else:
        indicator["readings"] = [item_data]
    return Edit(new, data, line, f"recorded {_number_text(value)} on {on.isoformat()}")


# -- done: the date an action was done ---------------------------------------------------

def find_action(data: dict[str, Any], ref: str) -> int:
    """ACTION of `saveplan done`: an action's `id`, else its 1-based number. 0-based index."""
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        raise UsageError("the plan has no actions", hint="run `saveplan check` on it")
    wanted = ref.strip()
    ids = [a.get("id") if isinstance(a, dict) else None for a in actions]
    for exact in (True, False):
        for i, given in enumerate(ids):
            if isinstance(given, str) and (given == wanted if exact
                                           else given.casefold() == wanted.casefold()):
                return i
    if re.fullmatch(r"\d{1,4}", wanted) and 1 <= int(wanted) <= len(actions):
        return int(wanted) - 1
    known = ", ".join(f"{i + 1}" + (f" ({given})" if isinstance(given, str) else "")
                      for i, given in enumerate(ids))
    raise UnknownAction(f"no action {ref!r} in this plan",
                     hint=f"give an action's id or its number: {known}")


def mark_done(text: str, ref: str, on: date, *, replace: bool = True) -> Edit:
    """Set `done: ON` on the action `ref` (id or 1-based number). An action already done is
    given the new date when `replace`, else left as it is (an Edit with changed=False)."""
    doc = _parse_for_edit(text)
    index = find_action(doc.data, ref)
    actions = _get(doc.root, "actions")
    if actions is None or not _is(actions[1], "sequence") or index >= len(actions[1].value):
        raise EditRefused("cannot find the actions list in the file", hint="edit it by hand")
    item = actions[1].value[index]
    if not _is(item, "mapping") or not item.value:
        raise EditRefused(f"action {index + 1} is not a mapping of keys",
                          hint="run `saveplan check` and fix it first")
    key_quote = _quote(item.value[0][0])
    date_quote = key_quote
    due = _get(item, "due")
    if due is not None and _is(due[1], "scalar") and due[1].value[:1].isdigit():
        date_quote = _quote(due[1])  # dates written like the due date next to it
    data = copy.deepcopy(doc.data)
    label = f"action {index + 1}" + (f" ({data['actions'][index]['id']})"
                                     if isinstance(data["actions"][index].get("id"), str) else "")
    current = _get(item, "done")
    before = doc.data["actions"][index].get("done")

    if current is not None:
        key, val = current
        if before is not None and not replace:
            return Edit(text, doc.data, _line_of(text, key.start_mark.index),
                        f"{label} is already done ({before})", changed=False)
        if str(before) == on.isoformat():
            return Edit(text, doc.data, _line_of(text, key.start_mark.index),
                        f"{label} is already done on {on.isoformat()}", changed=False)
        if not _is(val, "scalar") or val.style in ("|", ">"):
            raise EditRefused(f"{label}: `done` is not a simple value", hint="edit it by hand")
        quote = _quote(val) or (date_quote if val.value in ("", "~", "null") else "")
        start, end = val.start_mark.index, val.end_mark.index
        lead = " " if start == end and not _is_flow(item) else ""
        new, line = _splice(text, start, end, f"{lead}{quote}{on.isoformat()}{quote}")
        date_quote = quote
        message = f"{label} done on {on.isoformat()}" + (f" (was {before})" if before else "")
    elif _is_flow(item):
        at = item.value[-1][1].end_mark.index
        entry = f"{key_quote}done{key_quote}: {date_quote}{on.isoformat()}{date_quote}"
        new, line = _splice(text, at, at, ", " + entry)
        message = f"{label} done on {on.isoformat()}"
    else:
        column = item.value[0][0].start_mark.column
        after = due[1] if due is not None else item
        end, block_scalar = _content_end(after)
        entry = f"{' ' * column}{key_quote}done{key_quote}: {date_quote}{on.isoformat()}{date_quote}"
        new, line = _insert_lines(text, end, block_scalar, [entry])
        message = f"{label} done on {on.isoformat()}"

    data["actions"][index]["done"] = on.isoformat() if date_quote else on
    return Edit(new, data, line, message)


# -- the lifecycle: refuse the mid-plan loop on a closed plan, close, touch ---------------
# `close` sets `status` in place and adds an `outcome` mapping; `touch` appends an item to
# `touches`. Both follow the document's own style as `record` does (flow or block items,
# indentation, key and date quoting); a new top-level key goes at the end of the file.

CLOSED_STATUSES = ("saved", "churned", "exited")
OUTCOME_ORDER = ("on", "arr", "reason", "category", "hours")
TOUCH_ORDER = ("on", "kind", "note", "result")


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def require_open(text: str, on: date, *, doing: str, instead: str) -> None:
    """Refuse (EditRefused) an edit of the mid-plan loop (`record`, `done`) on a closed
    plan, saying what to do `instead`; refuse (InvalidDate) a date before `started`."""
    data = _parse_for_edit(text).data
    status = data.get("status")
    if status in CLOSED_STATUSES:
        outcome = data.get("outcome")
        when = outcome.get("on") if isinstance(outcome, dict) else None
        closed = f" on {when}" if when else ""
        raise EditRefused(f"the plan is closed ({status}{closed}): it takes no {doing}; "
                          "nothing was written", hint=instead)
    started = _as_date(data.get("started"))
    if started is not None and on < started:
        raise InvalidDate(f"--on {on}: before the plan started ({started}); nothing was written",
                         hint="give a date on or after `started`")


def _scalar_text(value: Any, quote: str) -> str:
    """A value as YAML text; in a document whose keys are "quoted" (JSON style), dates and
    text are double-quoted too."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return _number_text(float(value)) if isinstance(value, float) else str(value)
    if quote == '"' and isinstance(value, date | str):
        import json

        return json.dumps(value.isoformat() if isinstance(value, date) else value,
                          ensure_ascii=False)
    return yaml_scalar(value)


def _data_value(value: Any, quote: str) -> Any:
    """What `_scalar_text(value, quote)` reads back as."""
    if isinstance(value, float):
        return _number_back(value)
    if isinstance(value, date) and quote == '"':
        return value.isoformat()
    return value


def _pairs(values: dict[str, Any], order: tuple[str, ...], like: Node | None,
           key_quote: str) -> list[str]:
    """`key: value` texts in the order of `like`'s keys where it has them, else `order`."""
    keys = [k for k in order if k in values]
    if like is not None and _is(like, "mapping"):
        seen = [k.value for k, _ in like.value if _is(k, "scalar") and k.value in keys]
        keys = seen + [k for k in keys if k not in seen]
    return [f"{key_quote}{k}{key_quote}: {_scalar_text(values[k], key_quote)}" for k in keys]


def _map_offset(root: Node) -> int:
    """How far this document indents a block mapping under its key (2 when none)."""
    todo = [root]
    while todo:
        node = todo.pop(0)
        if _is(node, "mapping") and not _is_flow(node):
            for k, v in node.value:
                if _is(v, "mapping") and not _is_flow(v) and v.value:
                    return max(1, int(v.value[0][0].start_mark.column) - int(k.start_mark.column))
                todo.append(v)
    return 2


# a blank line, then (after any comment lines) a top-level key
_SECTION_GAP = re.compile(r"\n[ \t]*\r?\n(?:#[^\n]*\n)*[^\s#]")


def _append_at_end(text: str, lines: list[str], section: bool = False) -> tuple[str, int]:
    """New top-level lines at the very end of the file (after any closing comments). A new
    `section` (a key with a nested block) is set off by a blank line where the document
    sets its top-level sections off that way."""
    eol = _eol_style(text)
    lead = "" if not text or text.endswith("\n") else eol
    if section and _SECTION_GAP.search(text) and text.strip() and not re.search(r"\n[ \t]*\r?\n$", text):
        lead += eol
    tail = eol if text.endswith("\n") or not text else ""
    new = text + lead + eol.join(lines) + tail
    return new, text.count("\n") + lead.count("\n") + 1


def _add_entries(text: str, mapping: Node, entries: list[tuple[str, str | list[str]]],
                 key_quote: str) -> tuple[str, int]:
    """Add entries to a mapping (flow: before the closing brace; block: after its last
    content, at its keys' column; the root: at the end of the file). An entry is (key,
    value): a text is the value on the key's line; a list of lines is a nested block
    under the key (each line already indented relative to the key)."""
    if _is_flow(mapping):
        parts = []
        for key, value in entries:
            if not isinstance(value, str):
                raise EditRefused("cannot add a nested block to a flow mapping",
                                  hint="edit the file by hand")
            parts.append(f"{key_quote}{key}{key_quote}: {value}")
        if mapping.value:
            at = mapping.value[-1][1].end_mark.index
            return _splice(text, at, at, ", " + ", ".join(parts))
        close = mapping.end_mark.index - 1
        if text[close:close + 1] != "}":
            raise EditRefused("cannot find the end of a flow mapping", hint="edit the file by hand")
        return _splice(text, close, close, ", ".join(parts))
    column = int(mapping.value[0][0].start_mark.column) if mapping.value else 0
    indent = " " * column
    out: list[str] = []
    for key, value in entries:
        if isinstance(value, str):
            out.append(f"{indent}{key_quote}{key}{key_quote}: {value}")
        else:
            out.append(f"{indent}{key_quote}{key}{key_quote}:")
            out.extend(indent + line for line in value)
    if column == 0:  # the document's top level: new keys go at the end of the file
        return _append_at_end(text, out, any(not isinstance(v, str) for _, v in entries))
    end, block_scalar = _content_end(mapping)
    return _insert_lines(text, end, block_scalar, out)


def _set_status(text: str, status: str) -> str:
    """`status:` given the new word in place (its quoting kept), or added when absent."""
    doc = _parse_for_edit(text)
    key_quote = _quote(doc.root.value[0][0])
    found = _get(doc.root, "status")
    if found is None:  # a draft by default: add the key
        return _add_entries(text, doc.root, [("status", _scalar_text(status, key_quote))],
                            key_quote)[0]
    val = found[1]
    if not _is(val, "scalar") or val.style in ("|", ">"):
        raise EditRefused("`status` is not a simple value", hint="edit it by hand")
    q = _quote(val)
    start, end = val.start_mark.index, val.end_mark.index
    lead = " " if start == end and not _is_flow(doc.root) else ""
    return _splice(text, start, end, f"{lead}{q}{status}{q}")[0]


def _add_outcome(text: str, values: dict[str, Any]) -> tuple[str, str]:
    """The outcome keys added (see close_plan); returns the text and the key quote used."""
    doc = _parse_for_edit(text)
    root = doc.root
    key_quote = _quote(root.value[0][0])
    found = _get(root, "outcome")
    if not values:
        return text, key_quote
    if found is None:
        pairs = _pairs(values, OUTCOME_ORDER, None, key_quote)
        entry: str | list[str] = ("{" + ", ".join(pairs) + "}" if _is_flow(root)
                                  else [" " * _map_offset(root) + p for p in pairs])
        return _add_entries(text, root, [("outcome", entry)], key_quote)[0], key_quote
    key, node = found
    if _is(node, "mapping"):
        quote = _quote(node.value[0][0]) if node.value else key_quote
        entries: list[tuple[str, str | list[str]]] = [
            (k, _scalar_text(values[k], quote)) for k in OUTCOME_ORDER if k in values]
        return _add_entries(text, node, entries, quote)[0], quote
    pairs = _pairs(values, OUTCOME_ORDER, None, key_quote)  # `outcome:` empty, null or ~
    start, end = node.start_mark.index, node.end_mark.index
    if start == end and not _is_flow(root):
        column = int(key.start_mark.column) + _map_offset(root)
        return _insert_lines(text, end, False, [" " * column + p for p in pairs])[0], key_quote
    lead = " " if start == end else ""
    return _splice(text, start, end, lead + "{" + ", ".join(pairs) + "}")[0], key_quote


def close_plan(text: str, status: str, outcome: dict[str, Any]) -> Edit:
    """Set `status` (saved | churned | exited) and add the `outcome` keys given, in one
    edit (pure: text in, text out). `outcome` maps keys of OUTCOME_ORDER to values (a
    date, numbers, text). The status value is replaced in place (with its quoting); an
    `outcome:` that exists gets the keys it lacks (a key it holds with another value is
    refused), else it is added at the end of the file. Saved without `arr` keeps
    `account.arr`. Refused: an already closed plan, an outcome date before `started`."""
    if status not in CLOSED_STATUSES:
        raise UsageError(f"cannot close a plan as {status!r}", hint="saved, churned or exited")
    doc = _parse_for_edit(text)
    if not _is(doc.root, "mapping") or not doc.root.value:
        raise EditRefused("the plan is not a mapping of keys", hint="run `saveplan check` on it")
    data = copy.deepcopy(doc.data)
    before = data.get("status", "draft")
    old_outcome = data.get("outcome")
    if before in CLOSED_STATUSES:
        on = old_outcome.get("on") if isinstance(old_outcome, dict) else None
        raise EditRefused(f"the plan is already {before}" + (f" (on {on})" if on else "")
                          + "; nothing was written",
                          hint="record what happened since with `saveplan touch`; to change the "
                               "outcome, edit it by hand")
    values = dict(outcome)
    started, on = _as_date(data.get("started")), _as_date(values.get("on"))
    if started is not None and on is not None and on < started:
        raise InvalidDate(f"--on {on}: before the plan started ({started}); nothing was written",
                         hint="give the date of the outcome, on or after `started`")
    account = data.get("account")
    if status == "saved" and "arr" not in values and isinstance(account, dict):
        arr = account.get("arr")
        if isinstance(arr, int | float) and not isinstance(arr, bool):
            values["arr"] = arr  # a save without --arr keeps the account's ARR
    if isinstance(old_outcome, dict):
        for key, value in list(values.items()):
            if key in old_outcome:
                if str(old_outcome[key]) != str(_data_value(value, "")):
                    raise EditRefused(f"the plan already has outcome.{key}: {old_outcome[key]}, "
                                      f"not {value}; nothing was written",
                                      hint="make them agree (edit the file or the options)")
                del values[key]
    elif old_outcome is not None:
        raise EditRefused("outcome is not a mapping of keys", hint="run `saveplan check` and fix it")

    new = _set_status(text, status)
    new, quote = _add_outcome(new, values)
    status_key = _get(_parse_for_edit(new).root, "status")
    line = int(status_key[0].start_mark.line) + 1 if status_key else 1

    data["status"] = status
    merged = dict(old_outcome) if isinstance(old_outcome, dict) else {}
    merged.update({k: _data_value(v, quote) for k, v in values.items()})
    data["outcome"] = merged
    return Edit(new, data, line, f"closed as {status}")


def add_touch(text: str, touch: dict[str, Any]) -> Edit:
    """Append a touch `{on, kind[, note][, result]}` to `touches` (pure: text in, text out),
    in the style of the touches already there (flow `- {...}` or block items); without
    `touches`, the key is added at the end of the file. Refused: an open plan (touches come
    after the outcome), a date before `outcome.on`."""
    doc = _parse_for_edit(text)
    root = doc.root
    if not _is(root, "mapping") or not root.value:
        raise EditRefused("the plan is not a mapping of keys", hint="run `saveplan check` on it")
    status = doc.data.get("status", "draft")
    if status not in CLOSED_STATUSES:
        raise EditRefused(f"the plan is {status}: touches come after the outcome; nothing was "
                          "written", hint="close it first: saveplan close PLAN saved|churned|exited")
    outcome = doc.data.get("outcome")
    closed_on = _as_date(outcome.get("on")) if isinstance(outcome, dict) else None
    on = _as_date(touch.get("on"))
    if closed_on is not None and on is not None and on < closed_on:
        raise InvalidDate(f"--on {on}: before the outcome ({closed_on}); nothing was written",
                         hint="a touch comes after the outcome: give a date on or after it")
    key_quote = _quote(root.value[0][0])
    found = _get(root, "touches")
    quote = key_quote
    if found is not None and _is(found[1], "sequence"):
        seq = found[1]
        last = seq.value[-1] if seq.value else None
        if last is not None and _is(last, "mapping") and last.value:
            quote = _quote(last.value[0][0])
        pairs = _pairs(touch, TOUCH_ORDER, last, quote)
        if _is_flow(seq):
            pad = _flow_pad(text, last)
            item = "{" + pad + ", ".join(pairs) + pad + "}"
            if last is not None:
                new, line = _splice(text, last.end_mark.index, last.end_mark.index, ", " + item)
            else:
                close = seq.end_mark.index - 1
                if text[close:close + 1] != "]":
                    raise EditRefused("cannot find the end of the touches list",
                                      hint="add the touch by hand")
                new, line = _splice(text, close, close, item)
        else:
            prefix = _dash_prefix(text, seq, last)
            if last is None or not _is(last, "mapping") or _is_flow(last):
                pad = _flow_pad(text, last)
                lines = [prefix + "{" + pad + ", ".join(pairs) + pad + "}"]
            else:
                lines = [prefix + pairs[0]] + [" " * len(prefix) + p for p in pairs[1:]]
            end, block_scalar = _content_end(last)
            new, line = _insert_lines(text, end, block_scalar, lines)
    elif found is None or (_is(found[1], "scalar") and found[1].value in ("", "~", "null")
                           and not found[1].style):
        pairs = _pairs(touch, TOUCH_ORDER, None, quote)
        flow_item = "{" + ", ".join(pairs) + "}"
        if found is not None:
            key, val = found
            start, end = val.start_mark.index, val.end_mark.index
            if start == end and not _is_flow(root):
                indent = " " * (int(key.start_mark.column) + _seq_offset(root))
                if _prefers_flow_items(root):
                    lines = [f"{indent}- {flow_item}"]
                else:
                    lines = [f"{indent}- {pairs[0]}"] + [f"{indent}  {p}" for p in pairs[1:]]
                new, line = _insert_lines(text, end, False, lines)
            else:
                new, line = _splice(text, start, end, (" " if start == end else "") + f"[{flow_item}]")
        elif _is_flow(root):
            new, line = _add_entries(text, root, [("touches", f"[{flow_item}]")], key_quote)
        else:
            indent = " " * _seq_offset(root)
            if _prefers_flow_items(root):
                lines = [f"{indent}- {flow_item}"]
            else:
                lines = [f"{indent}- {pairs[0]}"] + [f"{indent}  {p}" for p in pairs[1:]]
            new, line = _add_entries(text, root, [("touches", lines)], key_quote)
            line += 1  # the item, not the new `touches:` key
    else:
        raise EditRefused("touches is not a list", hint="run `saveplan check` and fix it first")

    data = copy.deepcopy(doc.data)
    entry = {k: _data_value(v, quote) for k, v in touch.items()}
    if isinstance(data.get("touches"), list):
        data["touches"].append(entry)
    else:
        data["touches"] = [entry]
    kind = str(touch["kind"])
    on = touch["on"]
    result = f" ({touch['result']})" if touch.get("result") else ""
    return Edit(new, data, line, f"{kind}{result} touch on {on}")


# -- report --sent: a weekly update sent ---------------------------------------------------

def add_update(text: str, on: date, to: str) -> Edit:
    """Append `{on: ON, to: TO}` to the plan's top-level `updates` (pure: text in, text out),
    in the style of the list that is there (a flow `[...]`, `- {...}` items or block
    mappings), or as a new `updates:` list at the end of the plan. The same update already
    recorded (same day, same audience) is left alone (an Edit with changed=False)."""
    doc = _parse_for_edit(text)
    root = doc.root
    if not _is(root, "mapping"):
        raise EditRefused("the plan is not a mapping of keys", hint="run `saveplan check` on it")
    first_key = root.value[0][0] if root.value else None
    key_quote = '"' if _quote(first_key) == '"' else ""
    date_quote = key_quote
    existing = doc.data.get("updates")
    if isinstance(existing, list):
        for i, given in enumerate(existing):
            if isinstance(given, dict) and str(given.get("on")) == on.isoformat() \
                    and given.get("to", "customer") == to:
                node = _get(root, "updates")
                line = _line_of(text, node[1].value[i].start_mark.index) if node else 1
                return Edit(text, doc.data, line, f"the update to the {to} on {on.isoformat()} is "
                            "already recorded", changed=False)
    found = _get(root, "updates")

    def item(like: Node | None, flow: bool, prefix: str) -> list[str]:
        values = {"on": f"{date_quote}{on.isoformat()}{date_quote}", "to": f"{key_quote}{to}{key_quote}"}
        pairs = [f"{key_quote}{k}{key_quote}: {v}" for k, v in values.items()]
        if flow:
            pad = _flow_pad(text, like)
            return [f"{prefix}{{{pad}{', '.join(pairs)}{pad}}}"]
        return [prefix + pairs[0]] + [" " * len(prefix) + p for p in pairs[1:]]

    if found is not None and _is(found[1], "sequence"):
        seq = found[1]
        last = seq.value[-1] if seq.value else None
        if last is not None and _is(last, "mapping") and last.value:
            key_quote = _quote(last.value[0][0])
            on_node = _get(last, "on")
            date_quote = _quote(on_node[1]) if on_node else key_quote
        if _is_flow(seq):
            entry = item(last, True, "")[0]
            if last is not None:
                new, line = _splice(text, last.end_mark.index, last.end_mark.index, ", " + entry)
            else:
                close = seq.end_mark.index - 1
                if text[close:close + 1] != "]":
                    raise EditRefused("cannot find the end of the updates list",
                                      hint="add the update by hand")
                new, line = _splice(text, close, close, entry)
        else:
            flow_item = last is None or not _is(last, "mapping") or _is_flow(last)
            end, block_scalar = _content_end(last)
            new, line = _insert_lines(text, end, block_scalar,
                                      item(last, flow_item, _dash_prefix(text, seq, last)))
    elif found is not None and _is(found[1], "scalar"):
        key, val = found  # `updates:` with nothing, `null` or `~`
        if val.value not in ("", "~", "null", "Null", "NULL") or val.style:
            raise EditRefused("updates is not a list", hint="run `saveplan check` and fix it first")
        if val.start_mark.index == val.end_mark.index and not _is_flow(root):
            indent = " " * (key.start_mark.column + _seq_offset(root))
            new, line = _insert_lines(text, val.end_mark.index, False,
                                      item(None, _prefers_flow_items(root), indent + "- "))
        else:
            start, end = val.start_mark.index, val.end_mark.index
            lead = " " if start == end else ""
            new, line = _splice(text, start, end, f"{lead}[{item(None, True, '')[0]}]")
    elif found is None:
        if _is_flow(root):
            entry = f"{key_quote}updates{key_quote}: [{item(None, True, '')[0]}]"
            at = root.value[-1][1].end_mark.index
            new, line = _splice(text, at, at, ", " + entry)
        else:
            column = int(root.value[0][0].start_mark.column)
            indent = " " * column
            item_indent = indent + " " * _seq_offset(root) + "- "
            end, block_scalar = _content_end(root)
            new, line = _insert_lines(text, end, block_scalar, [
                f"{indent}{key_quote}updates{key_quote}:",
                *item(None, _prefers_flow_items(root), item_indent)])
            line += 1
    else:
        raise EditRefused("updates is not a list", hint="run `saveplan check` and fix it first")

    data = copy.deepcopy(doc.data)
    entry_data: dict[str, Any] = {"on": on.isoformat() if date_quote else on, "to": to}
    if isinstance(data.get("updates"), list):
        data["updates"].append(entry_data)
    else:
        data["updates"] = [entry_data]
    return Edit(new, data, line, f"update to the {to} recorded as sent on {on.isoformat()}")


# -- verify, then write ------------------------------------------------------------------

# -- account figures from the CRM (`saveplan import --update`) -----------------------------

def update_account(text: str, arr: float | None, renewal: date | None) -> Edit:
    """`account.arr` and `account.renewal_date` given new values in place (each value's
    quoting kept, every other byte unchanged). Unchanged values are no change."""
    doc = _parse_for_edit(text)
    account = _get(doc.root, "account")
    if account is None or not _is(account[1], "mapping"):
        raise EditRefused("the plan has no `account` mapping", hint="edit it by hand")
    data = copy.deepcopy(doc.data)
    changes: list[tuple[int, int, str]] = []
    said: list[str] = []
    for key, value, shown in (("arr", arr, None if arr is None else yaml_scalar(_number_back(arr))),
                              ("renewal_date", renewal, None if renewal is None else renewal.isoformat())):
        if value is None or shown is None:
            continue
        old = data["account"].get(key)
        new_value: Any = _number_back(value) if isinstance(value, float | int) else value
        if old == new_value:
            continue
        found = _get(account[1], key)
        if found is None or not _is(found[1], "scalar") or found[1].style in ("|", ">"):
            raise EditRefused(f"`account.{key}` is not a simple value", hint="edit it by hand")
        val = found[1]
        q = _quote(val)
        changes.append((val.start_mark.index, val.end_mark.index, f"{q}{shown}{q}"))
        data["account"][key] = new_value
        said.append(f"account.{key} {old} -> {shown}")
    if not changes:
        return Edit(text, doc.data, 1, "already up to date", changed=False)
    new = text
    first_line = _line_of(text, min(c[0] for c in changes))
    for start, end, replacement in sorted(changes, reverse=True):
        new = new[:start] + replacement + new[end:]
    return Edit(new, data, first_line, "; ".join(said))


def _error_keys(doc: Document, config: WorkspaceConfig, today: date) -> tuple[bool, dict[Any, Any]]:
    from saveplan.checker import check_document

    plan, findings = check_document(doc, config, today)
    errors = {(f.code, f.loc): f for f in findings if f.is_error and not f.code.startswith("SP3")}
    return plan is not None, errors


def verify(old_text: str, edit: Edit, config: WorkspaceConfig, today: date) -> Document:
    """Refuse (EditRefused) an edit whose text does not parse to exactly the intended data,
    or that gives the plan an error it did not have. Returns the new document."""
    if not edit.changed:
        return parse(old_text)
    try:
        new = parse(edit.text)
    except LoadError as exc:
        raise EditRefused(f"the edit would break the YAML at line {exc.line} ({exc.message}); "
                          "nothing was written", hint="edit the file by hand") from None
    if new.data != edit.data:
        raise EditRefused("the edit would change more than intended; nothing was written",
                          hint="the file's layout is unusual here: edit it by hand")
    old_ok, old_errors = _error_keys(parse(old_text), config, today)
    new_ok, new_errors = _error_keys(new, config, today)
    fresh = [f for key, f in new_errors.items() if key not in old_errors]
    if (old_ok and not new_ok) or fresh:
        from saveplan.findings import format_loc

        first = fresh[0] if fresh else None
        why = f"{first.code} at {format_loc(first.loc)}: {first.message}" if first else "it would not load"
        raise EditRefused(f"the edit would make the plan invalid ({why}); nothing was written")
    return new


@contextlib.contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on the plan file while it is read, edited and replaced.

    The lock is on the file itself (no sidecar to clean up). A writer replaces the file
    (a new inode), so after taking the lock we check that the path still names the file we
    locked, and start again if not. Where there is no fcntl (Windows) or the file system
    refuses locks (some network mounts), the edit goes ahead unlocked: still atomic, but
    two simultaneous edits may then keep only one of them."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            raise EditRefused(f"{path} disappeared while waiting to edit it") from None
        except OSError as exc:
            raise EditRefused(f"cannot open {path}: {exc.strerror or exc}") from None
        try:
            pause = 0.002
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise EditRefused(f"{path} is being edited by another saveplan for over "
                                          f"{timeout:.0f} s; nothing was written",
                                          hint="try again in a moment") from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.05)
                except OSError:  # no locks on this file system: go ahead unlocked
                    yield
                    return
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                yield
                return
        finally:
            os.close(fd)  # closing the descriptor releases the lock


def apply_edit(path: Path, make: Callable[[str], Edit], config: WorkspaceConfig,
               today: date) -> Edit:
    """Lock the plan, read it afresh, make the edit, verify it, write it atomically.
    Any refusal leaves the file byte for byte as it was."""
    from saveplan.fileio import atomic_write, real_target, refuse_read_only
    from saveplan.workspace import display_path, find_root

    shown = display_path(path)
    inside = find_root(path.parent.absolute()) or path.parent.absolute()
    real_target(path, inside)  # before the lock: never open a file outside the workspace
    refuse_read_only(path, shown)
    with locked(path):
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:  # the limit check applies, so an edit never parses more
                raise EditRefused(f"{shown} is {size // 1024} KB; a plan file is at most "
                                  f"{MAX_BYTES >> 20} MB, nothing was written")
            raw = path.read_bytes()
        except OSError as exc:
            raise EditRefused(f"cannot read {shown}: {exc.strerror or exc}") from None
        try:
            text = decode(raw)
        except LoadError as exc:
            raise InvalidPlan(f"{shown}:{exc.line}: {exc.message}") from None
        bom = "\ufeff" if raw.startswith(codecs.BOM_UTF8) else ""
        # a file with old Mac line ends (CR only): edited as LF lines, written back as CR
        cr_only = "\r" in text and "\n" not in text
        if cr_only:
            text = text.replace("\r", "\n")
        loaded = load_text(text, Plan, shown)  # the one rule of "does this plan load"
        if isinstance(loaded, Broken):
            if loaded.doc is None:
                raise _unreadable(loaded.findings[0].line, loaded.findings[0].message)
            raise refusal(loaded.findings, shown)
        edit = make(text)
        verify(text, edit, config, today)
        if edit.changed:
            written = edit.text.replace("\n", "\r") if cr_only else edit.text
            try:
                atomic_write(path, bom + written, inside=inside)
            except OSError as exc:
                raise EditRefused(f"cannot write {shown}: {exc.strerror or exc}; the file is "
                                  "unchanged") from None
    return edit

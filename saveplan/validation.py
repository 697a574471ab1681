"""Pydantic errors turned into findings (SP101 / SP102 / SP103) with readable key paths.

`validate` returns the model when the data can be read, and the schema findings: one
pass reports every schema problem, and the method rules still run on every part that
validated. Each problem sets aside the smallest optional part that holds it: an unknown
key, a bad optional value, or the optional section around a bad required value (a root
cause whose category is unknown, an actions list with a broken action). The model is
built from the rest. Only a bad value the plan cannot be without (the account, the
owner, `started`) leaves the model None, with the schema findings alone.
`validate_parts` also says what was set aside, so that a rule's finding about a part
the schema already flagged is not reported twice (`drop_repeats`).
"""

from __future__ import annotations

import copy
import difflib
import re
import types
import typing
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeGuard, TypeVar

from pydantic import BaseModel, ValidationError

from saveplan.findings import Finding, Loc, format_loc

M = TypeVar("M", bound=BaseModel)

# A domain rule names these problems better than SP102 (SPEC: "Where a domain rule names
# the problem, its code is reported instead of SP101/SP102").
_DOMAIN: dict[tuple[str, ...], tuple[str, str]] = {
    ("leading_indicator", "target"): ("SP210", "the leading indicator's target must be a number"),
}


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _unwrap(annotation: Any) -> tuple[list[type[BaseModel]], bool]:
    """The model classes an annotation may hold (through Optional, list, dict, Annotated),
    and whether they sit under a dict (whose keys are free)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, dict):
        args = typing.get_args(annotation)[1:] if origin is dict else typing.get_args(annotation)
        models: list[type[BaseModel]] = []
        keyed = origin is dict
        for arg in args:
            found, under_dict = _unwrap(arg)
            models += found
            keyed = keyed or under_dict
        return models, keyed
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation], False
    return [], False


def known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the model accepts in the mapping at `loc` (list positions and dict keys
    are stepped over)."""
    current: list[type[BaseModel]] = [model]
    free_key = False
    for part in loc:
        if isinstance(part, int) or free_key:
            free_key = False
            continue
        found: list[type[BaseModel]] = []
        for m in current:
            field = _field_by_key(m, str(part))
            if field is not None:
                models, keyed = _unwrap(field.annotation)
                found += models
                free_key = free_key or keyed
        current = found
        if not current:
            return []
    return sorted({f.alias or name for m in current for name, f in m.model_fields.items()})


_KNOWN: dict[tuple[type[BaseModel], tuple[str, ...]], list[str]] = {}


def _known_keys_cached(model: type[BaseModel], shape: tuple[str, ...], loc: Loc) -> list[str]:
    """known_keys, once per model and key path (list positions aside)."""
    found = _KNOWN.get((model, shape))
    if found is None:
        found = _KNOWN[(model, shape)] = known_keys(model, loc)
    return found


def _field_by_key(model: type[BaseModel], key: str) -> Any:
    """The field a YAML key names: by its alias where it has one (`import`), else its name."""
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return info
    return None


MAX_HINTS = 200  # "did you mean" for this many unknown keys a file; past it, a typo is not the story


def _message(err: Any, model: type[BaseModel], hints: bool = True) -> tuple[str, str]:
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    where = format_loc(loc)
    named = loc and isinstance(loc[-1], str)
    key = str(loc[-1]) if named else where
    parent = format_loc(loc[:-1])
    for prefix, (code, text) in _DOMAIN.items():
        if loc[: len(prefix)] == prefix:
            return code, f"{text}, not {_short(err.get('input'))}"
    if kind == "missing":
        inside = f" in {parent}" if loc[:-1] else ""
        return "SP101", f"missing required key '{key}'{inside}"
    if kind == "extra_forbidden":
        inside = f" in {parent}" if loc[:-1] else ""
        if not hints:
            return "SP103", f"unknown key '{key}'{inside}"
        known = _known_keys_cached(model, tuple(p for p in loc[:-1] if isinstance(p, str)), loc[:-1])
        guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else (
            f"; known keys here: {', '.join(known)}" if known else "")
        return "SP103", f"unknown key '{key}'{inside}{hint}"
    got = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "literal_error":
        return "SP102", f"{where}: {_short(got)} is not allowed; use one of {ctx.get('expected')}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "finite_number",
                "int_from_float", "bool_not_allowed"):
        if isinstance(got, bool):
            return "SP102", f"{where} must be a number, not {str(got).lower()} (a yes/no word)"
        if isinstance(got, str) and _is_number(got):
            return "SP102", f"{where} must be a number, not the text {got!r}: remove the quotes"
        return "SP102", f"{where} must be a number, not {_short(got)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "SP102", f"{where} must be a date written YYYY-MM-DD, not {_short(got)}"
    if kind == "string_type":
        return "SP102", f"{where} must be text, not {_short(got)}"
    if kind in ("string_too_short", "too_short") and isinstance(err.get("input"), str):
        return "SP102", f"{where} must not be empty"
    if kind == "list_type":
        return "SP102", f"{where} must be a list, not {_short(got)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "SP102", f"{where} must be a mapping of keys, not {_short(got)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        word = "at least" if kind.startswith("greater") else "at most"
        return "SP102", f"{where} must be {word} {bound}, not {_short(got)}"
    if kind == "value_error":
        return "SP102", f"{where}: {str(err['msg']).removeprefix('Value error, ')}"
    return "SP102", f"{where}: {err['msg']}"


def _optional_part(model: type[BaseModel], loc: Loc) -> Loc | None:
    """The smallest part of the data holding `loc` that the plan can be read without: the
    deepest key on the path that its model does not require, or the deepest list item (a
    dict entry is never removed alone: a roster without one of its ids would be wrong about
    it; its dict is, where optional). None where every key up to the top is required."""
    best: Loc | None = None
    current: list[type[BaseModel]] = [model]
    free_key = False
    for depth, part in enumerate(loc):
        if isinstance(part, int):
            if not free_key:
                best = loc[: depth + 1]
            free_key = False
            continue
        if free_key:
            free_key = False
            continue
        found: list[type[BaseModel]] = []
        optional = False
        for m in current:
            info = _field_by_key(m, str(part))
            if info is None:  # an unknown key: the key itself is set aside
                optional = True
                continue
            optional = optional or not info.is_required()
            models, keyed = _unwrap(info.annotation)
            found += models
            free_key = free_key or keyed
        if optional:
            best = loc[: depth + 1]
        current = found
        if not current:
            break
    return best


def _remove(data: Any, loc: Loc) -> bool:
    """Remove the key or list item at `loc` from the data; False where it is not there."""
    if not loc:
        return False
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    if isinstance(last, str) and isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    if isinstance(last, int) and isinstance(parent, list) and 0 <= last < len(parent):
        del parent[last]
        return True
    return False


_LABELS = "action|concession|stakeholder|signal|move|reading|touch|update"


def _renumber(message: str, old: int, new: int) -> str:
    """`action 3` -> `action 4` in a message about an item that moved (its label)."""
    return re.sub(rf"\b({_LABELS}) {old}\b", lambda m: f"{m.group(1)} {new}", message, count=1)


class _Positions:
    """Where list items were set aside: a rule's finding about item r of the repaired list
    is about item kept[r] of the file (its loc and the number in its message)."""

    def __init__(self) -> None:
        self.removed: dict[Loc, set[int]] = {}

    def add(self, item: Loc) -> None:
        index = item[-1]
        assert isinstance(index, int)
        self.removed.setdefault(item[:-1], set()).add(index)

    def apply(self, data: Any) -> None:
        for items, indices in self.removed.items():
            for index in sorted(indices, reverse=True):
                _remove(data, (*items, index))

    def place(self, f: Finding) -> Finding | None:
        """The finding where it belongs in the file; None for a finding about a list that
        lost items (its count or make-up is not known until the items are fixed)."""
        for items, indices in self.removed.items():
            if f.loc == items:
                return None
            depth = len(items)
            if f.loc[:depth] == items and len(f.loc) > depth and isinstance(f.loc[depth], int):
                r = f.loc[depth]
                assert isinstance(r, int)
                n = r
                for gone in sorted(indices):  # the r-th kept index of the file
                    if gone <= n:
                        n += 1
                if n == r:
                    continue
                loc = (*items, n, *f.loc[depth + 1:])
                f = replace(f, loc=loc, message=_renumber(f.message, r + 1, n + 1))
        return f


M2 = TypeVar("M2", bound=BaseModel)


@dataclass
class Validated(Generic[M2]):
    model: M2 | None
    findings: list[Finding]
    set_aside: list[Loc] = field(default_factory=list)
    positions: _Positions = field(default_factory=_Positions)
    only_values: bool = True  # nothing set aside but the bad keys and values themselves


def _findings(errors: list[Any], model: type[BaseModel]) -> list[Finding]:
    findings = []
    seen: set[tuple[str, Loc]] = set()
    hints = sum(1 for err in errors if err["type"] == "extra_forbidden") <= MAX_HINTS
    for err in errors:
        code, text = _message(err, model, hints)
        loc = tuple(err["loc"])
        if (code, loc) not in seen:
            seen.add((code, loc))
            findings.append(Finding(code, text, loc))
    return findings


def validate_parts(model: type[M], data: Any) -> Validated[M]:
    """The model from every part of the data that validates, the schema findings, and the
    parts set aside to build it."""
    try:
        return Validated(model.model_validate(data), [])
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    findings = _findings(errors, model)
    parts = [_optional_part(model, tuple(err["loc"])) for err in errors]
    if any(part is None for part in parts):
        return Validated(None, findings)
    keys = sorted({p for p in parts if p is not None and isinstance(p[-1], str)}, key=len)
    # a key inside a list item set aside goes with its item; a key inside a key set aside too
    items = {p for p in parts if p is not None and isinstance(p[-1], int)}
    every = {*keys, *items}
    aside = [p for p in [*keys, *sorted(items, key=repr)]
             if not any(p[:k] in every for k in range(1, len(p)))]
    result: Validated[M] = Validated(None, findings, aside)
    result.only_values = all(part == tuple(err["loc"]) for part, err in zip(parts, errors, strict=True))
    repaired = copy.deepcopy(data)
    for part in aside:
        if isinstance(part[-1], int):
            result.positions.add(part)
        else:
            _remove(repaired, part)
    result.positions.apply(repaired)
    try:
        result.model = model.model_validate(repaired)
    except ValidationError:  # a part set aside was needed after all (a model-wide rule)
        result.model = None
    return result


def validate(model: type[M], data: Any) -> tuple[M | None, list[Finding]]:
    """The model and the findings, for callers that use the model as it is (playbooks, the
    workspace file, edits): a model only where nothing but bad keys and values themselves
    was set aside. `saveplan check` uses validate_parts, which sets aside more."""
    result = validate_parts(model, data)
    return (result.model if result.only_values else None), result.findings


def drop_repeats(parts: Validated[Any], method: list[Finding]) -> list[Finding]:
    """The schema findings, then the rules' findings (placed back where list items were
    set aside) except those about a part the schema already flagged: a value set aside is
    not reported again as missing (SP202 for a bad `due`, SP210 for an indicator that
    lacks its metric), nor a list's count while one of its items is broken (SP201)."""
    flagged = {f.loc for f in parts.findings}
    keys = {p for p in parts.set_aside if isinstance(p[-1], str)}
    kept = []
    for f in method:
        placed = parts.positions.place(f)
        if placed is None or placed.loc in flagged:
            continue
        if any(placed.loc[:k] in keys for k in range(1, len(placed.loc) + 1)):
            continue
        kept.append(placed)
    return parts.findings + kept


def usable(model: M | None, problems: list[Finding]) -> TypeGuard[M]:
    """The one rule of "does this plan load" that every command but `check` rests on
    (status, triage, the edits of record/done...; through saveplan.documents.as_used): it
    validated, and its only problems are unknown keys (SP103), which `check` reports and
    which change no value a command reads."""
    return model is not None and not blocking(problems)


def blocking(problems: list[Finding]) -> list[Finding]:
    """The problems that stop a plan loading by `usable`'s rule: all but unknown keys."""
    return [f for f in problems if f.code != "SP103"]

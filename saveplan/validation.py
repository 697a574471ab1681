"""Pydantic errors turned into findings (SP101 / SP102 / SP103) with readable key paths.

`validate` returns the model when the data can be read, and the schema findings. When
the only problems are unknown keys or bad *optional* values, those keys are set aside
and the model is built from the rest, so the method rules still run on the plan; when a
required value is unreadable the model is None and only the schema findings stand.
"""

from __future__ import annotations

import copy
import difflib
import types
import typing
from typing import Any, TypeGuard, TypeVar

from pydantic import BaseModel, ValidationError

from saveplan.findings import Finding, Loc, format_loc

M = TypeVar("M", bound=BaseModel)

# A domain rule names these problems better than SP102 (the contract: "Where a domain rule names
# the problem, its code is reported instead of SP101/SP102").
_DOMAIN: dict[tuple[str, ...], tuple[str, str]] = {
    ("leading_indicator", "target"): ("SP210", "the leading indicator's target must be a number"),
}


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


def _field_by_key(model: type[BaseModel], key: str) -> Any:
    """The field a YAML key names: by its alias where it has one (`import`), else its name."""
    for name, field in model.model_fields.items():
        if (field.alias or name) == key:
            return field
    return None


# "did you mean" for the first unknown keys of a file only: a file with 20,000 unknown keys
# (a pasted export) needs its findings in well under a second, not 20,000 fuzzy searches
SUGGEST_AT_MOST = 100


def _message(err: Any, model: type[BaseModel], suggest: bool = True) -> tuple[str, str]:
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
        hint = ""
        if suggest:
            known = known_keys(model, loc[:-1])
            guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"; did you mean '{guess[0]}'?" if guess else (
                f"; known keys here: {', '.join(known)}" if known else "")
        return "SP103", f"unknown key '{key}'{inside}{hint}"
    got = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "literal_error":
        return "SP102", f"{where}: {_short(got)} is not allowed; use one of {ctx.get('expected')}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "finite_number",
                "int_from_float"):
        return "SP102", f"{where} must be a number, not {_short(got)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "SP102", f"{where} must be a date written YYYY-MM-DD, not {_short(got)}"
    if kind == "string_type":
        return "SP102", f"{where} must be text, not {_short(got)}"
    if kind in ("string_too_short", "too_short") and isinstance(got, str):
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


def _set_aside(data: Any, loc: Loc) -> bool:
    """Remove the key at `loc` from a copy of the data; False where it cannot be removed
    without shifting list positions (then the rules cannot run safely)."""
    if not loc or not isinstance(loc[-1], str):
        return False
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    if isinstance(parent, dict) and loc[-1] in parent:
        del parent[loc[-1]]
        return True
    return False


def usable(model: M | None, problems: list[Finding]) -> TypeGuard[M]:
    """The one rule of "does this plan load" that every command but `check` rests on
    (status, triage, the edits of record/done...): it validated, and its only problems are
    unknown keys (SP103), which `check` reports and which change no value a command reads."""
    return model is not None and all(f.code == "SP103" for f in problems)


def validate(model: type[M], data: Any) -> tuple[M | None, list[Finding]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    findings = []
    seen: set[tuple[str, Loc]] = set()
    unknown = 0
    for err in errors:
        unknown += err["type"] == "extra_forbidden"
        code, text = _message(err, model, suggest=unknown <= SUGGEST_AT_MOST)
        loc = tuple(err["loc"])
        if (code, loc) not in seen:
            seen.add((code, loc))
            findings.append(Finding(code, text, loc))
    repaired = copy.deepcopy(data)
    if any(err["type"] == "missing" for err in errors):
        return None, findings
    if not all(_set_aside(repaired, tuple(err["loc"])) for err in errors):
        return None, findings
    try:
        return model.model_validate(repaired), findings
    except ValidationError:  # a value set aside was required after all
        return None, findings

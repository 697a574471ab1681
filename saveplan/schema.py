"""The plan file's JSON Schema, in draft-07 (yaml-language-server reads draft-07 and older)."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from saveplan.models import Plan

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
# required by the method even though the model leaves them to the rules (SP201, SP210, SP220)
METHOD_REQUIRED = ("actions", "leading_indicator", "commercial_path")


def _strip_nulls(node: Any) -> Any:
    """`anyOf: [X, {type: null}]` -> X: an empty key is never what an editor should offer."""
    if isinstance(node, dict):
        any_of = node.get("anyOf")
        if isinstance(any_of, list) and {"type": "null"} in any_of:
            rest = [_strip_nulls(s) for s in any_of if s != {"type": "null"}]
            merged = {k: _strip_nulls(v) for k, v in node.items()
                      if k != "anyOf" and not (k == "default" and v is None)}
            if len(rest) == 1:
                return {**rest[0], **merged}
            return {**merged, "anyOf": rest}
        return {k: _strip_nulls(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_strip_nulls(v) for v in node]
    return node


def plan_json_schema() -> dict[str, Any]:
    body = Plan.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    body = _strip_nulls(body)
    definitions = body.pop("$defs", {})
    props = body["properties"]
    body["required"] = sorted({*body.get("required", []), *METHOD_REQUIRED})
    props["actions"].update(minItems=3, maxItems=5)
    props["commercial_path"]["minItems"] = 1
    for name, keys in (("Action", ("owner", "due")), ("Indicator", ("target",))):
        definitions[name]["required"] = sorted({*definitions[name].get("required", []), *keys})
    # check refuses these as SP202/SP101; the schema says the same (docs/rules.md)
    definitions["Action"]["properties"]["owner"]["minLength"] = 1
    definitions["Concession"]["if"] = {"properties": {"kind": {"const": "discount"}},
                                       "required": ["kind"]}
    definitions["Concession"]["then"] = {"required": ["percent"]}
    for defn in definitions.values():
        defn.pop("title", None)
    for prop in props.values():
        prop.pop("title", None)
    for defn in definitions.values():
        for prop in defn.get("properties", {}).values():
            prop.pop("title", None)
    _allow_empty_optional_keys(body, definitions, Plan)
    add_titles(props, definitions)
    return {"$schema": DRAFT_07, "$id": "https://saveplan.dev/schema/plan-v1.json",
            "title": "saveplan plan file (version 1)", **body, "definitions": definitions}


_ANNOTATIONS = ("title", "description", "default", "examples")


def _accepts_null(model: type[BaseModel] | None, key: str) -> bool:
    """Does the model take `key: ` (null)? Optional fields do, and lists read null as empty."""
    if model is None:
        return False
    field = next((f for name, f in model.model_fields.items() if (f.alias or name) == key), None)
    if field is None or field.is_required():
        return False
    if type(None) in typing.get_args(field.annotation):
        return True
    return typing.get_origin(field.annotation) is list


def _models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model reachable from `root`, by its class name (the schema's definition names)."""
    found: dict[str, type[BaseModel]] = {}
    todo = [root]
    while todo:
        model = todo.pop()
        if model.__name__ in found:
            continue
        found[model.__name__] = model
        for field in model.model_fields.values():
            stack = [field.annotation]
            while stack:
                t = stack.pop()
                if isinstance(t, type) and issubclass(t, BaseModel):
                    todo.append(t)
                stack.extend(typing.get_args(t))
    return found


def _allow_empty_optional_keys(body: dict[str, Any], definitions: dict[str, Any],
                               root: type[BaseModel]) -> None:
    """`note:` with nothing after it is null in YAML; where check accepts it (an optional
    key, a list read as empty), the schema says the same, so the editor and CI agree
    (tests/test_schema_agreement.py)."""
    models = _models(root)
    for name, table in (("", body), *definitions.items()):
        model = root if not name else models.get(name)
        required = set(table.get("required", []))
        for key, prop in table.get("properties", {}).items():
            if key in required or not _accepts_null(model, key):
                continue
            kept = {k: prop.pop(k) for k in _ANNOTATIONS if k in prop}
            inner = dict(prop)
            prop.clear()
            prop.update(kept)
            prop["anyOf"] = [inner, {"type": "null"}]


def add_titles(props: dict[str, Any], definitions: dict[str, Any]) -> None:
    """Each property's title is its key (`renewal_date`), so an editor's hover names the key
    under the cursor, not the model it belongs to."""
    for table in (props, *(d.get("properties", {}) for d in definitions.values())):
        for key, prop in table.items():
            prop["title"] = key


def playbook_json_schema() -> dict[str, Any]:
    """The playbook file's JSON Schema (docs/playbook-format.md), draft-07 like the plan's."""
    from saveplan.models.playbook import Playbook

    body = _strip_nulls(Playbook.model_json_schema(ref_template="#/definitions/{model}",
                                                   mode="validation"))
    definitions = body.pop("$defs", {})
    body.pop("title", None)
    add_titles(body["properties"], definitions)
    return {"$schema": DRAFT_07, "$id": "https://saveplan.dev/schema/playbook-v1.json",
            "title": "saveplan playbook file (version 1)", **body, "definitions": definitions}


def schema_text(playbook: bool = False) -> str:
    """The schema of the plan file (or with `playbook`, of a playbook file) as the file
    `saveplan schema` prints and `saveplan init` writes."""
    import json

    return json.dumps(playbook_json_schema() if playbook else plan_json_schema(), indent=2) + "\n"

from __future__ import annotations

import json
from typing import Any

from saveplan.schema import plan_json_schema


def test_schema_is_draft_07_with_local_definitions() -> None:
    schema = plan_json_schema()
    text = json.dumps(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in text and '"#/definitions/' in text
    assert schema["required"] == ["account", "actions", "commercial_path", "leading_indicator",
                                  "owner", "started"]
    assert schema["properties"]["actions"]["minItems"] == 3
    assert schema["properties"]["actions"]["maxItems"] == 5
    assert schema["definitions"]["Action"]["required"] == ["do", "due", "owner"]
    assert schema["additionalProperties"] is False


def test_every_field_has_a_description() -> None:
    schema = plan_json_schema()

    def missing(props: dict[str, Any], where: str) -> list[str]:
        return [f"{where}.{key}" for key, value in props.items() if not value.get("description")]

    gaps = missing(schema["properties"], "Plan")
    for name, definition in schema["definitions"].items():
        gaps += missing(definition.get("properties", {}), name)
    assert gaps == []


def test_relative_dates_are_offered_to_editors() -> None:
    due = plan_json_schema()["definitions"]["Action"]["properties"]["due"]
    assert {"type": "string", "pattern": "^(day|week) [0-9]{1,5}$"} in due["anyOf"]

"""Shared pieces of the models: a strict base (unknown keys are errors) and field types."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from saveplan.dates import DateRef, check_year, parse_dateref


class Strict(BaseModel):
    """Unknown keys are an error (SP103): a typo must not pass silently."""

    model_config = ConfigDict(extra="forbid", validate_default=False, hide_input_in_errors=False)


def _none_as_empty(value: Any) -> Any:
    return [] if value is None else value


# `actions:` with nothing under it means "no actions", not "the wrong type"
ListOrNone = BeforeValidator(_none_as_empty)

Text = Annotated[str, Field(min_length=1)]
# strict: `true` is not 1 and "84000" is not a number (the JSON Schema says the same);
# an int is a number
Number = Annotated[float, Field(allow_inf_nan=False, strict=True)]

DateSpec = Annotated[
    DateRef,
    PlainValidator(parse_dateref),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": "^(day|week) [0-9]+$"},
            ]
        }
    ),
]


def _in_years(value: date) -> date:
    return check_year(value)


# a calendar date saveplan can work with (years MIN_YEAR..MAX_YEAR of saveplan.dates):
# `started: 9999-12-25` is SP102, not an overflow 90 days later
Day = Annotated[date, AfterValidator(_in_years)]

"""Shared pieces of the models: a strict base (unknown keys are errors) and field types."""

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

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
from pydantic_core import PydanticCustomError

from saveplan.dates import DateRef, check_year, parse_dateref


class Strict(BaseModel):
    """Unknown keys are an error (SP103): a typo must not pass silently."""

    model_config = ConfigDict(extra="forbid", validate_default=False, hide_input_in_errors=False)


def empty_list() -> list[Any]:
    """The default of a list field. Not `default_factory=list`: pydantic asks for the factory's
    signature, which for the builtin `list` Python parses from text (about 1 ms a field, 12
    fields built for every `check`); a Python function's is read at once."""
    return []


def _none_as_empty(value: Any) -> Any:
    return [] if value is None else value


# `actions:` with nothing under it means "no actions", not "the wrong type"
ListOrNone = BeforeValidator(_none_as_empty)

def _date_as_text(value: Any) -> Any:
    """`name: 2027-02-15` is text to an editor's YAML 1.2 schema: it is text here too."""
    return value.isoformat() if isinstance(value, date) and not isinstance(value, datetime) else value


# text a person wrote (a name, a note); Text must not be empty
Words = Annotated[str, BeforeValidator(_date_as_text)]
Text = Annotated[Words, Field(min_length=1)]
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
                {"type": "string", "format": "date",
                 "pattern": "^(19[0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$"},
                {"type": "string", "pattern": "^(day|week) [0-9]{1,5}$"},
            ]
        }
    ),
]


# what the JSON Schema says of a date: ISO, in the years saveplan works with (1900-2999)
_DAY_SCHEMA: dict[str, Any] = {"type": "string", "format": "date",
                               "pattern": "^(19[0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$"}


def _a_day(value: Any) -> Any:
    """A date, or its ISO text (a quoted date is still a date, as the JSON Schema says);
    never a number (pydantic would read 0 as 1970-01-01) nor a date with a time."""
    if isinstance(value, datetime):
        raise ValueError("write a date without a time, e.g. 2027-02-15")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    # a "date_..." error: validation words it as every other date problem
    raise PydanticCustomError("date_type", "a date written YYYY-MM-DD")


def _in_years(value: date) -> date:
    return check_year(value)


# a calendar date saveplan can work with (years MIN_YEAR..MAX_YEAR of saveplan.dates):
# `started: 9999-12-25` is SP102, not an overflow 90 days later
Day = Annotated[date, BeforeValidator(_a_day), AfterValidator(_in_years), WithJsonSchema(_DAY_SCHEMA)]


def _not_a_boolean(value: Any) -> Any:
    if isinstance(value, bool):  # Literal[1] would take True: true == 1 in Python
        raise ValueError("write the number 1, not true or false")
    return value


# the file format version: the number 1 (not `true`, not "1")
Version = Annotated[Literal[1], BeforeValidator(_not_a_boolean)]

"""Scalar field types of the input models, strict where pydantic's coercion would change meaning.

Pydantic's lax mode reads ``true`` as the number 1, ``0`` as the date 1970-01-01 and lets NaN
fail a range check with a misleading "should be <= 90". These types refuse such values first,
with messages that never quote the value (a needs score is personal data):

- :data:`Number`: a finite float; NaN says "is not a number", infinity "is infinite", a boolean
  "is a boolean, not a number".
- :data:`WholeNumber`: an int that is not a boolean (``true`` is not a score of 1).
- :data:`Day`: a date written ``YYYY-MM-DD`` (or a ``date``), not a number, within
  :data:`FIRST_DAY` - :data:`LAST_DAY` so that day arithmetic never leaves the calendar.

Limits on sizes are here too, so the models and their documentation quote one value.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "MAX_CAPACITY",
    "MAX_HORIZON_DAYS",
    "MAX_ID_CHARS",
    "MAX_NAME_CHARS",
    "MAX_PRICE_EUR_DAY",
    "Day",
    "Id",
    "Name",
    "Number",
    "WholeNumber",
    "sorted_keys",
]

_K = TypeVar("_K")
_V = TypeVar("_V")


def sorted_keys(value: dict[_K, _V]) -> dict[_K, _V]:
    """``value`` with its keys in sorted order (an after-validator of every mapping field).

    A mapping's order in the input file carries no meaning, so the models keep one order: two
    problems that differ only in it dump to the same JSON and have the same audit hash.
    """
    keys = list(value)
    return value if keys == sorted(keys) else {k: value[k] for k in sorted(keys)}  # type: ignore[type-var]


MAX_ID_CHARS = 64
"""Longest id (of a client, unit, class, feature, tag, needs domain): the tracker's columns hold
64 characters, so a longer id could never have an offer recorded."""
MAX_NAME_CHARS = 200
"""Longest name (of a unit, provider, municipality, service class or problem)."""
_PRINTABLE = r"^[^\x00-\x1f\x7f-\x9f]*$"
"""No control characters (tabs, line breaks, NUL): they break files, logs and terminals."""

Id = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID_CHARS, pattern=_PRINTABLE)]
"""An identifier: 1-64 printable characters."""
Name = Annotated[str, StringConstraints(max_length=MAX_NAME_CHARS, pattern=_PRINTABLE)]
"""A name shown to people: at most 200 printable characters."""

MAX_CAPACITY = 10_000
"""Most places one unit may have. The largest Finnish housing units have a few dozen; a capacity
of 1e8 (an audit's typo) made the candidate builder exhaust memory."""
MAX_HORIZON_DAYS = 36_525
"""Longest horizon (days, 100 years) a problem may look ahead."""
MAX_PRICE_EUR_DAY = 100_000.0
"""Highest daily price (EUR/day) of a service class or an offer."""
FIRST_DAY = dt.date(1900, 1, 1)
"""Earliest date accepted anywhere in a problem."""
LAST_DAY = dt.date(2199, 12, 31)
"""Latest date accepted anywhere in a problem; with :data:`MAX_HORIZON_DAYS` every date the
library computes stays far from year 9999."""


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("bool_not_number", "is a boolean, not a number")
    if isinstance(value, float):
        if math.isnan(value):
            raise PydanticCustomError("not_a_number", "is not a number (NaN)")
        if math.isinf(value):
            raise PydanticCustomError("infinite_number", "is infinite")
    return value


def _day(value: Any) -> Any:
    if isinstance(value, bool | int | float):
        raise PydanticCustomError("date_not_number", "is a number, not a date (YYYY-MM-DD)")
    if isinstance(value, dt.date) and not FIRST_DAY <= value <= LAST_DAY:
        raise PydanticCustomError(
            "date_out_of_range",
            "is outside {first} - {last}",
            {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value  # pydantic reports the parsing error
        return _day(day)
    return value


Number = Annotated[float, BeforeValidator(_number)]
"""A finite float; booleans, NaN and infinities are refused."""
WholeNumber = Annotated[int, BeforeValidator(_number)]
"""An int; booleans (and NaN or infinite floats) are refused."""
Day = Annotated[
    dt.date,
    BeforeValidator(_day),
    Field(json_schema_extra={"pattern": r"^(19[0-9]{2}|2[01][0-9]{2})-[0-9]{2}-[0-9]{2}$"}),
]
"""A calendar day between FIRST_DAY and LAST_DAY, never read from a number."""

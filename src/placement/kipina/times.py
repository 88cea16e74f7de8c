"""Times inside a Kipinä week: weekdays, local wall-clock times and time windows.

A time inside a week is a weekday (0 = Monday) plus a local time of day; the solver counts in
week minutes (Monday 00:00 = 0).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator

from placement.model.input import InputModel

__all__ = ["DAY_NAMES", "END_OF_DAY", "Count", "LocalTime", "Weekday", "Window", "minute_of"]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Weekday = Annotated[int, Field(strict=True)]
"""A weekday number, 0 = Monday (the week's validation refuses anything outside 0-6)."""


def _naive(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError("has a UTC offset; give local wall-clock time like 09:00")
    return value


END_OF_DAY = dt.time.max
"""How ``24:00`` (the end of a day, as opening hours are written) is held: minute 1440."""


def _midnight_at_end(value: object) -> object:
    return END_OF_DAY if value in ("24:00", "24:00:00") else value


LocalTime = Annotated[dt.time, BeforeValidator(_midnight_at_end), AfterValidator(_naive)]
"""A local wall-clock time of day without an offset (an offset cannot be compared with one);
``24:00`` is the end of the day."""
Count = Annotated[int, Field(strict=True)]
"""A whole number that must be written as one: ``true`` or ``2.0`` is refused, not coerced."""


class Window(InputModel):
    """A time window on one weekday.

    Attributes
    ----------
    day : int
        Weekday, 0 = Monday.
    start, end : time
        Local wall-clock times, ``start < end``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "time window"

    day: int = Field(ge=0, le=6, strict=True)
    start: LocalTime
    end: LocalTime

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.start >= self.end:
            raise ValueError("start must be before end")
        return self

    def minutes(self) -> tuple[int, int]:
        """Start and end as minutes from Monday 00:00."""
        return self.day * 1440 + minute_of(self.start), self.day * 1440 + minute_of(self.end)


def minute_of(t: dt.time) -> int:
    """Minutes from midnight to the local time ``t`` (1440 for :data:`END_OF_DAY`)."""
    if t == END_OF_DAY:
        return 1440
    return t.hour * 60 + t.minute

"""Reading one cell: numbers, dates, yes/no, ``;`` lists, ``u1|u2`` ties and ``key=value`` pairs.

A cell arrives as what its source holds: a string from a CSV file, a number, date or string from a
workbook, anything a DataFrame holds. Each reader returns the value the model field expects or
raises :class:`CellError` with what is wrong and what to do; messages never quote the cell (it may
hold a needs score). Empty cells never reach these readers: they are "not given".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

__all__ = [
    "EMPTY_LIST",
    "ERROR_CELLS",
    "CellError",
    "is_empty",
    "read_cell",
]

EMPTY_LIST = "-"
"""A list cell holding only ``-`` is an empty list, which differs from "not given" for
``required_features`` (none required) and ``acceptable_municipalities`` (none acceptable)."""

ERROR_CELLS = frozenset(
    {"#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
"""Values a spreadsheet shows for a formula that failed."""

_FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TRUE = frozenset({"true", "yes", "kyllä", "ja", "1", "x"})
_FALSE = frozenset({"false", "no", "ei", "nej", "0"})


class CellError(ValueError):
    """A cell that cannot be read: ``message`` says what is wrong, ``hint`` what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def is_empty(value: Any) -> bool:
    """Whether a cell is "not given": ``None``, NaN, NaT or only whitespace."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    try:  # pandas' NaT and NA
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, list | tuple | dict) else False
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str:
    if isinstance(value, bool):
        raise CellError("is a yes/no value, not a text", "type the text")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as a number: 7.0 is "7"
    if isinstance(value, int | float | str):
        return str(value).strip()
    if isinstance(value, dt.date):
        raise CellError("is a date, not a text", "format the cell as text")
    raise CellError(f"is a {type(value).__name__}, not a text", "type the text")


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise CellError("is a yes/no value, not a number", "type a number")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ".").replace("\u2212", "-"))
        except ValueError:
            raise CellError("is not a number", "type a number such as 60.25 or 60,25") from None
    elif isinstance(value, dt.date):
        raise CellError("is a date, not a number", "format the cell as a number")
    else:
        raise CellError("is not a number", "type a number")
    if not math.isfinite(number):
        raise CellError("is not a finite number", "type a number")
    return number


def _whole(value: Any) -> int:
    try:
        number = _number(value)
    except CellError as exc:
        raise CellError(exc.message, "type a whole number") from None
    if not number.is_integer():
        raise CellError("is not a whole number", "type a whole number")
    return int(number)


def _date(value: Any) -> dt.date:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(
            "is a number, not a date (a date cell formatted as a number?)",
            "format the cell as a date, or write 2025-03-01 or 1.3.2025",
        )
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise CellError("is a date with a time of day", "give the day only")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        found = _FINNISH_DATE.match(text)
        try:
            if found:
                day, month, year = (int(g) for g in found.groups())
                return dt.date(year, month, day)
            return dt.date.fromisoformat(
                text[:10] if text[10:].strip() in ("", "00:00:00") else text
            )
        except ValueError:
            pass
    raise CellError("is not a date", "write the day as 2025-03-01 or 1.3.2025")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise CellError("is not yes or no", "write yes or no (kyllä/ei, ja/nej, true/false)")


def _items(value: Any) -> list[str]:
    if isinstance(value, list | tuple):  # a DataFrame cell holding a Python list
        return [
            _text(v) if not isinstance(v, list | tuple) else "|".join(map(_text, v)) for v in value
        ]
    text = _text(value)
    if text == EMPTY_LIST:
        return []
    items = [item.strip() for item in text.split(";")]
    if any(not item for item in items[:-1]) or (items and not items[-1] and len(items) == 1):
        raise CellError("has an empty item between ';'", "remove the extra ';'")
    return [item for item in items if item]


def _list(value: Any) -> tuple[str, ...]:
    return tuple(_items(value))


def _groups(value: Any) -> tuple[tuple[str, ...], ...]:
    groups = []
    for item in _items(value):
        group = tuple(part.strip() for part in item.split("|"))
        if any(not part for part in group):
            raise CellError("has an empty unit around '|'", "join tied units as u1|u2")
        groups.append(group)
    return tuple(groups)


def _pairs(value: Any, what: str, number: Callable[[Any], Any]) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for item in _items(value):
        key, sep, rest = item.partition("=")
        key = key.strip()
        if not key:
            raise CellError(f"has a {what} without a name", "write name=value; name=value")
        pairs.append((key, number(rest.strip()) if sep else None))
    return pairs


def _prices(value: Any) -> dict[str, float | None]:
    hint = "write classes as 24h-1=150; 24h-2 (price in EUR/day, optional)"
    try:
        pairs = _pairs(value, "class", _number)
    except CellError as exc:
        raise CellError(exc.message, hint) from None
    prices = dict(pairs)
    if len(prices) < len(pairs):
        raise CellError("names a class twice", "give each class once")
    return prices


def _limits(value: Any) -> tuple[tuple[str, int], ...]:
    limits = _pairs(value, "tag", _whole)
    if any(v is None for _, v in limits):
        raise CellError("has a tag without its limit", "write tag=at_most, e.g. nursing=2")
    return tuple(limits)


READERS: dict[str, Callable[[Any], Any]] = {
    "raw": lambda value: value,
    "text": _text,
    "number": _number,
    "whole": _whole,
    "needs": _whole,
    "date": _date,
    "bool": _bool,
    "list": _list,
    "groups": _groups,
    "prices": _prices,
    "limits": _limits,
}


def read_cell(kind: str, value: Any) -> Any:
    """Read a non-empty cell as ``kind``; raise :class:`CellError` if it cannot be.

    A spreadsheet's formula error (``#REF!``, ``#DIV/0!``, ...) is refused whatever the kind.
    """
    if isinstance(value, str) and value.strip().upper() in ERROR_CELLS:
        raise CellError(
            f"holds the formula error {value.strip().upper()}",
            "fix the formula or type the value",
        )
    return READERS[kind](value)

"""The one CSV writer of the library: cells a spreadsheet will not run as formulas.

Every CSV the library writes (explanations, waiting-time estimates, CSV folders of a problem,
the tracker's event log, simulation tables) goes through :func:`csv_text` or
:func:`write_csv`. A text cell that starts with a character a spreadsheet reads as the start of
a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe and
is quoted, as OWASP advises against CSV injection: ``=HYPERLINK(...)`` is written
``"'=HYPERLINK(...)"`` and shown as text. Numbers, dates and booleans are written as they are (a
negative number stays a number). :func:`read_cell` undoes the escape, so the library's own
readers get back exactly what was written.

Files are created private (:func:`placement.files.write_private`): they hold personal data.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from placement.files import write_private

__all__ = ["FORMULA_TRIGGERS", "cell_text", "csv_text", "neutral", "read_cell", "write_csv"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def neutral(text: str) -> str:
    """``text`` with a leading apostrophe if it starts like a formula, else unchanged."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def read_cell(text: str) -> str:
    """A cell as the library wrote it, read back: the escape of :func:`neutral` removed."""
    return text[1:] if _escaped(text) else text


def _escaped(text: str) -> bool:
    """Whether ``text`` is a cell :func:`neutral` escaped: an apostrophe before a trigger."""
    return text[:1] == "'" and text[1:].startswith(FORMULA_TRIGGERS)


def cell_text(value: Any) -> str:
    """One value as CSV cell text.

    ``None``, NaN and missing times are empty; floats are written in full (``repr``); dates and
    times in ISO 8601; booleans as ``True``/``False``; text through :func:`neutral`.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(float(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutral(value)
    try:
        if value != value:  # NaN-like values of other libraries (numpy, pandas' NaT)
            return ""
    except (TypeError, ValueError):  # pandas' NA refuses to be compared
        return ""
    if hasattr(value, "item"):  # a numpy scalar: write it as the Python value it holds
        return cell_text(value.item())
    return neutral(str(value))


def csv_text(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> str:
    """The CSV text (comma-separated, ``\\r\\n`` line ends) of a header and rows.

    A field is quoted when it holds a comma, a quote or a line break, and always when it was
    escaped as a formula (OWASP: apostrophe and quotes).

    Parameters
    ----------
    header : sequence of str
        Column names (escaped like any text cell).
    rows : iterable of iterables
        One iterable of values per row, as :func:`cell_text` writes them.
    """
    lines = [_line(neutral(str(h)) for h in header)]
    lines += [_line(cell_text(v) for v in row) for row in rows]
    return "".join(lines)


def write_csv(
    path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Iterable[Any]]
) -> Path:
    """Write :func:`csv_text` to ``path`` (UTF-8), created readable by its owner only (with
    any missing folders, see :func:`placement.files.write_private`).

    Returns
    -------
    Path
        The path written.
    """
    return write_private(Path(path), csv_text(header, rows))


def _line(fields: Iterable[str]) -> str:
    return ",".join(_field(f) for f in fields) + "\r\n"


def _field(text: str) -> str:
    if _escaped(text) or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text

"""A sheet as read, before any meaning: headers and rows, and issues that name a cell.

Every reader (workbook, CSV folder, DataFrames) turns its input into :class:`Table` objects, so
one code path reads them all and reports issues the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from placement.errors import Issue

__all__ = ["CellIssue", "Table", "cell_issue", "column_letter"]


@dataclass
class Table:
    """One sheet's cells.

    Attributes
    ----------
    sheet : str
        Its name in messages (``clients``, or ``clients.csv`` for a CSV file).
    headers : list
        The first row's cells.
    rows : list of sequence
        The rows below it.
    row_numbers : list of int
        Each row's number as a spreadsheet shows it (the header is row 1); empty means
        ``2, 3, ...``.
    """

    sheet: str
    headers: list[Any]
    rows: Sequence[Sequence[Any]]
    row_numbers: list[int] = field(default_factory=list)

    def row_number(self, index: int) -> int:
        """Spreadsheet row number of ``rows[index]``."""
        return self.row_numbers[index] if self.row_numbers else index + 2


@dataclass(frozen=True)
class CellIssue(Issue):
    """An :class:`~placement.errors.Issue` in a sheet, with the cell it is about.

    ``path`` reads ``clients!E7 (queued_since)``: sheet, column letter and row number as the
    spreadsheet shows them, then the column's header. ``row`` is ``None`` for a whole-sheet
    issue (a missing sheet), ``column`` is ``""`` for a whole-row one.
    """

    sheet: str = ""
    row: int | None = None
    column: str = ""


def column_letter(index: int) -> str:
    """Spreadsheet letter of the 0-based column ``index`` (0 is A, 26 is AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_issue(
    sheet: str,
    row: int | None,
    column: int | None,
    header: str,
    message: str,
    hint: str = "",
) -> CellIssue:
    """An issue about one cell (``column`` 0-based, ``None`` for the whole row)."""
    where = sheet
    if row is not None:
        where += f"!{column_letter(column) if column is not None else ''}{row}"
    if header:
        where += f" ({header})"
    return CellIssue(where, message, hint, sheet=sheet, row=row, column=header)

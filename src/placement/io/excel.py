"""Workbooks (``.xlsx``) in and out: :func:`read_excel` and :func:`write_excel`."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from placement.errors import Issue, ProblemError
from placement.files import open_private
from placement.io.assemble import build_problem
from placement.io.layout import header_key
from placement.io.limits import bounded_rows, check_size, check_workbook
from placement.io.result_sheets import result_sheets
from placement.io.sheets import SCENARIO, SHEETS
from placement.io.table import Table, column_letter
from placement.io.tables import problem_rows
from placement.model import Problem
from placement.result import Result

if TYPE_CHECKING:
    import pandas as pd

    from placement.explanations import Explanation

__all__ = ["read_excel", "read_scenario_sheet", "write_excel", "write_sheets"]

_DATE_FORMAT = "yyyy-mm-dd"


def _sheet_key(name: str) -> str | None:
    key = header_key(name)
    for sheet in (*SHEETS, SCENARIO):
        if key in {header_key(n) for n in sheet.names}:
            return sheet.key
    return None


def read_excel(path: str | os.PathLike[str], *, check_region: bool = True) -> Problem:
    """Read a problem from a workbook with sheets ``clients``, ``units``, ``residents``,
    ``preferences``, ``service_classes``, ``needs_mapping`` and ``settings`` (names in English,
    Finnish or Swedish).

    Formula cells are read as the value the spreadsheet last computed; a formula error
    (``#REF!``, ``#DIV/0!``) is an issue. Sheets with other names are ignored, and so is the
    ``scenario`` sheet of what-ifs (:func:`read_scenario_sheet`).

    Raises
    ------
    ProblemError
        Every issue of the workbook at once, each naming sheet, row and column
        (``clients!E7 (queued_since)``); no problem is returned if there is any.
    """
    tables = _tables(path)
    tables.pop(SCENARIO.key, None)
    return build_problem(tables, check_region=check_region)


def read_scenario_sheet(path: str | os.PathLike[str]) -> list[tuple[str, Any, str]]:
    """The what-ifs of a workbook's ``scenario`` sheet (``skenaario``), for
    ``placement simulate``: one ``(key, value, cell)`` per filled row, e.g.
    ``("add_places", "u0012:24h-3:4", "scenario!B3")``; empty without such a sheet.

    Raises
    ------
    ProblemError
        If the workbook cannot be read, or a row has a value but no key.
    """
    table = _tables(path, {SCENARIO.key}).get(SCENARIO.key)
    if table is None:
        return []
    keys = [header_key(str(h)) if h is not None else "" for h in table.headers]
    positions = {}
    for column in SCENARIO.columns:
        names = {header_key(h) for h in column.headers}
        positions[column.field] = next((i for i, k in enumerate(keys) if k in names), None)
    entries: list[tuple[str, Any, str]] = []
    issues: list[Issue] = []
    for index, row in enumerate(table.rows):
        key, value = (_at(row, positions[f]) for f in ("key", "value"))
        number = table.row_number(index)
        if key in (None, "") and value in (None, ""):
            continue
        if key in (None, ""):
            where = f"{table.sheet}!{column_letter(positions['key'] or 0)}{number}"
            issues.append(Issue(where, "a value without a key", "add the key"))
            continue
        letter = column_letter(positions["value"] if positions["value"] is not None else 1)
        entries.append((str(key), value, f"{table.sheet}!{letter}{number}"))
    if issues:
        raise ProblemError(issues, what="workbook")
    return entries


def _at(row: Sequence[Any], index: int | None) -> Any:
    return row[index] if index is not None and index < len(row) else None


def _tables(path: str | os.PathLike[str], keys: Collection[str] | None = None) -> dict[str, Table]:
    """The known sheets of the workbook at ``path`` (only ``keys`` if given) as read, by sheet
    key (boundary checks first: size, zip table of contents, XML entities)."""
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = os.fspath(path)
    if not os.path.isfile(name):
        issue = Issue(
            name,
            "does not exist" if not os.path.exists(name) else "is not a file",
            "give the path of an .xlsx workbook",
        )
        raise ProblemError([issue], what="workbook")
    check_size(name, os.path.getsize(name))
    check_workbook(name)
    try:
        book = load_workbook(name, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        if _defused(exc, DefusedXmlException):  # openpyxl wraps it in a ValueError
            raise _unsafe(name) from None
        issue = Issue(
            name,
            f"cannot be read as an .xlsx workbook ({type(exc).__name__})",
            "save it from the spreadsheet program as Excel workbook (.xlsx)",
        )
        raise ProblemError([issue], what="workbook") from None
    tables: dict[str, Table] = {}
    try:
        for ws in book.worksheets:
            key = _sheet_key(ws.title)
            if key is None or key in tables or (keys is not None and key not in keys):
                continue
            rows = bounded_rows(f"{name} (sheet {ws.title[:31]})", ws.iter_rows(values_only=True))
            headers = list(next(rows, ()))
            tables[key] = Table(ws.title, headers, list(rows))
    except ValueError as exc:  # defusedxml's refusal is a ValueError, or wrapped in one
        if _defused(exc, DefusedXmlException):
            raise _unsafe(name) from None
        raise
    finally:
        book.close()
    return tables


def _defused(exc: BaseException | None, kind: type[Exception]) -> bool:
    """Whether ``exc`` or an exception it was raised from is ``kind``."""
    while exc is not None:
        if isinstance(exc, kind):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _unsafe(name: str) -> ProblemError:
    issue = Issue(
        name,
        "declares XML entities, which a spreadsheet program never writes (an entity-expansion "
        "attack, or not a spreadsheet's own file)",
        "save the workbook again from Excel or LibreOffice",
    )
    return ProblemError([issue], what="workbook")


def write_excel(
    path: str | os.PathLike[str],
    problem: Problem,
    result: Result | None = None,
    explanations: Iterable[Explanation] | Mapping[str, Explanation] | None = None,
    waits: pd.DataFrame | None = None,
    *,
    language: str = "en",
    problem_sheets: bool = True,
) -> None:
    """Write ``problem`` (and a result) as a workbook that :func:`read_excel` reads back.

    Parameters
    ----------
    path : path
        The ``.xlsx`` file to write.
    problem : Problem
    result : Result, optional
        Adds the sheets ``assignments`` (placed clients with the unit's name and
        municipality), ``waiting`` (clients left waiting, with the whole explanation, what
        would help and the estimated wait from ``explanations`` where given) and ``metrics``
        (tidy), named and headed in ``language`` (:mod:`placement.io.result_sheets`).
    explanations : iterable or mapping of Explanation, optional
        From :func:`placement.explain`; shown in ``language`` whatever language they were
        made in.
    waits : DataFrame, optional
        Waiting-time estimates, written as they are in a sheet ``waits``.
    language : str
        Headers and sheet names in ``en``, ``fi`` or ``sv``.
    problem_sheets : bool
        Write the problem's sheets (default). They hold the clients' needs scores, personal
        data: a result workbook to share leaves them out (``placement solve -o result.xlsx``
        does), keeping only ids, units, reasons and metrics.
    """
    sheets: dict[str, tuple[list[str], list[list[Any]]]] = {}
    names = {s.key: s.name(language) for s in SHEETS}
    exact: set[str] = set()  # the problem's sheets read back exactly
    if problem_sheets:
        for key, table_rows in problem_rows(problem, language).items():
            sheets[names[key]] = table_rows
            exact.add(names[key])
    if result is not None:
        sheets.update(result_sheets(problem, result, explanations, language))
    if waits is not None:
        sheets["waits"] = ([str(c) for c in waits.columns], waits.astype(object).values.tolist())
    write_sheets(path, sheets, exact=exact)


def write_sheets(
    path: str | os.PathLike[str],
    sheets: Mapping[str, tuple[list[str], list[list[Any]]]],
    exact: Collection[str] = (),
) -> None:
    """Write ``sheets`` (title to headers and rows) as a workbook readable only by its owner.

    Text is text (a cell starting with ``=`` is not a formula), dates are dates, ``NaN`` is an
    empty cell and numbers are numbers Excel can sort and sum (15 significant digits); the
    header row is frozen and columns are as wide as their contents (at most 60). In the
    sheets named in ``exact`` (a problem's, read back), a float that needs 17 digits is written
    as its exact shortest text instead, so that it reads back as the same number.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, (headers, rows) in sheets.items():
        ws = book.create_sheet(title)
        ws.freeze_panes = "A2"  # the header row stays in view
        for k, width in enumerate(_widths(headers, rows)):
            ws.column_dimensions[column_letter(k)].width = width
        ws.append(headers)
        keep = title in exact
        for row in rows:
            ws.append([_cell(ws, v, keep) for v in row])
    with open_private(Path(path)) as f:  # it holds personal data: its owner reads it
        book.save(f)


def _widths(headers: list[str], rows: list[list[Any]]) -> list[float]:
    """Column widths (characters) that show each column's header and most of its cells: the
    longest of the header and the first 1,000 rows, between 8 and 60."""
    widest = [len(str(h)) for h in headers]
    for row in rows[:1000]:
        for k, value in enumerate(row[: len(widest)]):
            text = value.isoformat() if isinstance(value, dt.date) else str(value)
            widest[k] = max(widest[k], min(len(text), 60))
    return [float(min(max(w + 2, 8), 60)) for w in widest]


def _cell(ws: Any, value: Any, exact: bool = True) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, dt.datetime.combine(value, dt.time()))
        cell.number_format = _DATE_FORMAT
        return cell
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(ws, value)
        cell.data_type = "s"  # text, not a formula
        return cell
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalars
    if isinstance(value, float) and value != value:
        return None  # NaN: an empty cell, not text Excel cannot read
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        # openpyxl writes 16 significant digits; a float that needs 17 is written as its exact
        # shortest decimal text (read back as the same number), so nothing changes on the way;
        # a figure for people is a number of 15 significant digits.
        return repr(value) if exact else float(f"{value:.15g}")
    return value

"""CSV folders in and out: one file per sheet (``clients.csv``, ``units.csv``, ...)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from placement import csv_cells
from placement.errors import Issue, ProblemError
from placement.files import private_dir
from placement.io.assemble import build_problem
from placement.io.limits import bounded_rows, check_size
from placement.io.sheets import SHEETS
from placement.io.table import Table
from placement.io.tables import problem_rows
from placement.model import Problem

__all__ = ["csv_rows", "read_csv", "write_csv"]


def _sniff(text: str) -> str:
    """The delimiter of a CSV text: ``,`` or ``;`` (Finnish Excel saves ``;``), by the header."""
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def csv_rows(path: Path) -> list[list[str]]:
    """The rows of one CSV file (header first) as the library reads every CSV: its size,
    rows, columns and cells bounded (:mod:`placement.io.limits`), UTF-8 with or without BOM,
    comma- or semicolon-separated, a formula-escaping apostrophe of the library's writer
    removed (:func:`placement.csv_cells.read_cell`).

    Raises
    ------
    ProblemError
        One issue naming the file: too large, not UTF-8, or not valid CSV.
    """
    check_size(path.name, path.stat().st_size)
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        issue = Issue(path.name, "is not UTF-8 text", "save it as CSV UTF-8")
        raise ProblemError([issue], what="CSV file") from None
    try:
        reader = bounded_rows(path.name, csv.reader(text.splitlines(), delimiter=_sniff(text)))
        return [[csv_cells.read_cell(cell) for cell in row] for row in reader]
    except csv.Error as exc:  # a field over csv's own limit, a NUL byte
        issue = Issue(path.name, f"is not valid CSV ({exc})", "save it as CSV UTF-8")
        raise ProblemError([issue], what="CSV file") from None


def read_csv(folder: str | os.PathLike[str], *, check_region: bool = True) -> Problem:
    """Read a problem from a folder of CSV files, one per sheet, named by the sheet
    (``clients.csv``, ``asiakkaat.csv``, ...), UTF-8 (with or without BOM), comma- or
    semicolon-separated. Every cell is text and is read as its column says.

    Raises
    ------
    ProblemError
        Every issue at once, naming file, row and column (``clients.csv!E7 (queued_since)``).
    """
    root = Path(folder)
    if not root.is_dir():
        issue = Issue(str(root), "is not a folder", "give the folder that holds clients.csv")
        raise ProblemError([issue], what="CSV folder")
    tables: dict[str, Table] = {}
    issues: list[Issue] = []
    files = {p.stem.casefold(): p for p in root.glob("*.csv")}
    for sheet in SHEETS:
        path = next((files[n.casefold()] for n in sheet.names if n.casefold() in files), None)
        if path is None:
            continue
        try:
            rows = csv_rows(path)
        except ProblemError as exc:
            issues += exc.issues
            continue
        tables[sheet.key] = Table(path.name, list(rows[0]) if rows else [], rows[1:])
    if issues:
        raise ProblemError(issues, what="CSV folder")
    return build_problem(tables, check_region=check_region, what="CSV folder")


def write_csv(folder: str | os.PathLike[str], problem: Problem, language: str = "en") -> None:
    """Write ``problem`` as a folder of CSV files (UTF-8, comma-separated) that
    :func:`read_csv` reads back to an equal problem; the folder is created if needed (mode
    0700) and the files are readable by their owner only. A text cell that starts like a
    formula gets a leading apostrophe (:mod:`placement.csv_cells`), which :func:`read_csv`
    removes."""
    names = {s.key: s.name(language) for s in SHEETS}  # a bad language: refused before writing
    root = private_dir(Path(folder))
    for key, (headers, rows) in problem_rows(problem, language).items():
        csv_cells.write_csv(root / f"{names[key]}.csv", headers, rows)

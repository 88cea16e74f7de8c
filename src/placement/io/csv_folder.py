"""CSV folders in and out: one file per sheet (``clients.csv``, ``units.csv``, ...)."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path
from typing import Any

from placement.errors import Issue, ProblemError
from placement.io.assemble import build_problem
from placement.io.sheets import SHEETS
from placement.io.table import Table
from placement.io.tables import problem_rows
from placement.model import Problem

__all__ = ["read_csv", "write_csv"]


def _sniff(text: str) -> str:
    """The delimiter of a CSV text: ``,`` or ``;`` (Finnish Excel saves ``;``), by the header."""
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


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
    issues = []
    files = {p.stem.casefold(): p for p in root.glob("*.csv")}
    for sheet in SHEETS:
        path = next((files[n.casefold()] for n in sheet.names if n.casefold() in files), None)
        if path is None:
            continue
        try:
            text = path.read_text("utf-8-sig")
        except UnicodeDecodeError:
            issues.append(Issue(path.name, "is not UTF-8 text", "save it as CSV UTF-8"))
            continue
        rows = list(csv.reader(text.splitlines(), delimiter=_sniff(text)))
        tables[sheet.key] = Table(path.name, list(rows[0]) if rows else [], rows[1:])
    if issues:
        raise ProblemError(issues, what="CSV folder")
    return build_problem(tables, check_region=check_region, what="CSV folder")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(folder: str | os.PathLike[str], problem: Problem, language: str = "en") -> None:
    """Write ``problem`` as a folder of CSV files (UTF-8, comma-separated) that
    :func:`read_csv` reads back to an equal problem; the folder is created if needed."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    names = {s.key: s.name(language) for s in SHEETS}
    for key, (headers, rows) in problem_rows(problem, language).items():
        with (root / f"{names[key]}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(headers)
            writer.writerows([_text(v) for v in row] for row in rows)

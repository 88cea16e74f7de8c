"""Reading a :class:`~placement.io.table.Table` against its sheet's layout into records.

Headers are matched in any of the three languages; every cell is read by its column's kind.
Each cell that cannot be read, each required cell left empty and each header that is not known
becomes a :class:`~placement.io.table.CellIssue`; reading goes on, so one pass finds them all.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from placement.io.cells import CellError, is_empty, read_cell
from placement.io.layout import NEEDS_PREFIXES, Column, Sheet, header_key
from placement.io.table import CellIssue, Table, cell_issue

__all__ = ["Record", "read_records"]


@dataclass
class Record:
    """One row: its number, the values it gives (by field) and where each came from.

    ``values["needs"]`` holds the needs scores by domain; ``columns`` maps a field (or
    ``needs.<domain>``) to its 0-based column index and header.
    """

    sheet: str
    row: int
    values: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, tuple[int, str]] = field(default_factory=dict)
    failed: bool = False
    bad: set[str] = field(default_factory=set)

    def issue(self, name: str, message: str, hint: str = "") -> CellIssue:
        """An issue about this row's cell of field ``name`` (the whole row if it has none)."""
        index, header = self.columns.get(name, (None, name))
        return cell_issue(self.sheet, self.row, index, header, message, hint)


def _match_headers(
    sheet: Sheet, table: Table, issues: list[CellIssue]
) -> dict[int, tuple[Column, str]]:
    """Column index to (column, needs domain or "") for every known header."""
    by_key: dict[str, Column] = {}
    column: Column | None
    for column in sheet.columns:
        if column.kind != "needs":
            for header in column.headers:
                by_key.setdefault(header_key(header), column)
    needs = next((c for c in sheet.columns if c.kind == "needs"), None)
    found: dict[int, tuple[Column, str]] = {}
    seen: dict[str, int] = {}
    last = max((i for i, h in enumerate(table.headers) if not is_empty(h)), default=-1)
    filled = {i for row in table.rows for i, v in enumerate(row) if not is_empty(v)}
    for index, raw in enumerate(table.headers):
        if is_empty(raw):
            if index in filled or index < last:
                issues.append(
                    cell_issue(
                        table.sheet,
                        1,
                        index,
                        "",
                        "column has no header (merged header cells?)",
                        "unmerge the header cells and give each column its own header",
                    )
                )
            continue
        text = str(raw).strip()
        key = header_key(text)
        if key.startswith("#"):
            continue  # a note column
        domain = ""
        column = by_key.get(key)
        if column is None and needs is not None:
            prefix = next((p for p in NEEDS_PREFIXES if key.startswith(p)), None)
            if prefix and len(key) > len(prefix):
                column, domain = needs, key[len(prefix) :]
        if column is None:
            close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.75)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else (
                    "rename it to a known column, or start its header with '#' to keep it as a note"
                )
            )
            issues.append(cell_issue(table.sheet, 1, index, text, "unknown column", hint))
            continue
        name = f"needs.{domain}" if domain else column.field
        if name in seen:
            issues.append(
                cell_issue(
                    table.sheet,
                    1,
                    index,
                    text,
                    f"second column for '{name}' (the first is column {seen[name] + 1})",
                    "keep one of the two",
                )
            )
            continue
        seen[name] = index
        found[index] = (column, domain)
    present = {c.field for c, _ in found.values()}
    for column in sheet.columns:
        if column.required and column.field not in present:
            issues.append(
                cell_issue(
                    table.sheet,
                    1,
                    None,
                    column.header(),
                    "required column is missing",
                    f"add a column headed '{column.header()}' (or '{column.header('fi')}')",
                )
            )
    return found


def read_records(sheet: Sheet, table: Table, issues: list[CellIssue]) -> list[Record]:
    """Every non-empty row of ``table`` as a :class:`Record`; problems go to ``issues``.

    A record with an unreadable or missing required cell is marked ``failed`` (its other cells
    are still read and reported).
    """
    columns = _match_headers(sheet, table, issues)
    present = {c.field for c, _ in columns.values()}
    # Rows of a sheet missing a required column are read for cell errors but not validated:
    # each would only repeat "field required".
    incomplete = any(c.required and c.field not in present for c in sheet.columns)
    records = []
    for position, row in enumerate(table.rows):
        if all(is_empty(v) for v in row):
            continue
        record = Record(table.sheet, table.row_number(position), failed=incomplete)
        for index, (column, domain) in columns.items():
            value = row[index] if index < len(row) else None
            header = str(table.headers[index]).strip()
            name = f"needs.{domain}" if domain else column.field
            record.columns[name] = (index, header)
            if is_empty(value):
                continue
            try:
                parsed = read_cell(column.kind, value)
            except CellError as exc:
                issues.append(record.issue(name, exc.message, exc.hint))
                record.failed = True
                record.bad.add(name)
                continue
            if domain:
                record.values.setdefault("needs", {})[domain] = parsed
            else:
                record.values[column.field] = parsed
        for column in sheet.columns:
            name = column.field
            given = name in record.values or name in record.bad
            if column.required and name in record.columns and not given:
                issues.append(record.issue(name, "is empty", f"fill in the {name}"))
                record.failed = True
        records.append(record)
    return records

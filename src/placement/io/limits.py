"""What a workbook or CSV file may hold, checked before it is parsed: no decompression bombs.

An ``.xlsx`` file is a zip of XML files. A few hundred kilobytes can expand to millions of
rows, or to one cell of gigabytes, and an XML entity can expand exponentially ("billion
laughs"). Before openpyxl reads a workbook, :func:`check_workbook` looks at the zip's table of
contents (sizes as stored, nothing decompressed) and refuses a workbook over
:data:`MAX_UNPACKED_BYTES` in all or with an entry compressed more than :data:`MAX_RATIO` times;
the XML is parsed through ``defusedxml`` (openpyxl uses it when installed, and placement
requires it), which refuses entity declarations. While the sheets are read, rows, columns and
cell lengths are counted against the limits below. A CSV file is held to the same limits.

The limits are far above any county's data (Finland has about 30,000 people in housing
services for disabled people; Excel's own cell limit is 32,767 characters).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from placement.errors import Issue, ProblemError

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "bounded_rows",
    "check_size",
    "check_workbook",
]

MAX_ROWS = 200_000
"""Most rows of one sheet or CSV file."""
MAX_COLUMNS = 500
"""Most columns of one sheet or CSV file."""
MAX_CELL_CHARS = 32_767
"""Longest text of one cell (Excel's own limit)."""
MAX_FILE_BYTES = 256 * 1024**2
"""Largest CSV file, and largest workbook as stored (bytes)."""
MAX_UNPACKED_BYTES = 1024**3
"""Largest workbook once unpacked: all its entries together (bytes)."""
MAX_RATIO = 200
"""Most an entry of a workbook may be compressed (unpacked size / stored size) when it unpacks
to more than 1 MiB; ordinary sheets compress 5-30 times."""
_SMALL = 1024**2


def check_size(name: str, size: int) -> None:
    """Refuse a file of ``size`` bytes larger than :data:`MAX_FILE_BYTES`."""
    if size > MAX_FILE_BYTES:
        raise _refuse(name, f"is {size / 1024**2:,.0f} MB, over the {_mb(MAX_FILE_BYTES)} limit")


def check_workbook(name: str) -> None:
    """Refuse a workbook whose zip entries unpack to too much, judged from the zip's table of
    contents alone.

    Raises
    ------
    ProblemError
        One issue naming the file and the limit it breaks.
    """
    try:
        with zipfile.ZipFile(name) as archive:
            entries = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # not a zip: openpyxl's own refusal says so
    total = sum(e.file_size for e in entries)
    if total > MAX_UNPACKED_BYTES:
        raise _refuse(name, f"unpacks to {total / 1024**2:,.0f} MB, over {_mb(MAX_UNPACKED_BYTES)}")
    for e in entries:
        if e.file_size > _SMALL and e.file_size > MAX_RATIO * max(e.compress_size, 1):
            raise _refuse(
                name,
                f"its part {e.filename[:40]} unpacks {e.file_size // max(e.compress_size, 1):,} "
                f"times its stored size (at most {MAX_RATIO}): a decompression bomb, or not a "
                "spreadsheet's own file",
            )


def bounded_rows(name: str, rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    """``rows`` as they come, refused at the first row past :data:`MAX_ROWS`, the first row
    wider than :data:`MAX_COLUMNS` or the first text cell longer than :data:`MAX_CELL_CHARS`.

    Trailing empty cells (a sheet formatted far to the right) do not count as columns.
    """
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise _refuse(name, f"has more than {MAX_ROWS:,} rows")
        if len(row) > MAX_COLUMNS:
            width = len(row)
            while width and row[width - 1] in (None, ""):
                width -= 1
            if width > MAX_COLUMNS:
                raise _refuse(name, f"row {number} has {width:,} columns, over {MAX_COLUMNS}")
            row = row[:width]
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise _refuse(
                    name,
                    f"row {number}, column {column} holds {len(value):,} characters, over "
                    f"{MAX_CELL_CHARS:,}",
                )
        yield row


def _mb(n: int) -> str:
    return f"{n / 1024**2:,.0f} MB"


def _refuse(name: str, problem: str) -> ProblemError:
    hint = "check that this is the county's file; split a real file this large"
    return ProblemError([Issue(name[-120:], problem, hint)], what="file")

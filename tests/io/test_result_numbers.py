"""A result workbook holds numbers Excel can sort and sum, dates as dates, empty cells for
missing values; the problem's own sheets still read back exactly (issue 22, item 6 in part)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

import placement as pl


def test_figures_are_numbers_and_missing_ones_empty(tmp_path: Path) -> None:
    problem = pl.datasets.load("luvn")
    result = pl.solve(problem)
    waits = pd.DataFrame(
        {
            "client_id": ["c00001", "c00002"],
            "median_days": [16.387895058002627, float("nan")],
            "since": [dt.date(2026, 1, 5), dt.date(2026, 2, 1)],
        }
    )
    path = tmp_path / "result.xlsx"
    pl.io.write_excel(path, problem, result, waits=waits)
    book = load_workbook(path)
    rows = list(book["waits"].iter_rows(min_row=2, max_col=3, values_only=True))
    assert rows[0][1] == 16.3878950580026  # a number of 15 significant digits, not text
    assert isinstance(rows[0][1], float)
    assert rows[1][1] is None  # NaN: an empty cell
    assert isinstance(rows[0][2], dt.datetime)
    metrics = list(book["metrics"].iter_rows(min_row=2, max_col=4, values_only=True))
    assert all(not isinstance(r[3], str) for r in metrics)  # never '0.25' or 'nan' as text
    assert pl.io.read_excel(path) == problem  # the problem's sheets stay exact

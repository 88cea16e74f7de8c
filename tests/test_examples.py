"""Examples run as shipped."""

from __future__ import annotations

import runpy
from pathlib import Path

import placement as pl

EXAMPLES = Path(__file__).parents[1] / "examples"


def test_luvn_by_municipality_runs(capsys: object) -> None:
    """The analyst example prints a table with one row per LUVN municipality."""
    table = runpy.run_path(str(EXAMPLES / "luvn_by_municipality.py"))["main"]()
    assert len(table) == 10
    luvn = pl.datasets.load("luvn")
    assert table["placed"].sum() == len(pl.solve(luvn).assignments)

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


def test_pathway_year_runs() -> None:
    """The pathway example reports a year and records one offer per placed client."""
    year, result = runpy.run_path(str(EXAMPLES / "pathway_year.py"))["main"]()
    assert year.stage_times.loc["search", "open_now"] == 120
    assert len(year.throughput) > 0
    assert len(result.assignments) > 0


def test_first_problem_runs() -> None:
    """The first-problem example places the two clients the two places fit, and explains all."""
    result = runpy.run_path(str(EXAMPLES / "first_problem.py"))["main"]()
    assert {a.client_id: a.unit_id for a in result.assignments} == {"a1": "koivu", "a2": "tammi"}

"""The command line and the example with workbooks and CSV folders."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

import placement as pl
from placement import io
from placement.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).parents[2] / "examples"


def test_example_writes_a_result_workbook(tmp_path: Path) -> None:
    """examples/county_workbook.py reads, solves and writes a workbook with the result sheets."""
    out = runpy.run_path(str(EXAMPLES / "county_workbook.py"))["main"](tmp_path)
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["assignments", "waiting", "metrics"]
    luvn = pl.datasets.load("luvn")
    result = pl.solve(luvn)
    assignments = list(book["assignments"].iter_rows(values_only=True))
    assert assignments[0] == (
        "client_id",
        "unit_id",
        "unit",
        "municipality",
        "service_class",
        "move_in",
    )
    assert len(assignments) - 1 == len(result.assignments)
    waiting = list(book["waiting"].iter_rows(values_only=True))
    assert len(waiting) - 1 == len(result.unplaced)
    assert all(row[1] for row in waiting[1:])  # every waiting client has an explanation
    rows = book["metrics"].iter_rows(max_col=4, values_only=True)
    metrics = {(r[0], r[2]): r[3] for r in rows}
    assert metrics[("overall", "placed")] == len(result.assignments)
    assert "nan" not in metrics.values()  # a missing figure is an empty cell, not text
    assert io.read_excel(tmp_path / "county.xlsx") == luvn  # the county's own workbook


def test_solve_reads_xlsx_and_csv_and_writes_xlsx(tmp_path: Path) -> None:
    """placement solve takes a workbook or a CSV folder; -o result.xlsx writes a workbook."""
    luvn = pl.datasets.load("luvn")
    io.write_excel(tmp_path / "county.xlsx", luvn)
    io.write_csv(tmp_path / "county", luvn)
    out = runner.invoke(
        app, ["solve", str(tmp_path / "county.xlsx"), "-o", str(tmp_path / "r.json")]
    )
    assert out.exit_code == 0, out.output
    placed = len(json.loads((tmp_path / "r.json").read_text())["assignments"])
    assert placed == len(pl.solve(luvn).assignments)
    out = runner.invoke(app, ["solve", str(tmp_path / "county"), "-o", str(tmp_path / "r.xlsx")])
    assert out.exit_code == 0, out.output
    book = load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert len(list(book["assignments"].iter_rows())) - 1 == placed
    # Only ids, units, reasons and metrics: no needs scores in a result to share.
    assert book.sheetnames == ["assignments", "waiting", "metrics"]


def test_solve_reports_broken_workbook_cells(tmp_path: Path) -> None:
    """A broken workbook fails with exit 2 and its issues by cell, no traceback."""
    broken = Path(__file__).parents[1] / "data" / "broken_xlsx" / "five_mistakes.xlsx"
    out = runner.invoke(app, ["solve", str(broken), "-o", str(tmp_path / "r.json")])
    assert out.exit_code == 2
    assert "units!E3 (lat)" in out.output
    assert "latitude and longitude swapped?" in out.output
    assert not (tmp_path / "r.json").exists()


def test_compare_reads_a_workbook(tmp_path: Path) -> None:
    """placement compare accepts a workbook."""
    io.write_excel(tmp_path / "county.xlsx", pl.datasets.load("luvn"))
    out = runner.invoke(
        app,
        [
            "compare",
            str(tmp_path / "county.xlsx"),
            "--policy",
            "fifo",
            "--policy",
            "optimal",
            "--chart",
            str(tmp_path / "c.png"),
        ],
    )
    assert out.exit_code == 0, out.output
    assert "fifo" in out.output
    assert (tmp_path / "c.png").exists()


def test_template_command(tmp_path: Path) -> None:
    """placement template writes headers in the chosen language, a README and drop-down lists;
    filled in, it reads as a problem."""
    path = tmp_path / "county.xlsx"
    out = runner.invoke(app, ["template", str(path), "--language", "sv"])
    assert out.exit_code == 0, out.output
    book = load_workbook(path)
    assert book.sheetnames[:2] == ["README", "klienter"]
    assert [c.value for c in book["klienter"][1]][:3] == ["klient", "kommun", "latitud"]
    readme = [r for r in book["README"].iter_rows(values_only=True) if r and r[0] == "enheter"]
    assert len(readme) == len(io.sheets.UNITS.columns)
    lists = book["klienter"].data_validations.dataValidation
    assert {str(v.sqref) for v in lists} == {"B2:B5000", "G2:G5000"}
    assert book["enheter"].data_validations.dataValidation[0].formula1 == "=lists!$A$1:$A$" + str(
        book["lists"].max_row
    )
    book["klienter"].append(["k1", "Esbo", 60.2, 24.6, "1.2.2024"])
    book["enheter"].append(["e1", None, None, "Espoo", 60.21, 24.61, 2, "24h-1"])
    book["inställningar"]["B2"] = "2025-01-31"
    book.save(path)
    problem = io.read_excel(path)
    assert problem.clients[0].municipality == "Espoo"  # the name the units use
    assert problem.units[0].offers == {"24h-1": None}
    bad = runner.invoke(app, ["template", str(tmp_path / "x.xlsx"), "--language", "de"])
    assert bad.exit_code == 2
    assert "use en, fi or sv" in bad.output

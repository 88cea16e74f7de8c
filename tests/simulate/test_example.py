"""The simulation example and the CLI run as shipped."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

from placement.cli import app

EXAMPLE = Path(__file__).parents[2] / "examples" / "simulate_vihti.py"


def test_example_runs_and_places_help() -> None:
    """The Vihti example's paired comparison: the added places shorten the mean queue."""
    comparison = runpy.run_path(str(EXAMPLE))["main"](replications=3)
    row = comparison.loc[("all clients", "mean_queue")]
    assert row["other"] < row["base"]
    assert row["ci_high"] < 0


def test_cli_runs_a_scenario_file(tmp_path: Path) -> None:
    """`placement simulate FILE -o DIR` writes every table, the summary and the chart."""
    from placement import datasets
    from placement.simulate import Scenario

    scenario = Scenario.from_problem(datasets.load("luvn"), horizon_days=120.0)
    path = tmp_path / "s.json"
    path.write_text(scenario.model_dump_json(), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["simulate", str(path), "--replications", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert {"base_waits.csv", "base_queue.csv", "summary.csv", "base_queue.png"} <= names
    assert "comparison.csv" not in names  # no what-if asked
    assert "start queue, median_days" in result.output


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    """A bad scenario file is one error line and exit code 2; so is giving no input."""
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "problem": {"reference_date": "2026-01-05", "units": [], "clients": []},
                "arrivals": {"X": -1},
            }
        )
    )
    runner = CliRunner()
    result = runner.invoke(app, ["simulate", str(bad), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "arrivals[X]" in result.output
    assert "Traceback" not in result.output
    assert runner.invoke(app, ["simulate"]).exit_code == 2


def test_cli_demo_shows_the_vihti_places_helping(tmp_path: Path) -> None:
    """Acceptance 1: `placement simulate --demo`: the 12 Vihti places lower both the mean queue
    and the start queue's median wait, the paired 95 % interval excluding 0, in the file the
    board gets and in the words printed."""
    result = CliRunner().invoke(
        app, ["simulate", "--demo", "--replications", "20", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "12 more 24h-3 places in Vihti" in result.output
    assert (tmp_path / "waits.png").exists()
    comparison = pd.read_csv(tmp_path / "comparison.csv").set_index(["cohort", "statistic"])
    for row in (("all clients", "mean_queue"), ("start queue", "median_days")):
        assert comparison.loc[row, "ci_high"] < 0, comparison.loc[row]
        assert bool(comparison.loc[row, "clear"])
    line = next(x for x in result.output.splitlines() if x.startswith("all clients, mean_queue"))
    assert "clear" in line
    assert "not clear" not in line
    book = load_workbook(tmp_path / "summary.xlsx")
    assert book.sheetnames == ["summary", "comparison"]


def test_schema_scenario() -> None:
    """`placement schema scenario` prints the scenario's JSON Schema."""
    result = CliRunner().invoke(app, ["schema", "scenario"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert "arrivals" in schema["properties"]
    assert "changes" in schema["properties"]

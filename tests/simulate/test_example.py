"""The simulation example and the CLI run as shipped."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

from typer.testing import CliRunner

from placement.cli import app

EXAMPLE = Path(__file__).parents[2] / "examples" / "simulate_vihti.py"


def test_example_runs_and_places_help() -> None:
    """The Vihti example prints both summaries; the added places shorten the mean queue."""
    summaries = runpy.run_path(str(EXAMPLE))["main"](replications=3)
    assert set(summaries) == {"base", "+12 in Vihti"}
    base, more = summaries["base"], summaries["+12 in Vihti"]
    assert more.loc["mean_queue", "mean"] < base.loc["mean_queue", "mean"]


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
    assert {"s_waits.csv", "s_queue.csv", "s_summary.csv", "s_queue.png"} <= names
    assert "mean_wait_days" in result.output


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


def test_cli_demo(tmp_path: Path) -> None:
    """`placement simulate --demo` compares the base with 12 more places in Vihti."""
    result = CliRunner().invoke(
        app, ["simulate", "--demo", "--replications", "2", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "12 more 24h-3 places in Vihti" in result.output
    assert (tmp_path / "waits.png").exists()
    assert (tmp_path / "vihti_plus_12_summary.csv").exists()


def test_schema_scenario() -> None:
    """`placement schema scenario` prints the scenario's JSON Schema."""
    result = CliRunner().invoke(app, ["schema", "scenario"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert "arrivals" in schema["properties"]
    assert "changes" in schema["properties"]

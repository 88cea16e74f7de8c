"""Problem -> writer -> reader gives an equal problem, for workbooks, CSV folders and frames."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings

import placement as pl
from placement import io
from placement.model import NeedRule, NeedsMapping, Weights
from tests.strategies import problems


def _luvn() -> pl.Problem:
    return pl.datasets.load("luvn")


def test_luvn_excel_round_trip(tmp_path: Path) -> None:
    """LUVN written to .xlsx and read back is the same problem."""
    problem = _luvn()
    io.write_excel(tmp_path / "luvn.xlsx", problem)
    assert io.read_excel(tmp_path / "luvn.xlsx") == problem


def test_luvn_csv_round_trip(tmp_path: Path) -> None:
    """LUVN written as a CSV folder and read back is the same problem."""
    problem = _luvn()
    io.write_csv(tmp_path / "luvn", problem)
    assert sorted(p.name for p in (tmp_path / "luvn").iterdir())[0] == "clients.csv"
    assert io.read_csv(tmp_path / "luvn") == problem


def test_luvn_frames_round_trip() -> None:
    """problem_frames then from_frames is the identity on LUVN."""
    problem = _luvn()
    frames = io.problem_frames(problem)
    assert set(frames) == {
        "clients",
        "units",
        "residents",
        "preferences",
        "service_classes",
        "needs_mapping",
        "settings",
    }
    assert len(frames["clients"]) == len(problem.clients)
    assert io.from_frames(**frames) == problem


def test_finnish_and_swedish_layouts_round_trip(tmp_path: Path) -> None:
    """Sheets and headers written in Finnish or Swedish read back the same."""
    problem = _luvn()
    for language in ("fi", "sv"):
        io.write_excel(tmp_path / f"{language}.xlsx", problem, language=language)
        assert io.read_excel(tmp_path / f"{language}.xlsx") == problem
        io.write_csv(tmp_path / language, problem, language=language)
        assert io.read_csv(tmp_path / language) == problem


def test_non_default_settings_round_trip(tmp_path: Path) -> None:
    """Weights, horizon, name, an empty municipality list of a client and a custom needs
    mapping survive the round trip."""
    base = _luvn()
    first = base.clients[0].model_copy(
        update={"acceptable_municipalities": (), "required_features": (), "only_ranked": False}
    )
    problem = pl.Problem.model_validate(
        {
            **base.model_dump(),
            "name": "what-if",
            "horizon_days": 365,
            "weights": Weights(urgency={1: 1, 2: 3, 3: 9}, per_km=0.25).model_dump(),
            "needs_mapping": NeedsMapping(
                rules=(NeedRule(domain="physical", at_least=2, features=("lift",)),)
            ).model_dump(),
            "clients": [first.model_dump(), *[c.model_dump() for c in base.clients[1:]]],
        }
    )
    io.write_excel(tmp_path / "w.xlsx", problem)
    back = io.read_excel(tmp_path / "w.xlsx")
    assert back.clients[0].acceptable_municipalities == ()
    assert back.clients[0].required_features == ()
    assert back == problem
    io.write_csv(tmp_path / "c", problem)
    assert io.read_csv(tmp_path / "c") == problem


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(side_constraints=True))
def test_random_problems_round_trip(problem: pl.Problem) -> None:
    """Hypothesis-drawn problems round-trip through .xlsx, CSV and frames."""
    with tempfile.TemporaryDirectory() as tmp:
        io.write_excel(Path(tmp) / "p.xlsx", problem)
        assert io.read_excel(Path(tmp) / "p.xlsx") == problem
        io.write_csv(Path(tmp) / "csv", problem)
        assert io.read_csv(Path(tmp) / "csv") == problem
    assert io.from_frames(**io.problem_frames(problem)) == problem


def test_result_and_metrics_frames() -> None:
    """result_frame has one row per client; metrics_frame is tidy and matches the dict API."""
    problem = _luvn()
    result = pl.solve(problem)
    frame = io.result_frame(result)
    assert len(frame) == len(problem.clients)
    assert frame["placed"].sum() == len(result.assignments)
    placed = frame[frame["placed"]].set_index("client_id")
    first = result.assignments[0]
    assert placed.loc[first.client_id, "unit_id"] == first.unit_id
    metrics = io.metrics_frame(problem, result)
    assert list(metrics.columns) == ["scope", "group", "metric", "value"]
    overall = metrics[metrics["scope"] == "overall"].set_index("metric")["value"]
    assert overall["placed"] == len(result.assignments)
    by_town = metrics[(metrics["scope"] == "municipality") & (metrics["metric"] == "clients")]
    assert by_town["value"].sum() == len(problem.clients)
    assert isinstance(by_town, pd.DataFrame)

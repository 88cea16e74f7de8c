"""The simulation plots draw what they are given and return the Axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import placement as pl
from placement.plotting import plot_places_needed, plot_sim_queue, plot_sim_waits
from placement.simulate import PlacesNeeded, Scenario, SimulationResult, run


@pytest.fixture(scope="module")
def result() -> SimulationResult:
    return run(Scenario.from_problem(pl.datasets.load("luvn"), horizon_days=120.0), 3, seed=0)


def test_queue_band(result: SimulationResult) -> None:
    """One median line over the snapshot days, one band; an Axes made when none is given."""
    ax = plot_sim_queue(result)
    days = sorted(result.queue["day"].unique())
    assert list(ax.lines[0].get_xdata()) == days
    assert len(ax.collections) == 1
    plt.close("all")


def test_waits_side_by_side(result: SimulationResult) -> None:
    """One box per scenario, labelled."""
    _, ax = plt.subplots()
    assert plot_sim_waits({"a": result, "b": result}, ax=ax) is ax
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    plt.close("all")


def test_places_needed_curve() -> None:
    """Points at every count tried, the target and the answer drawn."""
    curve = pd.DataFrame(
        {
            "added": [0, 2, 3],
            "mean": [0.1, 0.7, 0.9],
            "ci_low": [0.0, 0.6, 0.85],
            "ci_high": [0.2, 0.8, 0.95],
        }
    )
    answer = PlacesNeeded(3, True, "", curve, "A", "communal", 0.8, 90.0)
    ax = plot_places_needed(answer)
    assert list(ax.lines[0].get_xdata()) == [0, 2, 3]
    assert "answer 3" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close("all")

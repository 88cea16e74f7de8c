"""The simulation plots draw what they are given and return the Axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

import placement as pl
from placement.errors import ProblemError
from placement.plotting import plot_places_needed, plot_sim_queue, plot_sim_waits
from placement.simulate import PlacesNeeded, Scenario, SimulationResult, run


@pytest.fixture(scope="module")
def result() -> SimulationResult:
    return run(Scenario.from_problem(pl.datasets.load("luvn"), horizon_days=120.0), 3, seed=0)


def _legend_beside(ax: Axes) -> None:
    """The legend lies right of the plotting area: it covers no data."""
    ax.figure.canvas.draw()
    legend = ax.get_legend()
    assert legend is not None
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1


def test_queue_band(result: SimulationResult) -> None:
    """One median line over the snapshot days, on calendar dates; one band; the legend beside
    the data; an Axes made when none is given."""
    ax = plot_sim_queue(result)
    days = sorted(result.queue["day"].unique())
    dates = [pd.Timestamp(result.start) + pd.Timedelta(days=d) for d in days]
    assert [pd.Timestamp(x) for x in ax.lines[0].get_xdata()] == dates
    assert ax.get_xlabel() == "date"
    assert len(ax.collections) == 1
    _legend_beside(ax)
    plt.close("all")


def test_waits_side_by_side(result: SimulationResult) -> None:
    """One placement curve per scenario, labelled, in [0, 1], starting at 0 placed."""
    _, ax = plt.subplots()
    assert plot_sim_waits({"a": result, "b": result}, ax=ax) is ax
    curves = [line for line in ax.lines if line.get_label() in ("a", "b")]
    assert [line.get_label() for line in curves] == ["a", "b"]
    for line in curves:
        share = np.asarray(line.get_ydata(), float)
        assert share[0] == 0.0
        assert (np.diff(share) >= 0).all()
        assert share.max() <= 1.0
    _legend_beside(ax)
    plt.close("all")


def test_placement_curve_matches_the_summary(result: SimulationResult) -> None:
    """The curve's share at 90 days is the summary's placed_within_90_days: one estimator."""
    curve = result.placement_curve("start queue")
    at = curve[curve["days"] <= 90.0]["placed"].iloc[-1]
    figure = result.summary().loc[("start queue", "placed_within_90_days"), "estimate"]
    assert at == pytest.approx(figure)
    with pytest.raises(ProblemError, match="cohort"):
        result.placement_curve("nobody")


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

"""The bar and count plots read right: legends clear of the bars, zero bars visible, whole-number
count ticks (issue 16: the "Waiting time" legend covered a bar, zero bars were invisible, the
y axis showed 0.25 clients).

Each check looks at what is drawn (window extents after ``canvas.draw()``), so it fails on the
plots as they were.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.collections import LineCollection
from matplotlib.patches import Rectangle

import placement as pl
from placement.plotting import (
    plot_places_needed,
    plot_policy_ranks,
    plot_policy_waits,
    plot_queue_length,
    plot_rank_distribution,
    plot_sim_queue,
    plot_waiting_times,
)
from placement.simulate import PlacesNeeded

TINY = Path(__file__).parent / "data" / "tiny.json"
POLICIES = ["optimal", "fifo", "priority", "deferred_acceptance", "random_serial_dictatorship"]


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def compare_table() -> pd.DataFrame:
    """What :func:`placement.compare` gives on tests/data/tiny.json: equal waits for every policy
    (the bars fill the axes to the top) and no days from placement to move-in (zero bars)."""
    return pd.DataFrame(
        {
            "policy": POLICIES,
            "mean_days_waited": [187.5] * 5,
            "mean_days_to_move_in": [0.0] * 5,
            "rank_1": [1.0] * 5,
            "rank_2": [0.0] * 5,
            "rank_3plus": [0.0] * 5,
            "unranked": [1.0] * 5,
            "unplaced": [0.0] * 5,
        }
    )


def bars(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def whole_ticks(axis: Axis) -> list[float]:
    """The tick values shown inside the view, after checking each label reads as an integer."""
    low, high = sorted(axis.get_view_interval())
    shown = [t for t in axis.get_major_ticks() if low <= t.get_loc() <= high]
    for tick in shown:
        text = tick.label1.get_text().replace("\N{MINUS SIGN}", "-")
        assert float(text).is_integer(), f"tick label {text!r} is not a whole number"
    return [float(t.get_loc()) for t in shown]


@pytest.mark.parametrize("make_own_axes", [True, False])
def test_waiting_time_legend_covers_no_bar(make_own_axes: bool) -> None:
    """The legend's box overlaps no bar's box, on the function's own figure and on a panel of a
    two-panel figure like ``placement compare``'s; on its own figure the legend stays inside."""
    if make_own_axes:
        ax = plot_policy_waits(compare_table())
    else:
        fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
        plot_policy_ranks(compare_table(), ax=left)
        ax = plot_policy_waits(compare_table(), ax=right)
        fig.tight_layout()
    fig = ax.figure
    fig.canvas.draw()
    legend = ax.get_legend()
    assert legend is not None
    box = legend.get_window_extent()
    assert len(bars(ax)) == 10
    for bar in bars(ax):
        assert not box.overlaps(bar.get_window_extent()), bar
    for label in ax.texts:
        assert not box.overlaps(label.get_window_extent())
    if make_own_axes:
        assert fig.bbox.contains(box.x0, box.y0)
        assert fig.bbox.contains(box.x1, box.y1)


def test_days_queued_legend_covers_no_bar() -> None:
    """The histogram's legend overlaps none of its bars either."""
    problem = pl.Problem.model_validate_json(TINY.read_text(encoding="utf-8"))
    ax = plot_waiting_times(problem, pl.solve(problem))
    ax.figure.canvas.draw()
    box = ax.get_legend().get_window_extent()
    assert all(not box.overlaps(b.get_window_extent()) for b in bars(ax) if b.get_height() > 0)


def test_zero_bars_are_drawn_and_labelled() -> None:
    """Every zero-height bar gets a visible mark on its baseline across its width, drawn above
    the axis line, and the label "0"; non-zero bars get no mark."""
    ax = plot_policy_waits(compare_table())
    ax.figure.canvas.draw()
    zero = [b for b in bars(ax) if b.get_height() == 0]
    assert len(zero) == 5
    marks = [c for c in ax.collections if isinstance(c, LineCollection)]
    segments = [seg for c in marks for seg in c.get_segments()]
    assert len(segments) == len(zero)
    spine_z = ax.spines["bottom"].get_zorder()
    for c in marks:
        assert c.get_visible()
        assert min(c.get_linewidths()) >= 2.0
        assert c.get_zorder() > spine_z
    for bar in zero:
        x0, x1 = bar.get_x(), bar.get_x() + bar.get_width()
        assert any(
            seg[0][1] == seg[1][1] == 0 and {seg[0][0], seg[1][0]} == {x0, x1} for seg in segments
        )
        middle = x0 + bar.get_width() / 2
        near = [t for t in ax.texts if t.xy[0] == pytest.approx(middle)]  # type: ignore[attr-defined]
        assert [t.get_text() for t in near] == ["0"]


def test_rank_counts_show_zero_bars_and_whole_clients() -> None:
    """The rank chart of a two-client problem: whole-client ticks (not 0.25 steps) and a
    visible mark for each rank nobody got."""
    metrics = {"overall": {"rank_1": 1, "rank_2": 0, "rank_3plus": 0, "unranked": 1, "unplaced": 0}}
    ax = plot_rank_distribution(metrics)
    ax.figure.canvas.draw()
    assert set(whole_ticks(ax.yaxis)) == {0.0, 1.0}
    marks = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert sum(len(c.get_segments()) for c in marks) == 2
    assert sorted(t.get_text() for t in ax.texts) == ["0", "0", "1", "1"]


def test_the_rank_chart_draws_placed_clients_only() -> None:
    """Issue 28: 'Placed clients by preference rank' had a 'waiting' bar; the waiting clients
    are now counted in the title, and every bar is a rank."""
    metrics = {"overall": {"rank_1": 3, "rank_2": 1, "rank_3plus": 0, "unranked": 2, "unplaced": 7}}
    ax = plot_rank_distribution(metrics)
    names = [t.get_text() for t in ax.get_xticklabels()]
    assert names == ["1st", "2nd", "3rd+", "unranked"]
    assert ax.get_title() == "Placed clients by preference rank (7 waiting, not shown)"


def test_count_axes_tick_whole_numbers() -> None:
    """Every axis that counts clients, cases or places ticks whole numbers on small data."""
    problem = pl.Problem.model_validate_json(TINY.read_text(encoding="utf-8"))
    ranks = plot_policy_ranks(compare_table())
    days = plot_waiting_times(problem, pl.solve(problem))
    index = pd.date_range("2025-01-01", periods=4, freq="D")
    queues = plot_queue_length(pd.DataFrame({"search": [0, 1, 2, 1]}, index=index))
    queue = pd.DataFrame(
        {
            "day": [0.0, 1.0, 2.0, 0.0, 1.0, 2.0],
            "replication": [0, 0, 0, 1, 1, 1],
            "waiting": [0, 1, 2, 1, 1, 2],
            "service_class": ["a"] * 6,
            "municipality": ["m"] * 6,
        }
    )
    stub = SimpleNamespace(queue=queue, warmup_days=0.0, start=dt.date(2026, 1, 5))
    simulated = plot_sim_queue(cast(Any, stub))
    curve = pd.DataFrame(
        {"added": [0, 1, 2], "mean": [0.5, 0.7, 0.9], "ci_low": [0.4, 0.6, 0.8]}
    ).assign(ci_high=[0.6, 0.8, 1.0])
    needed = plot_places_needed(PlacesNeeded(2, True, "", curve, "A", "communal", 0.8, 90.0))
    axes = [
        ranks.yaxis,
        days.yaxis,
        queues.yaxis,
        simulated.yaxis,
        needed.xaxis,
    ]
    for axis in axes:
        axis.axes.figure.canvas.draw()
        ticks = whole_ticks(axis)
        assert len(ticks) >= 2


def test_the_reference_day_is_not_a_count() -> None:
    """Day axes keep their own ticks: only count axes are forced to whole numbers (a sanity
    check that the helper is applied per axis, not to the whole figure)."""
    curve = pd.DataFrame(
        {"added": [0, 1], "mean": [0.2, 0.9], "ci_low": [0.1, 0.8], "ci_high": [0.3, 1.0]}
    )
    ax = plot_places_needed(PlacesNeeded(1, True, "", curve, "A", "communal", 0.8, 90.0))
    ax.figure.canvas.draw()
    shares = [float(t.get_loc()) for t in ax.yaxis.get_major_ticks()]
    assert any(not s.is_integer() for s in shares)

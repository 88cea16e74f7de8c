"""The housing path as a flow chart: stages with median days, moves between them."""

from __future__ import annotations

import networkx as nx
import pandas as pd
from matplotlib.axes import Axes

from placement.pathway.graph import StageGraph
from placement.pathway.measures import stage_times, transitions

__all__ = ["plot_stage_flow"]


def plot_stage_flow(events: pd.DataFrame, graph: StageGraph, ax: Axes | None = None) -> Axes:
    """Draw the stages in path order, labelled with median days, and the observed moves.

    Parallel stages (one parallel group) share a column; exits sit on a row below. Arrow width
    grows with the number of moves; moves the graph allows but nobody made are not drawn.

    Parameters
    ----------
    events : DataFrame
        Events as from :meth:`Tracker.frame`.
    graph : StageGraph
        The path.
    ax : Axes, optional
        Where to draw; a new wide figure by default.

    Returns
    -------
    Axes
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(16, 6))
    positions = _layout(graph)
    medians = stage_times(events, graph)["median_days"]
    moves = transitions(events)
    flow: nx.DiGraph[str] = nx.DiGraph()
    flow.add_nodes_from(positions)
    pairs = moves.reset_index()
    for a, b, count in zip(pairs["from"], pairs["to"], pairs["moves"], strict=True):
        flow.add_edge(str(a), str(b), count=int(count))
    widest = max((d["count"] for *_, d in flow.edges(data=True)), default=1)
    labels = {
        s: s.replace("_", "\n") + ("" if pd.isna(medians.get(s)) else f"\n{medians[s]:.0f} d")
        for s in positions
    }
    nx.draw_networkx_nodes(
        flow, positions, ax=ax, node_size=2600, node_color="#deebf7", edgecolors="#3182bd"
    )
    nx.draw_networkx_labels(flow, positions, labels=labels, ax=ax, font_size=7)
    nx.draw_networkx_edges(
        flow,
        positions,
        ax=ax,
        width=[0.5 + 4 * d["count"] / widest for *_, d in flow.edges(data=True)],
        edge_color="#636363",
        node_size=2600,
        connectionstyle="arc3,rad=0.12",
        arrowsize=10,
    )
    ax.set_title("Housing path: median days in each stage; arrow width = moves")
    ax.set_axis_off()
    return ax


def _layout(graph: StageGraph) -> dict[str, tuple[float, float]]:
    positions: dict[str, tuple[float, float]] = {}
    column = -1
    groups: dict[str, tuple[int, int]] = {}
    exits = list(graph.exits)
    for stage in graph.order():
        if stage in exits:
            continue
        group = graph.stage_by_id[stage].parallel_group
        if group is not None and group in groups:
            col, row = groups[group]
            groups[group] = (col, row + 1)
            positions[stage] = (float(col), 1.0 - (row + 1))
            continue
        column += 1
        if group is not None:
            groups[group] = (column, 0)
        positions[stage] = (float(column), 1.0)
    for k, stage in enumerate(exits):
        positions[stage] = (column * (k + 1) / (len(exits) + 1), -3.5)
    return positions

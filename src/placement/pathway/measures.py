"""Timing measures over a tracker's events: throughput, time in stage, queues, bottlenecks.

Every function takes the events as a DataFrame (:meth:`Tracker.frame`), so the same measures run
on a store, on a filtered slice of one, or on an imported log. Durations are in days (float).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from placement.pathway.graph import StageGraph

__all__ = [
    "DAY",
    "bottlenecks",
    "case_durations",
    "event_times",
    "in_days",
    "queue_lengths",
    "stage_times",
    "throughput",
    "transitions",
]

DAY = pd.Timedelta(days=1)


def in_days(delta: pd.Series) -> pd.Series:
    """Timedeltas as days (float)."""
    seconds: pd.Series = delta.dt.total_seconds()
    return seconds / 86400.0


def event_times(events: pd.DataFrame) -> pd.Series:
    """Each event's timestamp in the process-mining sense: its end, or its start while open."""
    return events["end"].fillna(events["start"])


def case_durations(events: pd.DataFrame) -> pd.Series:
    """Days from each case's first to its last event timestamp (see :func:`event_times`).

    This is the process-mining case duration (what pm4py computes from the exported log); the
    county's own measure is :func:`throughput`.
    """
    stamped = events.assign(_t=event_times(events))
    span = stamped.groupby("case_id")["_t"].agg(["min", "max"])
    return in_days(span["max"] - span["min"]).rename("days")


def throughput(events: pd.DataFrame, graph: StageGraph) -> pd.DataFrame:
    """Throughput time per case: first start of ``graph.throughput_from`` to that of ``_to``.

    Returns
    -------
    DataFrame
        ``case_id``, ``start``, ``end``, ``days``; cases that have not reached the end stage
        are left out (see :func:`stage_times` and :func:`queue_lengths` for them).
    """
    first = events.groupby(["case_id", "stage"])["start"].min().unstack()
    for stage in (graph.throughput_from, graph.throughput_to):
        if stage not in first.columns:
            first[stage] = pd.NaT
    both = first[[graph.throughput_from, graph.throughput_to]].dropna()
    both.columns = pd.Index(["start", "end"])
    both["days"] = in_days(both["end"] - both["start"])
    return both.reset_index()


def stage_times(
    events: pd.DataFrame, graph: StageGraph, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Time spent in each stage, over completed stays.

    Parameters
    ----------
    events : DataFrame
        Events (:meth:`Tracker.frame`).
    graph : StageGraph
        The path (for stage order).
    as_of : date, optional
        Counts ``open_now`` and the age of open stays at the end of this day; the latest event
        time by default.

    Returns
    -------
    DataFrame
        Indexed by stage in path order: ``stays`` (completed), ``cases``, ``mean_days``,
        ``median_days``, ``p90_days``, ``open_now``, ``open_mean_age_days``.
    """
    closed = events.dropna(subset=["end"])
    grouped = in_days(closed["end"] - closed["start"]).groupby(closed["stage"])
    table = pd.DataFrame(
        {
            "stays": grouped.size(),
            "cases": closed.groupby("stage")["case_id"].nunique(),
            "mean_days": grouped.mean(),
            "median_days": grouped.median(),
            "p90_days": grouped.quantile(0.9),
        }
    )
    moment = _moment(events, as_of)
    open_ = events[events["end"].isna() & (events["start"] <= moment)]
    ages = in_days(moment - open_["start"])
    table["open_now"] = open_.groupby("stage").size()
    table["open_mean_age_days"] = ages.groupby(open_["stage"]).mean()
    table = table.reindex([s for s in graph.order() if s in table.index])
    counts = ["stays", "cases", "open_now"]
    table[counts] = table[counts].fillna(0).astype(int)
    table.index.name = "stage"
    return table


def queue_lengths(
    events: pd.DataFrame,
    graph: StageGraph,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.DataFrame:
    """Cases in each stage at the end of each day.

    Returns
    -------
    DataFrame
        Indexed by day from ``start`` to ``end`` (the event range by default), one column per
        non-instant stage in path order; a value is the number of open stays at midnight that
        ends the day.
    """
    first = start or events["start"].min().date()
    last = end or event_times(events).max().date()
    dates = pd.date_range(first, last, freq="D")
    moments = (dates + DAY).to_numpy()
    columns = {}
    for stage in graph.order():
        if graph.stage_by_id[stage].instant:
            continue
        rows = events[events["stage"] == stage]
        starts = np.sort(rows["start"].to_numpy())
        ends = np.sort(rows["end"].dropna().to_numpy())
        columns[stage] = np.searchsorted(starts, moments, side="left") - np.searchsorted(
            ends, moments, side="left"
        )
    table = pd.DataFrame(columns, index=dates)
    table.index.name = "day"
    return table


def bottlenecks(
    events: pd.DataFrame, graph: StageGraph, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Stages before the throughput end ranked by where cases wait longest.

    Open stays count up to ``as_of`` (so a stage where cases are stuck ranks high even before
    they leave it).

    Returns
    -------
    DataFrame
        Indexed by stage, sorted by ``mean_days`` descending: ``stays``, ``mean_days``,
        ``case_days`` (total), ``share`` (of all case-days before the throughput end),
        ``open_now``.
    """
    moment = _moment(events, as_of)
    upto = graph.order().index(graph.throughput_to)
    stages = [s for s in graph.order()[:upto] if not graph.stage_by_id[s].instant]
    rows = events[events["stage"].isin(stages) & (events["start"] <= moment)]
    finish = rows["end"].where(rows["end"] <= moment, moment).fillna(moment)
    grouped = in_days(finish - rows["start"]).groupby(rows["stage"])
    table = pd.DataFrame(
        {
            "stays": grouped.size(),
            "mean_days": grouped.mean(),
            "case_days": grouped.sum(),
            "open_now": (rows["end"].isna() | (rows["end"] > moment)).groupby(rows["stage"]).sum(),
        }
    )
    table["share"] = table["case_days"] / table["case_days"].sum()
    table.index.name = "stage"
    return table.sort_values("mean_days", ascending=False)[
        ["stays", "mean_days", "case_days", "share", "open_now"]
    ]


def _moment(events: pd.DataFrame, as_of: dt.date | None) -> pd.Timestamp:
    """The end of day ``as_of``, or the latest event time."""
    if as_of is not None:
        return pd.Timestamp(as_of) + DAY
    return pd.Timestamp(event_times(events).max())


def transitions(events: pd.DataFrame) -> pd.Series:
    """How often each stage followed another: consecutive events of a case, in recording order.

    Returns
    -------
    Series
        Indexed by ``(from, to)``, counts of cases' moves; sorted by count, descending.
    """
    ordered = events.sort_values(["case_id", "event_id"], kind="stable")
    nxt = ordered.groupby("case_id")["stage"].shift(-1)
    pairs = pd.DataFrame({"from": ordered["stage"], "to": nxt}).dropna()
    return pairs.groupby(["from", "to"]).size().sort_values(ascending=False).rename("moves")

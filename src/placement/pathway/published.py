"""Waits as counties publish them: per service class and municipality, decision to move-in.

Housing queues publish group statistics of past lettings (the Stockholm queue's central range,
Boplats' mean and median queue days per district, UK lettings' ranges per property size). This
is the same for a county's own path: over a period, how many moved in, and how long they had
waited from the decision (the start of *search*, as for the statutory deadlines) to moving in,
with the queue now beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from placement.pathway.measures import in_days

__all__ = ["published_waits"]

UNKNOWN_CLASS = "unknown"
"""Service class shown where the offer that led to the move-in recorded none."""


def published_waits(
    events: pd.DataFrame,
    municipality: Mapping[str, str],
    as_of: dt.date,
    days: int = 365,
    *,
    min_group: int = 3,
    decision: str = "search",
    offer: str = "offer",
    move_in: str = "move_in",
) -> pd.DataFrame:
    """Placed clients and their waits per service class and municipality over ``days``.

    Parameters
    ----------
    events : DataFrame
        Events (:meth:`Tracker.frame`), up to ``as_of``.
    municipality : mapping of str to str
        Case id to the client's home municipality.
    as_of : date
        Last day of the period, and the day the queue is counted.
    days : int
        Length of the period (days), ending on ``as_of``.
    min_group : int
        Groups of fewer moved-in clients show their count but no wait statistics: one or two
        people's waits, with their municipality and class, would identify them.
    decision, offer, move_in : str
        Stages that start the wait, carry the service class (attribute ``service_class``, as
        :meth:`Tracker.record_offers` writes it) and end it.

    Returns
    -------
    DataFrame
        One row per service class and municipality: ``placed`` (moved in during the period),
        ``mean_days``, ``median_days``, ``p10_days`` and ``p90_days`` of the wait (days), and
        ``waiting_now``, cases in ``decision`` on ``as_of`` in that municipality (their class
        is not decided yet, so it is shown on every row of the municipality and on a row of
        class ``""`` where nobody moved in). Pseudonymous: no case appears on its own.
    """
    end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    begin = end - pd.Timedelta(days=days)
    first = events.groupby(["case_id", "stage"])["start"].min().unstack()
    for stage in (decision, move_in):
        if stage not in first.columns:
            first[stage] = pd.NaT
    moved = first[[decision, move_in]].dropna()
    moved = moved[(moved[move_in] >= begin) & (moved[move_in] < end)]
    offers = events[events["stage"] == offer].sort_values("start")
    last_offer = offers.groupby("case_id")["attributes"].last()
    placed = pd.DataFrame(
        {
            "service_class": [
                str(_attrs(last_offer.get(c)).get("service_class", UNKNOWN_CLASS))
                for c in moved.index
            ],
            "municipality": [municipality.get(c, "") for c in moved.index],
            "days": in_days(moved[move_in] - moved[decision]).to_numpy(),
        }
    )
    stats = (
        placed.groupby(["service_class", "municipality"])["days"]
        .agg(
            placed="size",
            mean_days="mean",
            median_days="median",
            p10_days=lambda d: d.quantile(0.1),
            p90_days=lambda d: d.quantile(0.9),
        )
        .reset_index()
    )
    small = stats["placed"] < min_group
    stats.loc[small, ["mean_days", "median_days", "p10_days", "p90_days"]] = float("nan")
    open_now = events[
        (events["stage"] == decision)
        & (events["start"] < end)
        & (events["end"].isna() | (events["end"] >= end))
    ]
    waiting = pd.Series(
        [municipality.get(c, "") for c in open_now["case_id"].unique()], dtype=object
    ).value_counts()
    missing = [m for m in waiting.index if m not in set(stats["municipality"])]
    if missing:
        empty = pd.DataFrame({"service_class": "", "municipality": missing, "placed": 0})
        stats = pd.concat([stats, empty], ignore_index=True)
    stats["waiting_now"] = stats["municipality"].map(waiting).fillna(0).astype(int)
    return stats.sort_values(["service_class", "municipality"]).reset_index(drop=True)


def _attrs(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}

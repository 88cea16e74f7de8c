"""Published-style waits: per class and municipality, decision to move-in, with the queue now."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from placement.pathway.history import demo_tracker
from placement.pathway.published import published_waits
from placement.pathway.report import report

AS_OF = dt.date(2025, 12, 31)


def _events() -> pd.DataFrame:
    rows = []

    def stay(case: str, stage: str, start: str, end: str | None, **attrs: str) -> None:
        rows.append(
            {
                "case_id": case,
                "stage": stage,
                "start": pd.Timestamp(start),
                "end": pd.Timestamp(end) if end else pd.NaT,
                "attributes": attrs,
            }
        )

    for case, wait in (("a1", 10), ("a2", 20), ("a3", 30)):
        moved = pd.Timestamp("2025-03-01") + pd.Timedelta(days=wait)
        stay(case, "search", "2025-03-01", str(moved - pd.Timedelta(days=5)))
        stay(case, "offer", str(moved - pd.Timedelta(days=5)), str(moved), service_class="24h-1")
        stay(case, "move_in", str(moved), str(moved))
    stay("b1", "search", "2025-05-01", "2025-06-10")
    stay("b1", "offer", "2025-06-05", "2025-06-10", unit="u1")  # no class recorded
    stay("b1", "move_in", "2025-06-10", "2025-06-10")
    stay("old", "search", "2022-01-01", "2022-03-01")
    stay("old", "move_in", "2022-03-01", "2022-03-01")  # outside the year
    stay("w1", "search", "2025-11-01", None)
    stay("w2", "search", "2025-10-01", None)
    stay("w3", "search", "2025-01-01", "2025-02-01")  # left search before the day
    return pd.DataFrame(rows)


MUNICIPALITY = {
    "a1": "Espoo",
    "a2": "Espoo",
    "a3": "Espoo",
    "b1": "Lohja",
    "old": "Espoo",
    "w1": "Espoo",
    "w2": "Vihti",
    "w3": "Vihti",
}


def test_waits_per_class_and_municipality_with_the_queue_now() -> None:
    table = published_waits(_events(), MUNICIPALITY, AS_OF).set_index(
        ["service_class", "municipality"]
    )
    espoo = table.loc[("24h-1", "Espoo")]
    assert espoo["placed"] == 3
    assert espoo["mean_days"] == 20
    assert espoo["median_days"] == 20
    assert espoo["p10_days"] == 12
    assert espoo["p90_days"] == 28
    assert espoo["waiting_now"] == 1
    lohja = table.loc[("unknown", "Lohja")]  # one client: counted, no statistics
    assert lohja["placed"] == 1
    assert math.isnan(lohja["median_days"])
    assert lohja["waiting_now"] == 0
    vihti = table.loc[("", "Vihti")]  # nobody moved in; one still waiting
    assert (vihti["placed"], vihti["waiting_now"]) == (0, 1)
    assert len(table) == 3


def test_the_report_carries_the_table() -> None:
    week = report(demo_tracker())
    assert list(week.published.columns) == [
        "service_class",
        "municipality",
        "placed",
        "mean_days",
        "median_days",
        "p10_days",
        "p90_days",
        "waiting_now",
    ]
    assert week.published["placed"].sum() > 0
    assert "Waits from decision to move-in" in week.text()

"""Capacity planning: does opening 12 places of class 24h-3 in Vihti shorten the queue?

Simulates the bundled LUVN county two years ahead, as it is and with 12 more 24h-3 places
opening in Vihti after three months, on the same random numbers (the same seed), and prints the
paired differences of the headline figures with their 95 % intervals: how much better, and how
sure.

Run: ``python examples/simulate_vihti.py`` (a few seconds; raise ``REPLICATIONS`` for
narrower intervals).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

import placement as pl
from placement.simulate import AddPlaces, Scenario, run

REPLICATIONS = 8
SHOWN = [
    ("all clients", "mean_queue"),
    ("start queue", "median_days"),
    ("start queue", "placed_within_365_days"),
    ("arrivals", "placed_within_90_days"),
]


def main(replications: int = REPLICATIONS) -> pd.DataFrame:
    """Paired differences (12 more places - base) of every headline figure."""
    base = Scenario.from_problem(pl.datasets.load("luvn"), name="LUVN base")
    opening = base.problem.reference_date + dt.timedelta(days=90)
    more = base.with_changes(
        AddPlaces(municipality="Vihti", service_class="24h-3", count=12, from_date=opening)
    )
    before = run(base, replications=replications, seed=0)
    after = run(more, replications=replications, seed=0)
    comparison = before.compare(after)
    print(comparison.loc[SHOWN].round(3).to_string())
    return comparison


if __name__ == "__main__":
    main()

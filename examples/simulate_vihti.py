"""Capacity planning: does opening 12 places of class 24h-3 in Vihti shorten the queue?

Simulates the bundled LUVN county two years ahead, as it is and with 12 more 24h-3 places
opening in Vihti after three months, on the same random numbers, and prints both summaries
(95 % confidence intervals across replications) and the planner's headline figures.

Run: ``python examples/simulate_vihti.py`` (a few seconds; raise ``REPLICATIONS`` for
narrower intervals).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

import placement as pl
from placement.simulate import AddPlaces, Scenario, run

REPLICATIONS = 8


def main(replications: int = REPLICATIONS) -> dict[str, pd.DataFrame]:
    """Summaries of the base and the added-places scenario, by label."""
    base = Scenario.from_problem(pl.datasets.load("luvn"), name="LUVN base")
    opening = base.problem.reference_date + dt.timedelta(days=90)
    more = base.with_changes(
        AddPlaces(municipality="Vihti", service_class="24h-3", count=12, from_date=opening)
    )
    summaries = {}
    for label, scenario in (("base", base), ("+12 in Vihti", more)):
        summaries[label] = run(scenario, replications=replications, seed=0).summary()
    for label, table in summaries.items():
        print(f"\n{label}\n{table.round(3).to_string()}")
    share = "share_placed_within_90_days"
    before, after = (
        summaries["base"]["mean"].to_dict(),
        summaries["+12 in Vihti"]["mean"].to_dict(),
    )
    print(
        f"\nplaced within 90 days: {before[share]:.1%} -> {after[share]:.1%}; mean queue "
        f"{before['mean_queue']:.0f} -> {after['mean_queue']:.0f}"
    )
    return summaries


if __name__ == "__main__":
    main()

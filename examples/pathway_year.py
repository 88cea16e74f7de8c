"""A year on the LUVN housing path: track it, report it, match the queue, record the offers.

Run: ``.venv/bin/python examples/pathway_year.py [STORE]`` (an in-memory store by default; give
a file path to keep the SQLite store, or a ``postgresql+psycopg://`` URL).
"""

from __future__ import annotations

import sys

import placement as pl
from placement.pathway import Tracker
from placement.pathway.history import synthetic_history
from placement.pathway.report import Report, report
from placement.pathway.rounds import run_round


def main(store: str = ":memory:") -> tuple[Report, pl.Result]:
    """Write the synthetic year, print the report, run a matching round and record its offers."""
    luvn = pl.datasets.load("luvn")
    tracker = Tracker(store)
    cases = synthetic_history(tracker, luvn, seed=2029)
    print(f"{cases} cases, {len(tracker.frame())} stage events\n")
    year = report(tracker, as_of=luvn.reference_date)
    print(year.text())

    week = run_round(tracker, luvn.reference_date, policy="optimal")  # state, solve, offers
    assert week.problem is not None
    assert week.result is not None
    assert pl.check(week.problem, week.result) == []
    result = week.result
    print(f"\nmatching round: {result.summary().splitlines()[0]}")
    print(f"recorded {week.offers} offers; {len(result.unplaced)} clients keep searching")
    return year, result


if __name__ == "__main__":
    main(*sys.argv[1:2])

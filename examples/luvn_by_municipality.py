"""An analyst's first look: solve the bundled LUVN instance and tabulate it by municipality.

Run: ``.venv/bin/python examples/luvn_by_municipality.py``
"""

from __future__ import annotations

import pandas as pd

import placement as pl


def main() -> pd.DataFrame:
    """Solve, check, and return the by-municipality table (also printed)."""
    problem = pl.datasets.load("luvn")
    result = pl.solve(problem)
    assert pl.check(problem, result) == []
    report = pl.metrics(problem, result)
    table = pd.DataFrame(report["by_municipality"]).T[
        ["clients", "placed", "rank_1", "mean_distance_km", "mean_days_waited", "utilisation"]
    ]
    print(result.summary())
    print(table.to_string())
    print(pd.DataFrame(report["by_service_class"]).T[["clients", "placed", "daily_cost_eur"]])
    for client_id in result.unplaced[:3]:
        print(pl.explain(problem, result, client_id))
    return table


if __name__ == "__main__":
    main()

"""A first problem built in Python: two units, three clients, solved and explained.

Models are built with ``model_validate`` from plain data, the way a client-information system
hands records over; plain mypy and pyright accept it without the pydantic plugin (a test checks
that), and every invalid record is reported at once, before any solving.
"""

from __future__ import annotations

import placement as pl


def build() -> pl.Problem:
    """Two units, in Espoo and Lohja; three clients, one needing a wheelchair-accessible home."""
    espoo = {"lat": 60.2055, "lon": 24.6559}
    lohja = {"lat": 60.2486, "lon": 24.0653}
    return pl.Problem.model_validate(
        {
            "reference_date": "2026-01-05",
            "units": [
                {
                    "id": "koivu",
                    "name": "Koivukoti",
                    "municipality": "Espoo",
                    "location": espoo,
                    "features": ["wheelchair_accessible"],
                    "offers": {"24h-1": None, "24h-2": 165.0},
                    "capacity": 1,
                },
                {
                    "id": "tammi",
                    "name": "Tammela",
                    "municipality": "Lohja",
                    "location": lohja,
                    "offers": {"communal": None},
                    "capacity": 1,
                },
            ],
            "clients": [
                {
                    "id": "a1",
                    "municipality": "Espoo",
                    "location": espoo,
                    "queued_since": "2025-02-01",
                    "needs": {"physical": 3},
                    "preferences": [["koivu"]],
                },
                {
                    "id": "a2",
                    "municipality": "Lohja",
                    "location": lohja,
                    "queued_since": "2025-06-01",
                    "preferences": [["koivu"], ["tammi"]],
                },
                {
                    "id": "a3",
                    "municipality": "Lohja",
                    "location": lohja,
                    "queued_since": "2025-09-01",
                    "preferences": [["tammi"]],
                    "max_distance_km": 10,
                },
            ],
        }
    )


def main() -> pl.Result:
    problem = build()
    result = pl.solve(problem, policy="optimal")
    assert pl.check(problem, result) == []
    print(result.summary())
    for client in problem.clients:
        print(pl.explain(problem, result, client.id, language="fi"))
    return result


if __name__ == "__main__":
    main()

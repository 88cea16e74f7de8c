"""A writer process for the durability tests: ``python writer.py STORE PREFIX CASES``.

Opens CASES cases and moves each to needs assessment, one transaction per write, and prints
``committed <case> <events>`` after each commit (flushed), so the parent knows what was committed.
"""

from __future__ import annotations

import datetime as dt
import sys

from placement.pathway import Tracker


def main(store: str, prefix: str, cases: int) -> None:
    tracker = Tracker(store)
    day = dt.datetime(2025, 3, 3, 9)
    written = 0
    for k in range(cases):
        case = f"{prefix}{k:05d}"
        tracker.open_case(case, day, municipality="Espoo", social_worker="sw1")
        written += 1
        print(f"committed {case} {written}", flush=True)
        tracker.record(
            case,
            "needs_assessment",
            day + dt.timedelta(days=3),
            role="regional_social_worker",
            resource="sw1",
        )
        written += 1
        print(f"committed {case} {written}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))

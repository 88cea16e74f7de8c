"""Time limits: wall time of ``solve`` against its limit, and what each phase used.

Run ``python benchmarks/bench_limits.py`` (part of ``make bench``); it rewrites its section of
``benchmarks/RESULTS.md``. The instance is ``pl.datasets.synthetic(10_000, 1_500, seed=1,
side_constraints=True)`` (413,524 candidate edges), solved with ``auto`` and with forced HiGHS at
5 s and 60 s. Each call builds its candidates afresh (a copy of the problem), so the limit covers
candidate building, search, repair and result building.
"""

from __future__ import annotations

import sys
from pathlib import Path

import placement as pl

sys.path.insert(0, str(Path(__file__).parent))
from harness import machine, timed, write_section

LIMITS = (5.0, 60.0)
ENGINES = ("auto", "highs")


def main() -> None:
    problem = pl.datasets.synthetic(10_000, 1_500, seed=1, side_constraints=True)
    rows = []
    for engine in ENGINES:
        for limit in LIMITS:
            wall, result = timed(
                lambda e=engine, t=limit: pl.solve(problem.model_copy(), engine=e, time_limit=t)
            )
            phases = ", ".join(f"{k} {v:.1f}" for k, v in result.phases.items())
            gap = "n/a" if result.gap is None else f"{result.gap:.2e}"
            rows.append(
                f"| {engine} | {limit:.0f} | {wall:.1f} | {wall / limit:.2f} | {phases} "
                f"| {result.engine}, {result.status.value}, gap {gap}, "
                f"{len(result.assignments):,} placed |"
            )
    lines = [
        "## Time limits: `solve` wall time against its limit",
        "",
        "Reproduce: `python benchmarks/bench_limits.py` (part of `make bench`).",
        f"Machine: {machine()}. Synthetic 10,000 x 1,500 with side constraints (seed 1), each call "
        "on a fresh copy of the problem. Every phase draws from one `Deadline`; `result.phases` "
        "gives the seconds each used. HiGHS runs in a child process killed at the limit (its own "
        "limit is up to 0.5 s shorter), because it does not stop inside presolve and the root LP.",
        "",
        "| engine | limit s | wall s | wall / limit | phases s | outcome |",
        "| --- | ---: | ---: | ---: | --- | --- |",
        *rows,
    ]
    write_section("bench_limits", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""What presolving uncontested clients would buy on the side-constraint benchmark instances.

A client can be fixed before solving, without losing exactness, when it has no side constraint
and every one of its candidate units has more places in its earliest place group than clients
that could go there (so nobody competes with it, and its move-in date cannot be pushed back).
This script counts such clients. Run ``python benchmarks/bench_presolve.py`` (part of
``make bench``); it rewrites its section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

import placement as pl
from placement import candidates
from placement.objective import score

sys.path.insert(0, str(Path(__file__).parent))
from harness import machine, write_section


def presolvable(n: int, m: int) -> str:
    problem = pl.datasets.synthetic(n, m, seed=1, side_constraints=True)
    cands = candidates.build(problem)
    scores = score(problem, cands)
    earliest = np.zeros(m, np.int64)
    for g in range(scores.slot_unit.size - 1, -1, -1):  # groups sorted by unit, then cost
        earliest[scores.slot_unit[g]] = scores.slot_count[g]
    demand = np.bincount(cands.unit, minlength=m)
    quiet = (demand <= earliest) & np.array([not u.composition for u in problem.units])
    sided = {c for group in problem.linked_groups() for c in group}
    sided |= {c.id for c in problem.clients if c.incompatible_with}
    sided |= {o for c in problem.clients for o in c.incompatible_with}
    fixed = sum(
        1
        for i, client in enumerate(problem.clients)
        if client.id not in sided
        and cands.indptr[i + 1] > cands.indptr[i]
        and quiet[cands.unit[cands.indptr[i] : cands.indptr[i + 1]]].all()
    )
    return (
        f"| {n:,} x {m:,} | {int(quiet.sum())} of {m:,} | {fixed} of {n:,} | "
        f"{'nothing' if fixed == 0 else f'{fixed / n:.1%} of the clients'} |"
    )


def main() -> None:
    rows = [presolvable(2000, 300), presolvable(10000, 1500)]
    for row in rows:
        print(row)
    write_section(
        "presolve",
        "\n".join(
            [
                "## Presolve of uncontested clients (side-constraint instances)",
                "",
                "`python benchmarks/bench_presolve.py`: the instances of the side-constraint",
                "benchmark (`synthetic(n, m, seed=1, side_constraints=True)`). A unit is",
                "uncontested when its earliest place group has room for every client with an edge",
                "to it and it has no composition limit; a client is presolvable when it has no",
                "side constraint and all its candidate units are uncontested.",
                "",
                "| instance | uncontested units | presolvable clients | what it buys |",
                "| --- | --- | --- | --- |",
                *rows,
                "",
                "Every client without side constraints has at least one contested candidate unit,",
                "so the presolve would fix nobody: it was measured, not built.",
                "",
                f"Machine: {machine()}",
            ]
        ),
    )


if __name__ == "__main__":
    main()

"""Core benchmark: end-to-end ``solve`` against a raw OR-Tools min-cost flow of the same graph.

Run ``make bench`` (or ``python benchmarks/bench_core.py``); it rewrites ``benchmarks/RESULTS.md``.

For each instance (fixed seeds) it measures, in one process:

* ``solve``: ``pl.solve(problem)`` from a Problem in memory to a Result (candidates, scores, flow,
  move-in dates, tiers), on a fresh copy of the problem so no cached view helps;
* ``raw flow``: building OR-Tools' ``SimpleMinCostFlow`` from the same arc arrays and solving
  it, written out here without the library's engine code;
* HiGHS (``scipy.optimize.milp``) and CP-SAT on the same model, once each, with their objective
  compared to the flow optimum;
* the audit's problem hash on a fresh copy, part of ``solve``'s time (its share is the issue 27
  target: at most 5 % at 10,000 x 1,500), beside the first release's hash of the key-sorted dump
  (kept for checking old results) as the baseline.

Timings are medians of alternating repeats with the garbage collector collected beforehand and
paused during each timed call (as ``timeit`` does), so a collection of the problem's object graph
does not land at random inside one side of the ratio.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np
from ortools.graph.python import min_cost_flow

import placement as pl
from placement import audit, candidates
from placement.engines import Network, cpsat, milp
from placement.objective import score

sys.path.insert(0, str(Path(__file__).parent))
from harness import machine, timed, write_section

SIZES = ((2_000, 300, 1), (10_000, 1_500, 1))
REPEATS = 7


def raw_flow(net: Network) -> int:
    """Min-cost flow of the network, straight from OR-Tools (no library code)."""
    n, m = net.n_clients, net.n_units
    sink = n + m
    tails = np.concatenate([net.edge_client, np.arange(n), n + net.slot_unit])
    heads = np.concatenate([n + net.edge_unit, np.full(n + net.slot_unit.size, sink)])
    caps = np.concatenate([np.ones(net.edge_client.size + n, np.int64), net.slot_count])
    costs = np.concatenate([net.edge_cost, np.zeros(n, np.int64), net.slot_cost])
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    nodes = np.append(np.arange(n), sink).astype(np.int32)
    smcf.set_nodes_supplies(nodes, np.append(np.ones(n, np.int64), -n))
    assert smcf.solve() == smcf.OPTIMAL
    return int(smcf.optimal_cost())


def run(n_clients: int, n_units: int, seed: int) -> dict[str, Any]:
    problem = pl.datasets.synthetic(n_clients, n_units, seed=seed)
    cands = candidates.build(problem)
    net = Network.build(n_clients, n_units, cands, score(problem, cands))
    e2e, raw, hashed, legacy = [], [], [], []
    objective = None
    for _ in range(REPEATS):
        fresh = problem.model_copy()  # drops cached views: every repeat pays for them
        t, result = timed(lambda fresh=fresh: pl.solve(fresh))
        e2e.append(t)
        t, cost = timed(lambda: raw_flow(net))
        raw.append(t)
        objective = result.objective
        assert cost == objective, (cost, objective)
        unhashed = problem.model_copy()  # a new object: the per-problem cache does not hold it
        hashed.append(timed(lambda unhashed=unhashed: audit.problem_hash(unhashed))[0])
        legacy.append(timed(lambda: audit._sorted_hash(problem))[0])
    t_highs, highs = timed(lambda: milp.solve(net, time_limit=600))
    t_cpsat, cp = timed(lambda: cpsat.solve(net, time_limit=120, workers=2))
    return {
        "size": f"{n_clients:,} x {n_units:,}",
        "edges": len(cands),
        "per_client": len(cands) / n_clients,
        "solve": statistics.median(e2e),
        "raw": statistics.median(raw),
        "hash": statistics.median(hashed),
        "legacy_hash": statistics.median(legacy),
        "highs": t_highs,
        "highs_same": highs.objective == objective,
        "highs_status": highs.status.value,
        "cpsat": t_cpsat,
        "cpsat_status": cp.status.value,
        "cpsat_gap": (
            abs(cp.objective - cp.bound) / max(1.0, abs(cp.objective))
            if cp.objective is not None and cp.bound is not None
            else None
        ),
        "cpsat_same": cp.objective == objective,
    }


def main() -> None:
    rows = [run(*size) for size in SIZES]
    lines = [
        "## Core: end-to-end `solve` vs raw min-cost flow",
        "",
        "Reproduce: `python benchmarks/bench_core.py` (part of `make bench`).",
        f"Machine: {machine()}. Synthetic instances `pl.datasets.synthetic(n, m, seed=1)`, no side "
        "constraints. Times are medians of "
        f"{REPEATS} alternating repeats (GC paused while timing); HiGHS and CP-SAT run once.",
        "",
        "| instance (clients x units) | candidate edges | per client | `solve` end-to-end s "
        "| raw OR-Tools flow s | ratio | HiGHS s (status, same optimum) "
        "| CP-SAT 2 workers s (status, gap, same optimum) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for r in rows:
        gap = "n/a" if r["cpsat_gap"] is None else f"{r['cpsat_gap']:.2e}"
        lines.append(
            f"| {r['size']} | {r['edges']:,} | {r['per_client']:.1f} | {r['solve']:.3f} "
            f"| {r['raw']:.3f} | **{r['solve'] / r['raw']:.2f}x** "
            f"| {r['highs']:.2f} ({r['highs_status']}, {'yes' if r['highs_same'] else 'no'}) "
            f"| {r['cpsat']:.2f} ({r['cpsat_status']}, {gap}, "
            f"{'yes' if r['cpsat_same'] else 'no'}) |"
        )
    lines += [
        "",
        "| instance | audit hash s | share of `solve` | first release's hash (sorted dump) s "
        "| speed-up |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r['size']} | {r['hash']:.3f} | {r['hash'] / r['solve']:.1%} "
        f"| {r['legacy_hash']:.3f} | {r['legacy_hash'] / r['hash']:.1f}x |"
        for r in rows
    ]
    lines += [
        "",
        "The ratio is the acceptance figure (target: at most 2x the raw flow at 10,000 x "
        "1,500; at 2,000 x 300 the flow takes about 13 ms, so the ratio there is fixed Python "
        "overhead). The raw flow is "
        "built from the very arrays `solve` produced, so both sides solve the same graph and "
        "must reach the same optimal cost (asserted on every repeat).",
        "",
    ]
    write_section("bench_core", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())

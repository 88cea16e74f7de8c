"""Simulation benchmark (issue 12, acceptance 6): the LUVN scenario with weekly rounds.

``python benchmarks/bench_simulate.py`` runs 100 replications x 5 years of
``Scenario.from_problem(load("luvn"))`` for the policies ``priority`` and ``optimal``, each
three ways: serial, 2 workers through a Dask ``LocalCluster`` (two worker processes) and
2 workers through a ``ProcessPoolExecutor``. It reports wall seconds, matching rounds,
rounds per second, and per round the milliseconds in the policy (candidate slicing and the
policy's own code) and in the rest of the simulation, and rewrites its section of
``benchmarks/RESULTS.md``. ``--replications`` and ``--years`` run a smaller version.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

import pandas as pd

import placement as pl
from placement.simulate import Scenario, SimulationResult, run

sys.path.insert(0, str(Path(__file__).parent))
from harness import machine, write_section

TARGETS = {"priority": ("serial", 60.0), "optimal": ("dask x2", 300.0)}


def measure(scenario: Scenario, replications: int, mode: str) -> tuple[float, SimulationResult]:
    """Wall seconds and result of one run in ``mode`` (serial, dask x2, pool x2)."""
    executor: Executor | None = None
    cluster = client = None
    if mode == "dask x2":
        import distributed

        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = distributed.Client(cluster)
        executor = client.get_executor()
    elif mode == "pool x2":
        executor = ProcessPoolExecutor(max_workers=2)
    try:
        start = time.perf_counter()
        result = run(scenario, replications=replications, seed=0, executor=executor)
        return time.perf_counter() - start, result
    finally:
        if isinstance(executor, ProcessPoolExecutor):
            executor.shutdown()
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument("--years", type=float, default=5.0)
    parser.add_argument("--policies", nargs="+", default=["priority", "optimal"])
    parser.add_argument("--modes", nargs="+", default=["serial", "dask x2", "pool x2"])
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    base = Scenario.from_problem(pl.datasets.load("luvn"), horizon_days=365.25 * args.years)
    rows = []
    reference: dict[str, pd.DataFrame] = {}
    for policy in args.policies:
        scenario = base.model_copy(update={"policy": policy, "name": f"luvn {policy}"})
        for mode in args.modes:
            wall, result = measure(scenario, args.replications, mode)
            t = result.timing
            rounds = int(t["rounds"].sum())
            match_ms = 1000 * float(t["match_s"].sum()) / max(rounds, 1)
            other_ms = 1000 * float(t["total_s"].sum() - t["match_s"].sum()) / max(rounds, 1)
            same = ""
            if policy in reference:
                same = "yes" if reference[policy].equals(result.waits) else "NO"
            else:
                reference[policy] = result.waits
            target_mode, target_s = TARGETS.get(policy, ("", 0.0))
            verdict = ""
            if mode == target_mode:
                verdict = f"{'met' if wall <= target_s else 'missed'} ({target_s:.0f} s)"
            rows.append(
                f"| {policy} | {mode} | {wall:.1f} | {rounds:,} | {rounds / wall:,.0f} | "
                f"{match_ms:.2f} | {other_ms:.2f} | {same or '-'} | {verdict or '-'} |"
            )
            print(rows[-1], flush=True)
    table = "\n".join(
        [
            "| policy | executor | wall s | rounds | rounds/s (wall) | policy ms/round | "
            "simulation ms/round | same waits as serial | target |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
            *rows,
        ]
    )
    command = "python benchmarks/bench_simulate.py"
    if args.replications != 100 or args.years != 5.0:
        command += f" --replications {args.replications} --years {args.years:g}"
    size = f"{args.replications} replications x {args.years:g} years"
    text = f"""## Simulation: LUVN, weekly rounds, {size}

Reproduce: `{command}` (part of `make bench`).
Machine: {machine()}. `Scenario.from_problem(load("luvn"))` (120 clients queueing, 40 units,
306 places; default rates of `placement.simulate.defaults`), seed 0. *Policy ms/round* is the
time inside `simulate.matching.match` (slicing the candidate edges and the policy's own code),
*simulation ms/round* everything else in a replication (events, round preparation, records)
divided by the same rounds. Rounds with no waiting client or no free place are skipped and not
counted. Other engineers' jobs shared the 2 cores while this ran.

{table}
"""
    print(text)
    if not args.no_write:
        write_section("bench_simulate", text)


if __name__ == "__main__":
    main()

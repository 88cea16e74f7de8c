"""The simulator's throughput beside two queueing simulators on the same M/M/10 queue.

``python benchmarks/bench_queue_peers.py`` simulates an M/M/10 queue at utilisation 0.9
(arrivals 0.9 a day, stays of mean 10 days, ten places, FIFO) for ``--days`` days with the
library (``placement.simulate.run``: a matching round by the ``fifo`` policy at every arrival
and every freed place, records of every client), with Ciw 3 and with SimPy 4 (a plain
``Resource`` of capacity 10), each ``--repeats`` times from fixed seeds, and reports arrivals
simulated per CPU-second (``time.process_time``, best of the repeats) and the ratio to the
library. Ciw and SimPy are the ``bench`` extra (``pip install -e .[bench]``; ``make bench``
installs it), never a dependency of the library. Each one's mean wait is shown beside Erlang C's
(``tests/simulate/queues.py``), a check that all three simulate the same queue. It rewrites its
section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))
from tests.simulate.queues import mean_wait, mmc

from harness import machine, write_section

LAM, MU, C = 0.9, 0.1, 10
"""Arrivals per day, departures per day per place (mean stay 10 days), places: rho = 0.9."""


def library(days: float, seed: int) -> tuple[int, float]:
    """Arrivals and their mean wait (days) after the first tenth, by ``placement.simulate``."""
    from placement.simulate import run

    result = run(mmc(LAM, MU, C, days, 0.0, record_every=days), replications=1, seed=seed)
    w = result.waits
    counted = w[(w["decided_day"] > 0.1 * days) & (w["decided_day"] < 0.9 * days)]
    return len(w), float(counted["wait_days"].mean())


def ciw_queue(days: float, seed: int) -> tuple[int, float]:
    """The same queue in Ciw."""
    import ciw

    ciw.seed(seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=LAM)],
        service_distributions=[ciw.dists.Exponential(rate=MU)],
        number_of_servers=[C],
    )
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(days)
    records = simulation.get_all_records()
    waits = [r.waiting_time for r in records if 0.1 * days < r.arrival_date < 0.9 * days]
    arrivals = len(records) + sum(len(n.all_individuals) for n in simulation.transitive_nodes)
    return arrivals, float(np.mean(waits))


def simpy_queue(days: float, seed: int) -> tuple[int, float]:
    """The same queue in SimPy: a Resource of capacity 10 served first come, first served."""
    import simpy

    rng = random.Random(seed)
    env = simpy.Environment()
    places = simpy.Resource(env, capacity=C)
    waits: list[float] = []
    count = [0]

    def client(arrived: float) -> simpy.events.ProcessGenerator:
        with places.request() as request:
            yield request
            if 0.1 * days < arrived < 0.9 * days:
                waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(MU))

    def source() -> simpy.events.ProcessGenerator:
        while True:
            yield env.timeout(rng.expovariate(LAM))
            count[0] += 1
            env.process(client(env.now))

    env.process(source())
    env.run(until=days)
    return count[0], float(np.mean(waits))


PEERS: dict[str, Callable[[float, int], tuple[int, float]]] = {
    "placement (fifo, a round at every event)": library,
    "Ciw 3": ciw_queue,
    "SimPy 4": simpy_queue,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=float, default=100_000.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    rows = []
    rates = {}
    for name, simulate in PEERS.items():
        best, arrivals, wait = np.inf, 0, 0.0
        for seed in range(args.repeats):
            start = time.process_time()
            arrivals, wait = simulate(args.days, seed)
            best = min(best, time.process_time() - start)
        rates[name] = arrivals / best
        rows.append((name, arrivals, best, rates[name], wait))
        print(rows[-1], flush=True)
    ours = rates[next(iter(PEERS))]
    table = [
        "| simulator | arrivals | CPU s | arrivals per CPU-second | ratio to placement | "
        "mean wait, days |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    table += [
        f"| {name} | {n:,} | {cpu:.2f} | {rate:,.0f} | {rate / ours:.2f} | {wait:.2f} |"
        for name, n, cpu, rate, wait in rows
    ]
    command = "python benchmarks/bench_queue_peers.py"
    if args.days != 100_000.0 or args.repeats != 3:
        command += f" --days {args.days:g} --repeats {args.repeats}"
    text = f"""## Simulator throughput beside Ciw and SimPy: M/M/10 at utilisation 0.9

Reproduce: `{command}` (part of `make bench`; Ciw and SimPy come from the `bench` extra).
Machine: {machine()}. Arrivals 0.9 a day, stays of mean 10 days, 10 places, FIFO,
{args.days:,.0f} simulated days, best CPU time (`time.process_time`) of {args.repeats} seeds.
The library runs its real matching: a `fifo` round at every arrival and every freed place, a
record per client. Erlang C's mean wait is {mean_wait(LAM, MU, C):.2f} days; each simulator's
mean wait (arrivals in the middle 80 % of the run) is shown beside it as a check that all three
simulate the same queue.

{chr(10).join(table)}
"""
    print(text)
    if not args.no_write:
        write_section("bench_queue_peers", text)


if __name__ == "__main__":
    main()

"""Side-constraint benchmark: the optimal policy with linked clients, incompatibilities and
composition limits (5% linked, 5% incompatible pairs, limits on a third of the units).

Run ``python benchmarks/bench_side.py`` (part of ``make bench``); it rewrites its section of
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

import placement as pl
from placement import candidates
from placement.engines import Network, flow
from placement.engines.side import Side, refill, repair
from placement.objective import score
from placement.policies.base import priority_rank

sys.path.insert(0, str(Path(__file__).parent))
from harness import machine, timed, write_section

LIMIT_S = 60.0


def gap(objective: float | None, bound: float | None) -> str:
    if objective is None or bound is None:
        return "n/a"
    return f"{abs(objective - bound) / max(1.0, abs(objective)):.2e}"


def run(n: int, m: int, with_highs: bool) -> tuple[str, list[str]]:
    problem = pl.datasets.synthetic(n, m, seed=1, side_constraints=True)
    cands = candidates.build(problem)
    side = Side.build(problem, cands)
    net = Network.build(n, m, cands, score(problem, cands))
    t_relaxed, relaxed = timed(lambda: flow.solve(net))
    t_hint, hint = timed(
        lambda: refill(
            side,
            net,
            repair(side, cands, relaxed.chosen, priority_rank(problem)),
            lambda r: flow.solve(r).chosen,
        )
    )
    t_auto, auto = timed(lambda: pl.solve(problem, time_limit=LIMIT_S))
    highs = "not run (HiGHS found no solution in 190 s at this size)"
    if with_highs:
        t_h, h = timed(lambda: pl.solve(problem, engine="highs"))
        highs = f"{t_h:.2f} s, {h.status.value}, objective {h.objective}" + (
            ", same as auto"
            if h.objective == auto.objective
            else f", auto is {auto.objective - h.objective:+,} points worse"
        )
    assert pl.check(problem, auto) == []
    row = (
        f"| {n:,} x {m:,} | {len(cands):,} | {len(side.groups)} / {len(side.apart)} / "
        f"{len(side.limits)} | {t_relaxed:.2f} "
        f"| {t_hint:.2f}, gap {gap(net.objective(hint), relaxed.objective)} "
        f"| {t_auto:.1f}, {auto.status.value}, gap {gap(auto.objective, auto.bound)} "
        f"| {highs} |"
    )
    # what the scale tricks buy, as counts
    places = len(problem.vacancies())
    i = np.concatenate(
        [cands.client, *(g[:-1] for g in side.groups), cands.client[side.apart[:, 0]]]
    )
    j = np.concatenate(
        [
            n + cands.unit.astype(np.int64),
            *(g[1:] for g in side.groups),
            cands.client[side.apart[:, 1]],
        ]
    )
    graph = coo_array((np.ones(i.size), (i, j)), shape=(n + m, n + m))
    _, label = connected_components(graph, directed=False)
    with_edges = np.unique(label[cands.client])
    tricks = [
        f"- {n:,} x {m:,}: sparse variables: {len(cands):,} candidate edges instead of "
        f"{n * m:,} client-unit pairs ({len(cands) / (n * m):.1%}); identical places collapsed: "
        f"{net.slot_unit.size:,} place groups instead of {places:,} places; components with "
        f"edges: {with_edges.size} (the largest holds "
        f"{np.isin(label[cands.client], [np.bincount(label[cands.client]).argmax()]).mean():.0%} "
        "of the edges, so decomposition buys nothing here).",
    ]
    return row, tricks


def main() -> None:
    small, tricks_small = run(2_000, 300, with_highs=True)
    large, tricks_large = run(10_000, 1_500, with_highs=False)
    lines = [
        "## Optimal policy with side constraints",
        "",
        "Reproduce: `python benchmarks/bench_side.py` (part of `make bench`).",
        f"Machine: {machine()}. `pl.datasets.synthetic(n, m, seed=1, side_constraints=True)`: "
        "5% of clients in linked pairs, 5% incompatible client pairs, composition limits on a "
        f"third of the units; `auto` runs with `time_limit={LIMIT_S:.0f}`.",
        "",
        "| clients x units | edges | linked groups / incompatible edge pairs / binding limits "
        "| relaxed flow s | repaired hint s, gap to relaxation | `auto` (CP-SAT) s, status, gap "
        "| HiGHS |",
        "| --- | ---: | --- | ---: | --- | --- | --- |",
        small,
        large,
        "",
        "Gaps are relative to the whole objective (dominated by the tier-1 term); the bound is "
        "the better of CP-SAT's and the relaxed flow optimum. Targets of the issue not met: "
        "2,000 x 300 is not proven optimal by CP-SAT within the limit, while HiGHS proves it in "
        "about a second.",
        "",
        "What the scale tricks buy:",
        "",
        *tricks_small,
        *tricks_large,
    ]
    write_section("bench_side", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

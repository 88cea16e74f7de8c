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


def run(n: int, m: int) -> tuple[str, list[str]]:
    problem = pl.datasets.synthetic(n, m, seed=1, side_constraints=True)
    cands = candidates.build(problem)
    side = Side.build(problem, cands)
    net = Network.build(n, m, cands, score(problem, cands))
    t_relaxed, relaxed = timed(lambda: flow.solve(net))
    rank = priority_rank(problem)
    t_hint, hint = timed(
        lambda: refill(
            side,
            net,
            repair(side, cands, relaxed.chosen, rank),
            lambda r: flow.solve(r).chosen,
            rank,
            cands,
        )
    )
    t_auto, auto = timed(lambda: pl.solve(problem, time_limit=LIMIT_S))
    t_cp, cp = timed(lambda: pl.solve(problem, engine="cpsat", time_limit=LIMIT_S))
    assert pl.check(problem, auto) == []
    assert pl.check(problem, cp) == []
    versus = (
        "same objective"
        if cp.objective == auto.objective
        else f"{cp.objective - auto.objective:+,} points vs auto"  # type: ignore[operator]
    )
    row = (
        f"| {n:,} x {m:,} | {len(cands):,} | {len(side.groups)} / {len(side.apart)} / "
        f"{len(side.limits)} | {t_relaxed:.2f} "
        f"| {t_hint:.2f}, gap {gap(net.objective(hint), relaxed.objective)} "
        f"| {auto.engine}: {t_auto:.1f} s, {auto.status.value}, "
        f"gap {gap(auto.objective, auto.bound)} "
        f"| {t_cp:.1f} s, {cp.status.value}, gap {gap(cp.objective, cp.bound)}, {versus} |"
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
    small, tricks_small = run(2_000, 300)
    large, tricks_large = run(10_000, 1_500)
    lines = [
        "## Optimal policy with side constraints",
        "",
        "Reproduce: `python benchmarks/bench_side.py` (part of `make bench`).",
        f"Machine: {machine()}. `pl.datasets.synthetic(n, m, seed=1, side_constraints=True)`: "
        "5% of clients in linked pairs, 5% incompatible client pairs, composition limits on a "
        f"third of the units; `auto` runs with `time_limit={LIMIT_S:.0f}`.",
        "",
        "| clients x units | edges | linked groups / incompatible edge pairs / binding limits "
        "| relaxed flow s | repaired hint s, gap to relaxation | `auto`: engine, s, status, gap "
        '| `engine="cpsat"`: s, status, gap |',
        "| --- | ---: | --- | ---: | --- | --- | --- |",
        small,
        large,
        "",
        "Gaps are relative to the whole objective (dominated by the tier-1 term); CP-SAT's "
        "bound is the better of its own and the relaxed flow optimum. `auto` uses HiGHS up to "
        "50,000 candidate edges and CP-SAT above. Not met: CP-SAT does not prove 2,000 x 300 "
        "within the limit (HiGHS does, in about a second), and at 10,000 x 1,500 no engine "
        "proves optimality within 60 s.",
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

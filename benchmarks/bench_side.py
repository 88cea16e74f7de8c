"""Side-constraint benchmark: the optimal policy with linked clients, incompatibilities and
composition limits (5% linked, 5% incompatible pairs, limits on a third of the units).

Run ``python benchmarks/bench_side.py`` (part of ``make bench``); it rewrites its section of
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

import placement as pl
from placement import candidates
from placement.engines import Network, flow, milp
from placement.engines.side import Side
from placement.objective import score

sys.path.insert(0, str(Path(__file__).parent))
from harness import machine, timed, write_section

# the steps of ``auto`` (``placement.policies.optimal`` itself is the policy function)
_optimal = importlib.import_module("placement.policies.optimal")
repaired, narrowed = _optimal._repaired, _optimal._narrowed

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
    t_hint, hint = timed(lambda: repaired(problem, cands, net, side, relaxed.chosen))
    t_lp, lp = timed(lambda: milp.tier1_relaxation(net, side, time_limit=LIMIT_S))
    assert lp is not None
    lp_bound = lp.bound
    t_cheap, cheap = timed(lambda: narrowed(net, side, hint, [relaxed.chosen], LIMIT_S / 2))
    t_narrow, better = timed(
        lambda: narrowed(net, side, hint, [relaxed.chosen, lp.support], LIMIT_S / 2)
    )
    t_highs, highs = timed(lambda: milp.solve(net, side, time_limit=LIMIT_S))
    t_auto, auto = timed(lambda: pl.solve(problem, time_limit=LIMIT_S))
    t_cp, cp = timed(lambda: pl.solve(problem, engine="cpsat", time_limit=LIMIT_S))
    assert pl.check(problem, auto) == []
    assert pl.check(problem, cp) == []
    alone = (
        f"{t_highs:.1f} s, {highs.status.value}"
        if highs.objective is None
        else f"{t_highs:.1f} s, {highs.status.value}, gap {gap(highs.objective, highs.bound)}"
    )
    versus = (
        "same objective"
        if cp.objective == auto.objective
        else f"{cp.objective - auto.objective:+,} points vs auto"  # type: ignore[operator]
    )
    row = (
        f"| {n:,} x {m:,} | {len(cands):,} | {len(side.groups)} / {len(side.apart)} / "
        f"{len(side.limits)} | {t_relaxed:.2f} "
        f"| {t_hint:.2f}, gap {gap(net.objective(hint), relaxed.objective)} "
        f"| {t_lp:.1f}, gap {gap(lp_bound, relaxed.objective)} "
        f"| {t_cheap:.1f}, gap {gap(net.objective(cheap), lp_bound)} "
        f"| {t_narrow:.1f}, gap {gap(net.objective(better), lp_bound)} "
        f"| {alone} "
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
        "| relaxed flow s | repaired hint s, gap to relaxation "
        "| tier-1 LP bound s, its gap to the relaxation "
        "| narrowed HiGHS, cheapest edges only: s, gap to the LP bound "
        "| narrowed HiGHS with the LP's support: s, gap to the LP bound "
        "| HiGHS alone on the same model | `auto`: engine, s, status, gap "
        '| `engine="cpsat"`: s, status, gap |',
        "| --- | ---: | --- | ---: | --- | --- | --- | --- | --- | --- | --- |",
        small,
        large,
        "",
        "Gaps are relative to the whole objective (dominated by the tier-1 term). The tier-1 LP "
        "bound is the weak-duality bound of the LP relaxation with every side constraint, tier 1 "
        "rounded down. The narrowed HiGHS model keeps each client's cheapest edges (50,000 / "
        "clients of them) plus those of the hint, the relaxed optimum and linked groups, and "
        "(last column but two) the edges the LP optimum uses; its optimum is feasible but no "
        "proof. `auto` uses HiGHS up to 50,000 candidate edges; above, the LP, then the "
        "narrowed model with the LP's support, then CP-SAT on the whole model with the time "
        "left; the reported bound is the best of CP-SAT's, the LP's and the relaxation's. "
        "Every step runs with the same 60 s limit in this script, one after the other; `auto` "
        "runs them within one 60 s budget. Not met: the target *CP-SAT faster than HiGHS* at "
        "2,000 x 300 (CP-SAT proves it, HiGHS is much faster), and at 10,000 x 1,500 no engine "
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

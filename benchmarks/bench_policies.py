"""Policy benchmarks: deferred acceptance at market scale, the `matching` package as a peer, and
every policy side by side on instance families.

Run ``python benchmarks/bench_policies.py`` (part of ``make bench``); it rewrites its section of
``benchmarks/RESULTS.md``. Fixed seeds throughout.
"""

from __future__ import annotations

import statistics
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

from matching.games import HospitalResident

import placement as pl
from placement import candidates
from placement.policies.deferred_acceptance import stable_edges
from placement.policies.market import market, preference_lists

sys.path.insert(0, str(Path(__file__).parent))
from harness import machine, timed, write_section

PEER_SIZES = ((400, 20), (1_000, 50), (2_000, 100), (4_000, 200), (8_000, 400))
PEER_LIMIT_S = 60.0  # stop growing the peer comparison once the package takes longer


def choice_market(n: int, m: int, seed: int, ranks: int = 12) -> pl.Problem:
    """A school-choice-like market: exactly ``ranks`` ranked units each, needs cleared."""
    problem = pl.datasets.synthetic(n, m, seed=seed, ranks=ranks, free_share=1.0)
    clients = tuple(c.model_copy(update={"needs": {}}) for c in problem.clients)
    return problem.model_copy(update={"clients": clients})


def da_at_scale() -> list[str]:
    problem = choice_market(90_000, 700, seed=0)
    ranked = sum(len(c.ranks()) for c in problem.clients) / len(problem.clients)
    t_total, result = timed(lambda: pl.solve(problem, policy="deferred_acceptance"))
    cands = candidates.build(problem)
    mk = market(problem, cands, 0)
    t_da = statistics.median(timed(lambda: stable_edges(mk, cands))[0] for _ in range(5))
    blocking = pl.metrics(problem, result)["overall"]["blocking_pairs"]
    places = int(mk.capacity.sum())
    return [
        "### Deferred acceptance at the scale of the largest public matching markets",
        "",
        "| clients x units | ranks per client | candidate edges | places | placed "
        '| DA rounds only s (median of 5) | `solve(policy="deferred_acceptance")` s '
        "| blocking pairs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| 90,000 x 700 | {ranked:.0f} | {len(cands):,} | {places:,} "
        f"| {len(result.assignments):,} | {t_da:.3f} | {t_total:.2f} | {blocking} |",
        "",
        "`solve` includes building the candidates (needs, distances, preferences) and the "
        "result; the market is `pl.datasets.synthetic(90_000, 700, seed=0, ranks=12, "
        "free_share=1.0)` with needs cleared so all 12 ranked units are feasible.",
    ]


def peer_rows() -> list[str]:
    rows = [
        "### Deferred acceptance against the `matching` package (hospital-resident game)",
        "",
        "Same strict preferences and priorities (the library's seeded tie-breaks) fed to "
        "both; `same` compares the resident-optimal matchings. Times: the algorithm only "
        '(the package\'s `solve(optimal="resident")` vs our `stable_edges`), median of 3; '
        "the package's game construction is reported apart.",
        "",
        "| residents x hospitals | edges | package build s | package solve s | ours s "
        "| ratio (package / ours) | same |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for n, m in PEER_SIZES:
        problem = pl.datasets.synthetic(n, m, seed=0)
        cands = candidates.build(problem)
        mk = market(problem, cands, 0)
        clients, units, places = preference_lists(mk, cands)
        residents = {f"c{i}": [f"u{j}" for j in pref] for i, pref in clients.items()}
        hospitals = {f"u{j}": [f"c{i}" for i in pref] for j, pref in units.items()}
        capacity = {f"u{j}": k for j, k in places.items()}
        solves, builds, theirs = [], [], None
        try:
            for _ in range(3):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    t_build, game = timed(
                        lambda r=residents, h=hospitals, c=capacity: (
                            HospitalResident.create_from_dictionaries(r, h, c)
                        )
                    )
                    t_solve, found = timed(lambda game=game: game.solve(optimal="resident"))
                builds.append(t_build)
                solves.append(t_solve)
                theirs = {(str(r), str(h)) for h, rs in found.items() for r in rs}
        except RecursionError:
            rows.append(f"| {n:,} x {m:,} | {len(cands):,} | fails | fails | | | |")
            rows += [
                "",
                f"At {n:,} x {m:,} the package fails with a RecursionError inside its "
                "own `copy.deepcopy` of the game; no larger size can run.",
            ]
            break
        ours_t = statistics.median(
            timed(lambda mk=mk, cands=cands: stable_edges(mk, cands))[0] for _ in range(3)
        )
        ours = {
            (f"c{int(cands.client[e])}", f"u{int(cands.unit[e])}") for e in stable_edges(mk, cands)
        }
        t_solve = statistics.median(solves)
        rows.append(
            f"| {n:,} x {m:,} | {len(cands):,} | {statistics.median(builds):.3f} "
            f"| {t_solve:.3f} | {ours_t:.4f} | {t_solve / ours_t:,.0f}x "
            f"| {'yes' if ours == theirs else 'NO'} |"
        )
        print(rows[-1], flush=True)
        if t_solve > PEER_LIMIT_S:
            rows.append("")
            rows.append(f"Stopped growing: the package took over {PEER_LIMIT_S:.0f} s.")
            break
    return rows


FAMILIES: dict[str, Callable[[], pl.Problem]] = {
    "bundled LUVN (120 x 40)": lambda: pl.datasets.load("luvn"),
    "synthetic 2,000 x 300, scarce (5% free)": lambda: pl.datasets.synthetic(2_000, 300, seed=1),
    "synthetic 2,000 x 300, ample (30% free)": lambda: pl.datasets.synthetic(
        2_000, 300, seed=1, free_share=0.3
    ),
    "synthetic 10,000 x 1,500, scarce": lambda: pl.datasets.synthetic(10_000, 1_500, seed=1),
    "synthetic 2,000 x 300 with side constraints (optimal: 30 s limit)": lambda: (
        pl.datasets.synthetic(2_000, 300, seed=1, side_constraints=True)
    ),
}
COLUMNS = (
    "placed",
    "rank_1",
    "unranked",
    "mean_days_waited",
    "mean_distance_km",
    "daily_cost_eur",
    "justified_envy",
    "blocking_pairs",
    "runtime_s",
)


def family_rows() -> list[str]:
    rows = ["### Every policy on instance families (means over seeds 0, 1, 2)", ""]
    for name, make in FAMILIES.items():
        table = pl.compare(make(), seeds=(0, 1, 2), time_limit=30)
        means = table.groupby("policy", sort=False)[list(COLUMNS)].mean()
        rows += [
            f"**{name}**",
            "",
            "| policy | " + " | ".join(COLUMNS) + " |",
            "| --- |" + " ---: |" * len(COLUMNS),
        ]
        for policy, row in means.iterrows():
            rows.append(
                f"| {policy} | "
                + " | ".join(
                    f"{row[c]:,.0f}"
                    if c
                    in (
                        "placed",
                        "rank_1",
                        "unranked",
                        "justified_envy",
                        "blocking_pairs",
                        "daily_cost_eur",
                    )
                    else f"{row[c]:.3f}"
                    if c == "runtime_s"
                    else f"{row[c]:.1f}"
                    for c in COLUMNS
                )
                + " |"
            )
        rows.append("")
        print(name, flush=True)
    rows.append(
        "Where there are side constraints (the bundled LUVN instance and the last family), "
        "deferred acceptance is not guaranteed stable (linked pairs are couples, for whom a "
        "stable matching need not exist), and the blocking-pair count also includes envy that "
        "a side constraint rightly prevents."
    )
    return rows


def main() -> None:
    lines = [
        "## Policies: deferred acceptance at scale, the `matching` peer, policy families",
        "",
        "Reproduce: `python benchmarks/bench_policies.py` (part of `make bench`).",
        f"Machine: {machine()}.",
        "",
        *da_at_scale(),
        "",
        *peer_rows(),
        "",
        *family_rows(),
    ]
    write_section("bench_policies", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

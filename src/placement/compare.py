"""Compare matching policies on the same problem, side by side."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, cast

import numpy as np

from placement.errors import Issue, ProblemError
from placement.metrics import metrics
from placement.model import Problem
from placement.names import PolicyName
from placement.policies import POLICIES
from placement.solve import solve

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DEFAULT_POLICIES", "compare"]

DEFAULT_POLICIES = (
    "optimal",
    "fifo",
    "priority",
    "deferred_acceptance",
    "random_serial_dictatorship",
)
"""Policies :func:`compare` runs when none are named."""


def compare(
    problem: Problem,
    policies: Sequence[str] | None = None,
    seeds: Iterable[int] = (0,),
    time_limit: float | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Run each policy once per seed and tabulate the overall metrics.

    Parameters
    ----------
    problem : Problem
    policies : sequence of str, optional
        Names in :data:`placement.policies.POLICIES`; all of :data:`DEFAULT_POLICIES` by default.
    seeds : iterable of int
        Seeds for tie-breaking lotteries (and the random serial dictatorship's order); whole
        numbers 0 or above, at least one.
    time_limit : float or None
        Seconds per solve for policies that can stop early (the optimal policy with side
        constraints); set one for large side-constrained problems.
    progress : bool
        Show a progress bar over the (policy, seed) runs on stderr (tqdm).

    Returns
    -------
    pandas.DataFrame
        One row per (policy, seed): status, runtime (s) and every overall metric of
        :func:`placement.metrics` (placed, ranks, km, EUR/day, days, envy, blocking pairs).
    """
    names = list(DEFAULT_POLICIES if policies is None else policies)
    seed_list = list(seeds)
    unknown = [p for p in names if p not in POLICIES]
    issues = [
        Issue("policies", f"unknown policy '{p}'", f"use any of {sorted(POLICIES)}")
        for p in unknown
    ]
    if not seed_list:
        issues.append(Issue("seeds", "no seed given", "pass at least one seed, e.g. (0,)"))
    for position, seed in enumerate(seed_list):
        if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
            issues.append(
                Issue(
                    f"seeds[#{position}]", "is not a whole number 0 or above", "e.g. seeds=(0, 1)"
                )
            )
    if issues:
        raise ProblemError(issues, what="compare arguments")
    runs: Iterable[tuple[str, int]] = [(name, seed) for name in names for seed in seed_list]
    if progress:
        from tqdm.auto import tqdm  # only when asked

        runs = tqdm(runs, desc="compare", unit="run")
    rows = []
    for name, seed in runs:
        result = solve(problem, policy=cast(PolicyName, name), seed=seed, time_limit=time_limit)
        rows.append(
            {
                "policy": name,
                "seed": seed,
                "status": result.status.value,
                "runtime_s": round(result.runtime, 4),
                **metrics(problem, result)["overall"],
            }
        )
    import pandas as pd  # here: importing placement stays light

    return pd.DataFrame(rows)

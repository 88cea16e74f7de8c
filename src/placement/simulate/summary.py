"""The headline figures of a simulation, with intervals that respect their range, and the
paired comparison of two scenarios.

Every figure is computed once on all replications pooled (the estimate) and again on
``resamples`` bootstrap resamples of whole replications; the interval is the percentile
interval of the resamples. A share's interval therefore stays in [0, 1], a count's at or
above 0, and a quartile not reached within the follow-up is ``inf`` (shown as ``NaN`` in the
summary). Replications are independent, so resampling them is the classical nonparametric
bootstrap of a Monte Carlo experiment.

**Paired comparison.** :func:`compare` applies the *same* resamples to two results run from the
same seed and number of replications: with common random numbers (each kind of randomness has
its own stream, see :mod:`placement.simulate.engine`), replication ``i`` of each scenario sees
the same arrivals and stays, so the difference's interval answers the board's question, "how
much better, and how sure", far more tightly than two separate intervals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from placement.errors import Issue, ProblemError
from placement.simulate.cohorts import STATISTICS, cohort_statistics, cohorts

if TYPE_CHECKING:
    from placement.simulate.records import SimulationResult

__all__ = [
    "compare",
    "figures",
    "interval",
    "mean_interval",
    "report",
    "resample_weights",
    "summary",
]

Array = np.ndarray[Any, np.dtype[np.float64]]
RESAMPLES = 400


def resample_weights(replications: int, resamples: int = RESAMPLES, seed: int = 0) -> Array:
    """Row 0 all ones (the pooled estimate), then ``resamples`` bootstrap rows: how often each
    replication is drawn (a fixed ``seed``, so summaries are reproducible)."""
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(replications, np.full(replications, 1 / replications), resamples)
    return np.vstack([np.ones((1, replications)), draws]).astype(np.float64)


def interval(samples: Array, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of bootstrap ``samples`` (NaNs dropped; ``NaN`` if fewer than 2)."""
    x = np.asarray(samples, np.float64)
    x = x[~np.isnan(x)]
    if x.size < 2:
        return (np.nan, np.nan)
    with np.errstate(invalid="ignore"):  # inf (a quartile not reached) sorts last
        low, high = np.quantile(x, [0.5 - level / 2, 0.5 + level / 2])
    return (float(low), float(high))


def mean_interval(
    values: Any, level: float = 0.95, resamples: int = RESAMPLES
) -> tuple[float, float, float]:
    """Mean of per-replication ``values`` and its percentile bootstrap interval (NaNs dropped):
    the interval of a share stays in [0, 1]."""
    x = np.asarray(values, np.float64)
    x = x[~np.isnan(x)]
    if x.size == 0:
        return (np.nan, np.nan, np.nan)
    means = resample_weights(x.size, resamples) @ x / x.size
    low, high = interval(means[1:], level) if x.size > 1 else (np.nan, np.nan)
    return (float(means[0]), low, high)


def _scenario_wide(result: SimulationResult) -> tuple[pd.DataFrame, dict[str, str]]:
    """Per replication: mean queue, utilisation, placements and exits per year (all clients,
    the start queue included, after the warm-up), and placements per year by service class."""
    w = result.waits
    moved = w["decided_day"] + w["wait_days"]  # day of the move-in or exit
    counted = (moved >= result.warmup_days) & (moved <= result.horizon_days)
    years = (result.horizon_days - result.warmup_days) / 365.25
    placed = w[counted & w["outcome"].eq("placed")]
    exited = w[counted & w["outcome"].eq("exited")]
    q = result.queue[result.queue["day"] >= result.warmup_days]
    u = result.utilisation[result.utilisation["day"] >= result.warmup_days]
    by_day = u.groupby(["replication", "day"])[["occupied", "capacity"]].sum()
    util = by_day["occupied"] / by_day["capacity"].where(by_day["capacity"] > 0)
    queue = q.groupby(["replication", "day"])["waiting"].sum()
    columns = {
        "mean_queue": queue.groupby("replication").mean(),
        "utilisation": util.groupby("replication").mean(),
        "placements_per_year": placed.groupby("replication").size() / years,
        "exits_per_year": exited.groupby("replication").size() / years,
    }
    units = {
        "mean_queue": "clients",
        "utilisation": "share",
        "placements_per_year": "per year",
        "exits_per_year": "per year",
    }
    for k in sorted(set(result.throughput["service_class"])):
        name = f"placements_per_year[{k}]"
        columns[name] = placed[placed["placed_class"] == k].groupby("replication").size() / years
        units[name] = "per year"
    reps = pd.RangeIndex(result.replications, name="replication")
    table = pd.DataFrame(columns).reindex(reps)
    counts = [c for c in table.columns if c.startswith(("placements", "exits"))]
    table[counts] = table[counts].fillna(0.0)
    return table, units


def figures(
    result: SimulationResult,
    weights: Array,
    within_days: float = 90.0,
    long_days: float = 365.0,
) -> tuple[pd.DataFrame, Array]:
    """Every headline figure under each row of replication ``weights``.

    Returns
    -------
    index : DataFrame
        One row per figure: ``cohort``, ``statistic``, ``unit``.
    values : ndarray, shape (len(weights), figures)
    """
    labels: list[tuple[str, str, str]] = []
    blocks: list[Array] = []
    table, units = _scenario_wide(result)
    values = table.to_numpy(np.float64)
    with np.errstate(invalid="ignore"):
        known = np.where(np.isnan(values), 0.0, 1.0)
        sums = weights @ np.nan_to_num(values)
        blocks.append(sums / (weights @ known))
    labels += [("all clients", name, units[name]) for name in table.columns]
    names = [n.format(short=f"{within_days:g}", long=f"{long_days:g}") for n, _ in STATISTICS]
    for cohort in cohorts(result.waits, result.warmup_days, result.horizon_days):
        blocks.append(cohort_statistics(cohort, weights, within_days, long_days))
        labels += [(cohort.name, n, u) for n, (_, u) in zip(names, STATISTICS, strict=True)]
    index = pd.DataFrame(labels, columns=["cohort", "statistic", "unit"])
    return index, np.hstack(blocks)


def _finite(x: float) -> float:
    return x if np.isfinite(x) else np.nan


def _estimates(index: pd.DataFrame, values: Array, replications: int, level: float) -> pd.DataFrame:
    """The summary table of figures ``values`` (row 0 pooled, then the resamples)."""
    rows = []
    for j in range(values.shape[1]):
        low, high = interval(values[1:, j], level) if replications > 1 else (np.nan,) * 2
        rows.append((_finite(values[0, j]), _finite(low), _finite(high)))
    out = pd.concat([index, pd.DataFrame(rows, columns=["estimate", "ci_low", "ci_high"])], axis=1)
    out["replications"] = replications
    return out.set_index(["cohort", "statistic"])


def summary(
    result: SimulationResult,
    within_days: float = 90.0,
    level: float = 0.95,
    resamples: int = RESAMPLES,
) -> pd.DataFrame:
    """The headline figures of ``result`` (see :meth:`SimulationResult.summary`)."""
    weights = resample_weights(result.replications, resamples)
    index, values = figures(result, weights, within_days)
    return _estimates(index, values, result.replications, level)


def _check_pairs(base: SimulationResult, other: SimulationResult) -> None:
    """Refuse two results that were not run alike (no pairing)."""
    issues = []
    if base.replications != other.replications:
        issues.append(Issue("replications", "the two results differ", "run both alike"))
    if base.seed is None or base.seed != other.seed:
        issues.append(Issue("seed", "the two results were not run from one seed", "run both alike"))
    if base.start != other.start or base.horizon_days != other.horizon_days:
        issues.append(Issue("horizon", "the two results cover different periods", ""))
    if issues:
        raise ProblemError(issues, what="paired comparison")


def _differences(
    index_a: pd.DataFrame, a: Array, index_b: pd.DataFrame, b: Array, level: float
) -> pd.DataFrame:
    """The comparison table of two results' figures under the same resamples."""
    keys_b = {k: j for j, k in enumerate(zip(index_b["cohort"], index_b["statistic"], strict=True))}
    rows = []
    for j, (cohort, statistic, unit) in enumerate(index_a.itertuples(index=False, name=None)):
        k = keys_b.get((cohort, statistic))
        if k is None:
            continue
        with np.errstate(invalid="ignore"):
            diff = b[:, k] - a[:, j]
        diff = np.where(np.isinf(a[:, j]) & np.isinf(b[:, k]), np.nan, diff)
        low, high = interval(diff[1:], level)
        clear = bool(low > 0 or high < 0)
        values = (a[0, j], b[0, k], diff[0], low, high)
        rows.append((cohort, statistic, unit, *(_finite(v) for v in values), clear))
    columns = ["cohort", "statistic", "unit", "base", "other", "difference"]
    out = pd.DataFrame(rows, columns=[*columns, "ci_low", "ci_high", "clear"])
    return out.set_index(["cohort", "statistic"])


def compare(
    base: SimulationResult,
    other: SimulationResult,
    within_days: float = 90.0,
    level: float = 0.95,
    resamples: int = RESAMPLES,
) -> pd.DataFrame:
    """Paired differences ``other - base`` of every headline figure, with ``level`` intervals.

    Parameters
    ----------
    base, other : SimulationResult
        Two scenarios run with the same ``seed`` and number of replications (common random
        numbers: replication ``i`` of each draws from the same streams).
    within_days : float
        The "placed within" horizon (days).
    level : float
        Confidence level of the intervals.
    resamples : int
        Bootstrap resamples of replications (the same for both results).

    Returns
    -------
    DataFrame
        Index ``cohort``, ``statistic``; columns ``unit``, ``base``, ``other``, ``difference``,
        ``ci_low``, ``ci_high`` (of the difference) and ``clear`` (the interval excludes 0).

    Raises
    ------
    ProblemError
        If the two were not run from the same seed and replications (no pairing).
    """
    _check_pairs(base, other)
    weights = resample_weights(base.replications, resamples)
    index_a, a = figures(base, weights, within_days)
    index_b, b = figures(other, weights, within_days)
    return _differences(index_a, a, index_b, b, level)


def report(
    base: SimulationResult,
    other: SimulationResult | None = None,
    within_days: float = 90.0,
    level: float = 0.95,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The summaries of ``base`` (and ``other``) side by side (index ``scenario``: ``base``,
    ``what_if``; then ``cohort``, ``statistic``) and, with ``other``, the :func:`compare`
    table: each result's figures computed once for both.

    Raises
    ------
    ProblemError
        If ``other`` was not run from the same seed and replications.
    """
    if other is not None:
        _check_pairs(base, other)
    weights = resample_weights(base.replications)
    found = {"base": figures(base, weights, within_days)}
    if other is not None:
        found["what_if"] = figures(other, weights, within_days)
    table = pd.concat(
        {k: _estimates(i, v, base.replications, level) for k, (i, v) in found.items()},
        names=["scenario"],
    )
    if other is None:
        return table, None
    return table, _differences(*found["base"], *found["what_if"], level)

"""Time to placement per cohort: censoring counted, exits a competing risk, every client in.

A cohort is a group of clients followed from a common origin:

- ``start queue``: the clients waiting at the start, from the start (day 0) to their move-in;
- ``arrivals``: every client decided on or after the warm-up, from the decision;
- ``arrivals year k``: the same, by year of decision (365.25-day periods from the start).

Each client ends placed, exited (withdrew, moved away, died) or still waiting at the horizon
(censored). The **Aalen-Johansen** estimator gives the cumulative incidence of placement
``F(t)`` (the share placed within ``t`` days, exits competing) and the all-cause Kaplan-Meier
``S(t)`` (the share still waiting). From them: the quartiles of the time to placement (the
first ``t`` with ``F(t) >= 0.25, 0.5, 0.75``; not reached is ``inf``), ``F`` at 90 and 365
days, ``F`` and the exits' incidence at the end of follow-up, and the restricted mean days
waiting ``integral S(t) dt`` up to ``tau``, the longest follow-up the cohort allows (the horizon
for the start queue; the horizon less the period's first day for arrivals). No statistic
averages only the uncensored. Figures beyond a cohort's follow-up are ``NaN``.

Replications enter as weights (one per replication), so the same code gives the pooled
estimate (all weights 1) and each bootstrap resample of replications.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["STATISTICS", "Cohort", "cohort_statistics", "cohorts"]

CENSORED, PLACED, EXITED = 0, 1, 2
YEAR = 365.25

STATISTICS: tuple[tuple[str, str], ...] = (
    ("clients", "clients per replication"),
    ("median_days", "days"),
    ("q1_days", "days"),
    ("q3_days", "days"),
    ("placed_within_{short}_days", "share"),
    ("placed_within_{long}_days", "share"),
    ("placed_by_end", "share"),
    ("exited_by_end", "share"),
    ("restricted_mean_days", "days"),
)
"""Each cohort statistic and its unit; ``{short}``/``{long}`` are the two horizons asked."""

Array = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Cohort:
    """Clients followed from a common origin (see the module docstring).

    Attributes
    ----------
    name : str
    days : ndarray
        Days from the origin to the move-in, the exit or the horizon (censored).
    status : ndarray
        ``1`` placed, ``2`` exited, ``0`` censored.
    replication : ndarray
        Replication of each client.
    follow_up : float
        ``tau``: the longest follow-up the cohort allows (days).
    first_day : float
        First day of the period (days from the start; 0 for the start queue).
    """

    name: str
    days: Array
    status: np.ndarray[Any, np.dtype[np.int64]]
    replication: np.ndarray[Any, np.dtype[np.int64]]
    follow_up: float
    first_day: float


def cohorts(waits: pd.DataFrame, warmup_days: float, horizon_days: float) -> list[Cohort]:
    """The start queue, all arrivals after the warm-up, and arrivals by year, from ``waits``
    (:attr:`SimulationResult.waits`)."""
    status = np.select(
        [waits["outcome"].eq("placed"), waits["outcome"].eq("exited")], [PLACED, EXITED], CENSORED
    ).astype(np.int64)
    decided = waits["decided_day"].to_numpy(np.float64)
    wait = waits["wait_days"].to_numpy(np.float64)
    rep = waits["replication"].to_numpy(np.int64)
    initial = waits["initial"].to_numpy(bool)
    out = [
        Cohort(
            "start queue",
            np.maximum(decided[initial] + wait[initial], 0.0),  # days from the start
            status[initial],
            rep[initial],
            horizon_days,
            0.0,
        )
    ]
    after = ~initial & (decided >= warmup_days)
    out.append(
        Cohort("arrivals", wait[after], status[after], rep[after], horizon_days - warmup_days, 0.0)
    )
    years = int(np.ceil((horizon_days - 1e-9) / YEAR))
    for k in range(years):
        low, high = k * YEAR, min((k + 1) * YEAR, horizon_days)
        if high <= warmup_days:
            continue
        keep = after & (decided >= low) & (decided < high)
        tau = horizon_days - max(low, warmup_days)
        out.append(Cohort(f"arrivals year {k + 1}", wait[keep], status[keep], rep[keep], tau, low))
    return out


def _curves(cohort: Cohort, index: Any, size: int, row: Array) -> tuple[Array, Array, Array]:
    """All-cause Kaplan-Meier ``S`` and the Aalen-Johansen incidences of placement and exit
    at each distinct time, the clients weighted by ``row``."""
    placed = np.bincount(index, row * (cohort.status == PLACED), size)
    exited = np.bincount(index, row * (cohort.status == EXITED), size)
    at_risk = np.cumsum(np.bincount(index, row, size)[::-1])[::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard = np.where(at_risk > 0, (placed + exited) / at_risk, 0.0)
        survival: Array = np.cumprod(1.0 - hazard, dtype=np.float64)
        before = np.concatenate(([1.0], survival[:-1]))
        incidence: Array = np.cumsum(np.where(at_risk > 0, before * placed / at_risk, 0.0))
        exits: Array = np.cumsum(np.where(at_risk > 0, before * exited / at_risk, 0.0))
    return survival, incidence, exits


def cohort_curve(cohort: Cohort) -> pd.DataFrame:
    """The cohort's curves, all replications pooled: per distinct ``days``, the shares
    ``placed`` and ``exited`` by then (Aalen-Johansen) and ``waiting`` (Kaplan-Meier), up to
    the follow-up."""
    times, index = np.unique(cohort.days, return_inverse=True)
    survival, incidence, exits = _curves(
        cohort, index, times.size, np.ones(cohort.days.size, np.float64)
    )
    frame = pd.DataFrame({"days": times, "placed": incidence, "exited": exits, "waiting": survival})
    start = pd.DataFrame({"days": [0.0], "placed": [0.0], "exited": [0.0], "waiting": [1.0]})
    frame = pd.concat([start, frame[frame["days"] <= cohort.follow_up]], ignore_index=True)
    return frame


def cohort_statistics(
    cohort: Cohort, weights: Array, short_days: float = 90.0, long_days: float = 365.0
) -> Array:
    """The :data:`STATISTICS` of ``cohort``, one row per row of replication ``weights``.

    Parameters
    ----------
    cohort : Cohort
    weights : ndarray, shape (resamples, replications)
        How often each replication counts in each resample (all ones: the pooled estimate).
    short_days, long_days : float
        The two horizons of "placed within" (days).

    Returns
    -------
    ndarray, shape (resamples, len(STATISTICS))
    """
    times, index = np.unique(cohort.days, return_inverse=True)
    out = np.full((weights.shape[0], len(STATISTICS)), np.nan)
    per_rep = weights.sum(axis=1)
    if times.size == 0:
        out[:, 0] = 0.0
        return out
    tau = cohort.follow_up
    # interval widths of S's steps within [0, tau]: S is 1 on [0, t_0), S_j on [t_j, t_j+1)
    edges = np.minimum(np.append(times, np.inf), tau)
    widths = np.diff(np.concatenate(([0.0], edges)))
    for b, w in enumerate(weights):
        row = w[cohort.replication]
        survival, incidence, exits = _curves(cohort, index, times.size, row)
        out[b, 0] = row.sum() / per_rep[b] if per_rep[b] > 0 else np.nan
        for col, p in ((1, 0.5), (2, 0.25), (3, 0.75)):
            j = int(np.searchsorted(incidence, p - 1e-12, side="left"))
            out[b, col] = times[j] if j < times.size and times[j] <= tau else np.inf
        for col, t in ((4, short_days), (5, long_days)):
            if t <= tau:
                j = int(np.searchsorted(times, t, side="right")) - 1
                out[b, col] = incidence[j] if j >= 0 else 0.0
        last = int(np.searchsorted(times, tau, side="right")) - 1
        out[b, 6] = incidence[last] if last >= 0 else 0.0
        out[b, 7] = exits[last] if last >= 0 else 0.0
        out[b, 8] = float(np.dot(np.concatenate(([1.0], survival)), widths))
    return out

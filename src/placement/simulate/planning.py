"""The planner's question: how many places of a class, where, to meet a waiting-time target.

:func:`places_needed` searches over the number of added places and re-simulates each count with
**common random numbers**: every count runs the same replication seeds, and each kind of
randomness has its own stream (:mod:`placement.simulate.engine`), so neighbouring counts see
the same arrivals, exits and stays and differ by the places alone. The search is a bisection,
which assumes that more places never lower the share placed in time; it reports the share and
its confidence interval at the answer and at one place fewer, and says plainly when the
replications cannot tell the two apart from the target.
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from placement.errors import Issue, ProblemError
from placement.simulate.records import summarise
from placement.simulate.replications import run_seeds
from placement.simulate.scenario import AddPlaces, Scenario
from placement.simulate.summary import mean_interval

__all__ = ["PlacesNeeded", "places_needed", "share_within"]

log = logging.getLogger("placement")

_SHARES: dict[tuple[object, ...], tuple[float, ...]] = {}
"""Per-replication shares already simulated, by scenario text, count and target definition:
asking again with another target (or share) re-uses them (deterministic given the seeds)."""
_KEEP = 512


@dataclass(frozen=True)
class PlacesNeeded:
    """The answer of :func:`places_needed`.

    Attributes
    ----------
    added : int or None
        Smallest number of added places whose mean share meets the target; ``None`` if even
        ``max_added`` does not.
    resolved : bool
        Whether the replications tell the answer apart: the interval at ``added`` lies above
        the target and the one at ``added - 1`` below it (at 0 added, only the first).
    message : str
        The answer in words, including when it cannot be told apart.
    curve : DataFrame
        Every count simulated: ``added``, ``mean``, ``ci_low``, ``ci_high`` of the share.
    municipality : str
        Where the places were added.
    """

    added: int | None
    resolved: bool
    message: str
    curve: pd.DataFrame
    municipality: str
    service_class: str
    share: float
    within_days: float

    def __str__(self) -> str:
        return self.message


def share_within(
    waits: pd.DataFrame,
    warmup_days: float,
    horizon_days: float,
    within_days: float,
    service_class: str | None = None,
    municipality: str | None = None,
) -> pd.Series:
    """Per replication, the share of clients decided after the warm-up (and at least
    ``within_days`` before the horizon) who moved in within ``within_days``; exits count as
    not placed. Optionally only clients requiring ``service_class`` / from ``municipality``."""
    w = waits
    keep = (w["decided_day"] >= warmup_days) & (w["decided_day"] <= horizon_days - within_days)
    if service_class is not None:
        keep &= w["service_class"] == service_class
    if municipality is not None:
        keep &= w["municipality"] == municipality
    cohort = w[keep]
    hit = (cohort["outcome"] == "placed") & (cohort["wait_days"] <= within_days)
    return hit.groupby(cohort["replication"]).mean()


def _where(scenario: Scenario, service_class: str) -> str:
    """The municipality with the most queued clients requiring ``service_class`` (ties: name)."""
    p = scenario.problem
    level = p.class_by_id[service_class].level
    counts: dict[str, int] = {}
    for c, r in zip(p.clients, p.client_requirements, strict=True):
        if r.min_level == level:
            counts[c.municipality] = counts.get(c.municipality, 0) + 1
    if not counts:
        return sorted(u.municipality for u in p.units)[0]
    return min(counts, key=lambda town: (-counts[town], town))


def places_needed(
    scenario: Scenario,
    service_class: str,
    municipality: str | None = None,
    share: float = 0.8,
    within_days: float = 90.0,
    max_added: int = 50,
    replications: int = 20,
    seed: int = 0,
    executor: Executor | None = None,
    from_date: dt.date | None = None,
    level: float = 0.95,
) -> PlacesNeeded:
    """The fewest places of ``service_class`` to add so that ``share`` of clients move in
    within ``within_days`` of their decision.

    Parameters
    ----------
    scenario : Scenario
        The base; places are added on top of its changes.
    service_class : str
        Class of the added places; the target counts clients who require this class.
    municipality : str, optional
        Where the places open (a new unit, see :class:`AddPlaces`) and whose clients the
        target counts. By default the municipality with the most clients requiring the class
        in the start queue, and the target counts every municipality's clients.
    share : float
        Target share placed in time (0.8: 80 %).
    within_days : float
        Days from decision to move-in (90: the Social Welfare Act's three months).
    max_added : int
        Most places to try.
    replications, seed, executor
        As in :func:`run`; every count uses the same seeds (common random numbers).
    from_date : date, optional
        When the places open; default the scenario's start.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    PlacesNeeded
    """
    p = scenario.problem
    issues = []
    if service_class not in p.class_by_id:
        issues.append(Issue("service_class", f"unknown service class '{service_class}'", ""))
    if not 0 < share < 1:
        issues.append(Issue("share", "must be between 0 and 1", "e.g. 0.8"))
    if not within_days > 0:
        issues.append(Issue("within_days", "must be a positive number of days", "e.g. 90"))
    if max_added < 1:
        issues.append(Issue("max_added", "must be at least 1", ""))
    if not within_days < scenario.horizon_days - scenario.warmup_days:
        issues.append(Issue("within_days", "leaves no clients to count before the horizon", ""))
    if issues:
        raise ProblemError(issues, what="places_needed arguments")
    town = municipality or _where(scenario, service_class)
    when = from_date or p.reference_date
    seeds = np.random.SeedSequence(seed).spawn(replications)
    seen: dict[int, tuple[float, float, float]] = {}
    base = scenario.model_dump_json()
    question = (base, town, service_class, when, within_days, municipality, replications, seed)

    def evaluate(n: int) -> tuple[float, float, float]:
        if n not in seen:
            key = (*question, n)
            if key not in _SHARES:
                s = scenario
                if n > 0:
                    add = AddPlaces(
                        municipality=town, service_class=service_class, count=n, from_date=when
                    )
                    s = scenario.with_changes(add)
                c, raw = run_seeds(s, seeds, executor)
                result = summarise(c, raw)
                by_rep = share_within(
                    result.waits,
                    result.warmup_days,
                    result.horizon_days,
                    within_days,
                    service_class,
                    municipality,
                )
                while len(_SHARES) >= _KEEP:
                    _SHARES.pop(next(iter(_SHARES)))
                _SHARES[key] = tuple(by_rep.reindex(range(replications)).tolist())
            seen[n] = mean_interval(_SHARES[key], level)
            log.info("places_needed: %d added -> share %.3f", n, seen[n][0])
        return seen[n]

    if evaluate(0)[0] >= share:
        answer: int | None = 0
    elif evaluate(max_added)[0] < share:
        answer = None
    else:
        low, high = 0, max_added  # share(low) < target <= share(high)
        while high - low > 1:
            mid = (low + high) // 2
            if evaluate(mid)[0] >= share:
                high = mid
            else:
                low = mid
        answer = high
    target = f"{share:.0%} placed within {within_days:g} days"
    if answer is None:
        mean, _, high_ci = seen[max_added]
        resolved = high_ci < share
        message = (
            f"{target} is not met even with {max_added} more places of {service_class} in "
            f"{town} (share {mean:.1%})"
        )
    else:
        mean, low_ci, _ = seen[answer]
        resolved = bool(low_ci > share)
        message = (
            f"{answer} more places of {service_class} in {town} meet {target}: share "
            f"{mean:.1%} ({level:.0%} CI {low_ci:.1%}-{seen[answer][2]:.1%})"
        )
        if answer > 0:
            below = evaluate(answer - 1)
            resolved = resolved and below[2] < share
            message += f"; with {answer - 1}: {below[0]:.1%} ({below[1]:.1%}-{below[2]:.1%})"
    if not resolved:
        message += (
            f". At {replications} replications the target cannot be told apart from the "
            "shares at the answer and one place fewer: run more replications"
        )
    curve = pd.DataFrame(
        [(n, *seen[n]) for n in sorted(seen)], columns=["added", "mean", "ci_low", "ci_high"]
    )
    return PlacesNeeded(
        added=answer,
        resolved=resolved,
        message=message,
        curve=curve,
        municipality=town,
        service_class=service_class,
        share=share,
        within_days=within_days,
    )

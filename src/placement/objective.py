"""Objective weights -> integer edge scores for the optimal policy.

The objective is minimised and counted in integer *points* (tenths of a weight unit):

* every candidate edge ``e = (c, u, k)`` costs ``-W1 * urgency_weight(c) + lower(e)`` with
  ``lower(e) = round(10 * (-waited_per_day * days_queued(c) + rank_step * rank(e)
  + per_km * km(e) + per_eur_day * price(e)))``;
* every free place used costs ``round(10 * delay_per_day * days_until_it_opens)``.

**Tier 1 is exactly lexicographic.** ``W1`` is sized from the instance as one more than the
largest possible difference of the lower-tier totals between any two solutions
(``2 * sum_c max_e |lower(e)| + sum of all place costs``). A solution that places one unit of
urgency weight more therefore always costs less, whatever the lower tiers do. Clients the
overrides require placed (``must_place`` and pinned) add one more than the urgency weight of all
clients together to their own, so a solution places as many of them as can be placed first.
Tiers 2-6 are a
weighted sum with the documented exchange rates of :class:`~placement.model.Weights`: exact
lexicographic weights over all six tiers would need about 110 bits at 10,000 clients, far past
64-bit costs. :func:`score` refuses an instance whose costs could pass 2^61 (half the 2^62
margin, so float rounding in the check cannot let an overflow through).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from placement.candidates import Candidates
from placement.errors import SolveError
from placement.model import Problem

__all__ = ["POINTS_PER_UNIT", "Scores", "score"]

POINTS_PER_UNIT = 10
"""Objective points per weight unit (so weights resolve to a tenth)."""

_LIMIT = 2**62


@dataclass(frozen=True)
class Scores:
    """Integer costs of a problem's candidate edges and free places.

    Attributes
    ----------
    edge : ndarray of int64
        Cost of each candidate edge (points); negative is good.
    lower : ndarray of int64
        The lower-tier part of ``edge``.
    tier1 : int
        ``W1``, points per unit of urgency weight placed.
    urgency_weight : ndarray of int64
        Tier-1 weight of each client.
    slot_unit, slot_days, slot_count, slot_cost : ndarray of int64
        Free places grouped by unit and opening day: unit index, days after the reference
        date, number of places, and points per place used.
    """

    edge: NDArray[np.int64]
    lower: NDArray[np.int64]
    tier1: int
    urgency_weight: NDArray[np.int64]
    slot_unit: NDArray[np.int64]
    slot_days: NDArray[np.int64]
    slot_count: NDArray[np.int64]
    slot_cost: NDArray[np.int64]

    def total(self, chosen: NDArray[np.int64], slot_used: NDArray[np.int64]) -> int:
        """Objective of a solution: chosen edge indices and places used per slot group."""
        return int(self.edge[chosen].sum() + (self.slot_cost * slot_used).sum())


def score(problem: Problem, cands: Candidates) -> Scores:
    """Integer scores of every candidate edge and free place of ``problem``."""
    w = problem.weights
    ref = problem.reference_date
    waited = np.array([(ref - c.queued_since).days for c in problem.clients], np.float64)
    urgency = np.array([w.urgency[c.urgency] for c in problem.clients], np.int64)
    required = [problem.client_index[c] for c in problem.overrides.required()]
    if required:  # each weighs more than all others together: as many as can be, are placed
        urgency[required] += 1 + int(urgency.sum())

    ci = cands.client
    lower_f = np.rint(
        POINTS_PER_UNIT
        * (
            -w.waited_per_day * waited[ci]
            + w.rank_step * cands.rank
            + w.per_km * cands.distance_km
            + w.per_eur_day * cands.daily_price
        )
    )
    slot_unit, slot_days, slot_count = _slot_groups(problem)
    slot_f = np.rint(POINTS_PER_UNIT * w.delay_per_day * slot_days.astype(np.float64))

    # Size check in floating point first, so absurd weights are refused before any cast.
    worst_f = np.zeros(len(problem.clients))
    np.maximum.at(worst_f, ci, np.abs(lower_f))
    places_f = float(slot_f @ slot_count)
    biggest = (1 + 2 * worst_f.sum() + places_f) * float(urgency.sum()) + worst_f.sum() + places_f
    if not np.isfinite(biggest) or biggest >= _LIMIT / 2:
        raise SolveError(
            f"objective points reach about 2^{int(np.log2(min(biggest, 1e300)))}, past the "
            "2^62 limit of exact integer costs; lower the weights of tiers 2-6 or split the "
            "instance by region"
        )
    lower = lower_f.astype(np.int64)
    slot_cost = slot_f.astype(np.int64)
    worst_lower = np.zeros(len(problem.clients), np.int64)
    np.maximum.at(worst_lower, ci, np.abs(lower))
    tier1 = int(1 + 2 * int(worst_lower.sum()) + int(slot_cost @ slot_count))
    edge = lower - tier1 * urgency[ci]
    return Scores(
        edge=edge,
        lower=lower,
        tier1=tier1,
        urgency_weight=urgency,
        slot_unit=slot_unit,
        slot_days=slot_days,
        slot_count=slot_count,
        slot_cost=slot_cost,
    )


def _slot_groups(
    problem: Problem,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Free places grouped by (unit index, days until they open), sorted by unit then day."""
    ref = problem.reference_date
    groups: dict[tuple[int, int], int] = {}
    for j, days in enumerate(problem.place_days):
        for day in days:
            key = (j, (day - ref).days)
            groups[key] = groups.get(key, 0) + 1
    keys = sorted(groups)
    return (
        np.array([j for j, _ in keys], np.int64),
        np.array([d for _, d in keys], np.int64),
        np.array([groups[k] for k in keys], np.int64),
    )

"""Strict preferences and priorities shared by the non-optimal policies.

Clients' preferences over their candidate units are made strict by a documented rule: rank
first (ranked groups, then unranked acceptable units), then distance (nearer first), then a
seeded lottery number per unit. Units' priorities over clients are made strict the same way:
pinned clients first, then other clients the overrides require placed, then same home
municipality first where the unit has the ``same_municipality`` rule, then higher urgency, then
earlier queue date, then a seeded lottery number per client. The lottery is drawn
from ``numpy.random.default_rng(seed)``: same seed, same tie-breaks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from placement.candidates import Candidates
from placement.model import Problem
from placement.policies.base import required_level

__all__ = ["Market", "market", "preference_lists"]


@dataclass(frozen=True)
class Market:
    """A problem's candidates with strict preferences, priorities and capacities.

    Attributes
    ----------
    order : ndarray of int64
        Candidate edge indices grouped by client, each client's best first.
    indptr : ndarray of int64
        Client ``i``'s edges in preference order are ``order[indptr[i]:indptr[i + 1]]``.
    capacity : ndarray of int64
        Free places per unit within the horizon.
    urgency, queued, lottery : ndarray of int64
        Per client: urgency level, queue date (ordinal day) and lottery number.
    local : ndarray of bool
        Per edge: the unit puts the client first by its same-municipality rule.
    required : ndarray of int64
        Per client: 2 if pinned, 1 if otherwise required placed by the overrides, else 0;
        every unit puts higher values first (a decision already made comes first of all).
    """

    order: NDArray[np.int64]
    indptr: NDArray[np.int64]
    capacity: NDArray[np.int64]
    urgency: NDArray[np.int64]
    queued: NDArray[np.int64]
    lottery: NDArray[np.int64]
    local: NDArray[np.bool_]
    required: NDArray[np.int64]

    def priority_order(
        self, edges: NDArray[np.int64], client: NDArray[np.int64]
    ) -> NDArray[np.int64]:
        """Positions that sort ``edges`` (with their clients) from highest to lowest priority."""
        return np.lexsort(
            (
                self.lottery[client],
                self.queued[client],
                -self.urgency[client],
                ~self.local[edges],
                -self.required[client],
            )
        )


def market(problem: Problem, cands: Candidates, seed: int) -> Market:
    """Strict preferences and priorities of ``problem`` with seeded tie-breaks."""
    rng = np.random.default_rng(seed)
    n, m = len(problem.clients), len(problem.units)
    unit_lottery = rng.permutation(m)
    client_lottery = rng.permutation(n).astype(np.int64)
    order = np.lexsort(
        (unit_lottery[cands.unit], cands.distance_km, cands.rank, cands.client)
    ).astype(np.int64)
    capacity = np.array([len(days) for days in problem.place_days], np.int64)
    same = np.array(["same_municipality" in u.priority for u in problem.units], bool)
    unit_town = np.array([u.municipality for u in problem.units], dtype=object)
    client_town = np.array([c.municipality for c in problem.clients], dtype=object)
    local = same[cands.unit] & (client_town[cands.client] == unit_town[cands.unit])
    return Market(
        order=order,
        indptr=cands.indptr,
        capacity=capacity,
        urgency=np.array([c.urgency for c in problem.clients], np.int64),
        queued=np.array([c.queued_since.toordinal() for c in problem.clients], np.int64),
        lottery=client_lottery,
        local=np.asarray(local, bool),
        required=required_level(problem),
    )


def preference_lists(
    mk: Market, cands: Candidates
) -> tuple[dict[int, list[int]], dict[int, list[int]], dict[int, int]]:
    """The market as plain strict lists, e.g. to cross-check with another matching library.

    Returns clients' units best first, units' clients highest priority first, and places per
    unit, all by index. Clients and units with no candidate edge are left out.
    """
    clients = {
        i: cands.unit[mk.order[mk.indptr[i] : mk.indptr[i + 1]]].astype(int).tolist()
        for i in range(mk.indptr.size - 1)
        if mk.indptr[i + 1] > mk.indptr[i]
    }
    units = {}
    for j in np.unique(cands.unit).tolist():
        edges = np.flatnonzero(cands.unit == j)
        best = edges[mk.priority_order(edges, cands.client[edges].astype(np.int64))]
        units[j] = cands.client[best].astype(int).tolist()
    return clients, units, {j: int(mk.capacity[j]) for j in units}

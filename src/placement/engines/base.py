"""The assignment model every engine solves, and what an engine returns.

Clients choose at most one candidate edge; a unit takes as many clients as the free places it
uses; each group of free places (a unit's places opening on one day) has a count and a cost
per place used. Minimise the total cost of the chosen edges and places.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from placement.candidates import Candidates
from placement.objective import Scores
from placement.result import Status

__all__ = ["EngineSolution", "Network"]


@dataclass(frozen=True)
class Network:
    """Solver-neutral arrays of the assignment model (all costs in integer points)."""

    n_clients: int
    n_units: int
    edge_client: NDArray[np.int32]
    edge_unit: NDArray[np.int32]
    edge_cost: NDArray[np.int64]
    edge_tier1: NDArray[np.int64]
    edge_lower: NDArray[np.int64]
    tier1: int
    slot_unit: NDArray[np.int64]
    slot_count: NDArray[np.int64]
    slot_cost: NDArray[np.int64]

    @classmethod
    def build(cls, n_clients: int, n_units: int, cands: Candidates, scores: Scores) -> Network:
        """The model of a problem's candidates and scores."""
        return cls(
            n_clients=n_clients,
            n_units=n_units,
            edge_client=cands.client,
            edge_unit=cands.unit,
            edge_cost=scores.edge,
            edge_tier1=scores.urgency_weight[cands.client],
            edge_lower=scores.lower,
            tier1=scores.tier1,
            slot_unit=scores.slot_unit,
            slot_count=scores.slot_count,
            slot_cost=scores.slot_cost,
        )

    def restrict(self, edges: NDArray[np.int64]) -> Network:
        """The same model over a subset of its candidate edges (ascending indices)."""
        return replace(
            self,
            edge_client=self.edge_client[edges],
            edge_unit=self.edge_unit[edges],
            edge_cost=self.edge_cost[edges],
            edge_tier1=self.edge_tier1[edges],
            edge_lower=self.edge_lower[edges],
        )

    def objective(self, chosen: NDArray[np.int64]) -> int:
        """Objective (points) of the chosen edges, each unit filling its cheapest places first."""
        return int(self.edge_cost[chosen].sum()) + self.cheapest_slots_cost(chosen)

    def least_lower(self) -> int:
        """The least the lower tiers can add up to (points): each client's cheapest negative edge.

        Place costs are never negative, so this bounds the lower-tier total of any solution.
        """
        least = np.zeros(self.n_clients, np.int64)
        np.minimum.at(least, self.edge_client, self.edge_lower)
        return int(least.sum())

    def slots_used(self, chosen: NDArray[np.int64]) -> NDArray[np.int64]:
        """Places used per slot group when each unit fills its cheapest places first."""
        wanted = np.bincount(self.edge_unit[chosen], minlength=self.n_units)
        used = np.zeros(self.slot_unit.size, np.int64)
        for g in range(self.slot_unit.size):  # groups are sorted by unit, then cost
            u = self.slot_unit[g]
            used[g] = min(int(wanted[u]), int(self.slot_count[g]))
            wanted[u] -= used[g]
        return used

    def cheapest_slots_cost(self, chosen: NDArray[np.int64]) -> int:
        """Cost of the places the chosen edges need, filling each unit's cheapest places first."""
        return int(self.slots_used(chosen) @ self.slot_cost)


@dataclass(frozen=True)
class EngineSolution:
    """What an engine found.

    Attributes
    ----------
    chosen : ndarray of int64
        Indices of the candidate edges used, ascending.
    status : Status
    objective : int or None
        Objective of ``chosen`` (points).
    bound : float or None
        Best proven lower bound on the objective (points).
    """

    chosen: NDArray[np.int64]
    status: Status
    objective: int | None
    bound: float | None

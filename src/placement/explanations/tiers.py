"""A result's tiers per client, and the weighed cost of a change in the lower tiers.

Units: clients, urgency weight, days, rank steps, km and EUR/day per tier; the weighed cost is
in the problem's weight units (:class:`~placement.Weights`).
"""

from __future__ import annotations

from collections.abc import Mapping

from placement.explanations.relax import TIER_ORDER
from placement.model import Client, Problem, haversine_km
from placement.result import Assignment, Result

__all__ = ["client_tiers", "distance_km", "lower_cost", "lower_costs", "tier_change"]


def client_tiers(problem: Problem, assignment: Assignment | None) -> dict[str, float]:
    """One placed client's contribution to each tier of :attr:`Result.tiers` (0s if waiting)."""
    if assignment is None:
        return dict.fromkeys(TIER_ORDER, 0.0)
    client = problem.client_by_id[assignment.client_id]
    unit = problem.unit_by_id[assignment.unit_id]
    ref = problem.reference_date
    price = unit.offers.get(assignment.service_class)
    if price is None:
        price = problem.class_by_id[assignment.service_class].daily_price
    move_in = assignment.move_in or ref
    return {
        "placed": 1.0,
        "urgency_weight": float(problem.weights.urgency[client.urgency]),
        "days_waited": float((ref - client.queued_since).days),
        "days_to_move_in": float((move_in - ref).days),
        "rank": float(client.ranks().get(unit.id, len(client.preferences) + 1)),
        "distance_km": round(distance_km(client, unit.id, problem), 3),
        "daily_cost_eur": float(price),
    }


def distance_km(client: Client, unit_id: str, problem: Problem) -> float:
    """Straight-line km from the client's location to the unit's."""
    return haversine_km(client.location, problem.unit_by_id[unit_id].location)


def lower_costs(problem: Problem, change: Mapping[str, float]) -> dict[str, float]:
    """Each lower tier's change weighed by the problem's weights (weight units; positive is
    worse: fewer days waited, later move-ins, worse ranks, more km, higher prices)."""
    w = problem.weights
    return {
        "days_waited": -change["days_waited"] * w.waited_per_day,
        "days_to_move_in": change["days_to_move_in"] * w.delay_per_day,
        "rank": change["rank"] * w.rank_step,
        "distance_km": change["distance_km"] * w.per_km,
        "daily_cost_eur": change["daily_cost_eur"] * w.per_eur_day,
    }


def lower_cost(problem: Problem, change: Mapping[str, float]) -> float:
    """The lower tiers' weighed change together (weight units)."""
    return round(sum(lower_costs(problem, change).values()), 2)


def tier_change(base: Result, other: Result) -> dict[str, float]:
    """Per tier, ``other``'s total less ``base``'s (clients, days, rank steps, km, EUR/day)."""
    return {k: round(other.tiers.get(k, 0.0) - base.tiers.get(k, 0.0), 2) for k in TIER_ORDER}

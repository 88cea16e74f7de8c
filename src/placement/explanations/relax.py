"""Re-solving a problem with one thing changed: how explanations prove their reasons.

Every trade-off, priority and counterfactual an explanation states comes from a real solve of
the changed problem with the policy, engine and options of the result being explained.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from placement.candidates import first_failing
from placement.model import Problem, haversine_km
from placement.names import PolicyName
from placement.result import Result, Status

__all__ = [
    "TIER_ORDER",
    "Resolver",
    "area_changes",
    "quiet",
    "solved",
    "with_client",
    "with_overrides",
    "with_place",
]

TIER_ORDER = (
    "placed",
    "urgency_weight",
    "days_waited",
    "days_to_move_in",
    "rank",
    "distance_km",
    "daily_cost_eur",
)
"""Result tiers in the order the optimal policy weighs them."""


@dataclass
class Resolver:
    """Solves changed problems the way ``result`` was solved, counting the solves."""

    result: Result
    solves: int = 0

    def __call__(self, problem: Problem) -> Result:
        self.solves += 1
        with quiet():  # a forced unit that cannot hold is an answer here, not a warning
            return self._solve(problem)

    def _solve(self, problem: Problem) -> Result:
        from placement.reproduction import solve_as
        from placement.solve import solve

        if self.result.audit is not None:
            return solve_as(problem, self.result.audit)
        policy = cast(PolicyName, self.result.policy)  # solve checks the name
        return solve(problem, policy, seed=self.result.seed or 0)


@contextmanager
def quiet() -> Iterator[None]:
    """Mute the solver's "could not place the required clients" warning for a while: an
    explanation or a diagnosis tries overrides that cannot hold on purpose."""

    def drop(record: logging.LogRecord) -> bool:
        return "overrides require placed" not in record.getMessage()

    logger = logging.getLogger("placement")
    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


def solved(result: Result) -> bool:
    """Whether ``result`` is a valid answer (not infeasible or unknown)."""
    return result.status in (Status.OPTIMAL, Status.FEASIBLE)


def with_overrides(problem: Problem, **changes: Any) -> Problem:
    """``problem`` with its overrides' fields merged with ``changes`` (pins and forbidden as
    mappings, must_place as a sequence)."""
    o = problem.overrides
    data: dict[str, Any] = {
        "pins": {**o.pins, **changes.get("pins", {})},
        "forbidden": dict(o.forbidden),
        "must_place": sorted(set(o.must_place) | set(changes.get("must_place", ()))),
    }
    for client, units in changes.get("forbidden", {}).items():
        data["forbidden"][client] = tuple(
            sorted(set(data["forbidden"].get(client, ())) | set(units))
        )
    return problem.model_copy(update={"overrides": data})


def with_place(problem: Problem, unit_id: str) -> Problem:
    """``problem`` with one more place, free from the reference date on, in ``unit_id``."""
    units = [
        u.model_copy(update={"capacity": u.capacity + 1}) if u.id == unit_id else u
        for u in problem.units
    ]
    return problem.model_copy(update={"units": units})


def with_client(problem: Problem, client_id: str, **fields: Any) -> Problem:
    """``problem`` with some fields of one client replaced."""
    clients = [c.model_copy(update=fields) if c.id == client_id else c for c in problem.clients]
    return problem.model_copy(update={"clients": clients})


@dataclass(frozen=True)
class AreaChange:
    """A change of a client's area that would make one more unit acceptable."""

    code: str  # cf_distance, cf_municipality(_unranked) or cf_unranked: the text names it all
    params: Mapping[str, str | int | float]
    fields: Mapping[str, Any]


def area_changes(problem: Problem, client_id: str) -> Iterator[AreaChange]:
    """Smallest area changes first: for each unit only the area rule rules out (nearest
    first), the one change of the client's area that admits it."""
    client = problem.client_by_id[client_id]
    first = first_failing(problem, client_id)
    only_area = [u for u, rule in zip(problem.units, first, strict=True) if rule == "area"]
    here = client.location
    for km, unit in sorted(
        ((haversine_km(here, u.location), u) for u in only_area), key=lambda pair: pair[0]
    ):
        fields: dict[str, Any] = {}
        if client.only_ranked:
            fields["only_ranked"] = False
        towns = client.acceptable_municipalities
        if towns is not None and unit.municipality not in towns:
            fields["acceptable_municipalities"] = (*towns, unit.municipality)
        if client.max_distance_km is not None and km > client.max_distance_km:
            fields["max_distance_km"] = math.ceil(km)
        if "acceptable_municipalities" in fields and "max_distance_km" in fields:
            continue  # two changes at once: not a smallest change
        if "acceptable_municipalities" in fields:
            code = "cf_municipality_unranked" if "only_ranked" in fields else "cf_municipality"
            yield AreaChange(code, {"municipality": unit.municipality}, fields)
        elif "max_distance_km" in fields:
            yield AreaChange("cf_distance", {"km": math.ceil(km)}, fields)
        else:
            yield AreaChange("cf_unranked", {}, fields)

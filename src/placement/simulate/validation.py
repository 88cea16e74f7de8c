"""Validation of a scenario: every issue at once, before anything runs.

Checked here (field types are pydantic's): rates, probabilities and times in range; arrival
municipalities, length-of-stay classes and changes naming municipalities, units, classes and
policies that exist; a unit given places offers the class. Messages name fields and ids only.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from placement.errors import Issue
from placement.policies import POLICIES
from placement.simulate.changes import (
    AddPlaces,
    ChangeArrivalRate,
    ChangePolicy,
    ChangeRoundInterval,
    CloseUnit,
)

if TYPE_CHECKING:
    from placement.simulate.scenario import Scenario

__all__ = ["scenario_issues"]


def _finite_at_least(value: float, low: float) -> bool:
    return math.isfinite(value) and value >= low


def scenario_issues(s: Scenario) -> list[Issue]:
    """Every issue of scenario ``s``, in a stable order."""
    issues: list[Issue] = []
    add = issues.append
    p = s.problem
    towns = set(p.municipalities or ()) | {u.municipality for u in p.units}
    towns |= {c.municipality for c in p.clients}
    classes = {k.id for k in p.service_classes}
    units = p.unit_by_id
    policies = sorted(POLICIES)

    if not (math.isfinite(s.horizon_days) and s.horizon_days > 0):
        add(Issue("horizon_days", "must be a positive number of days", "e.g. 730 for two years"))
    if not (_finite_at_least(s.warmup_days, 0) and s.warmup_days < max(s.horizon_days, 0)):
        add(Issue("warmup_days", "must be at least 0 and below horizon_days", "e.g. 0 or 365"))
    if not (math.isfinite(s.record_every_days) and s.record_every_days > 0):
        add(Issue("record_every_days", "must be a positive number of days", "e.g. 7"))
    if s.policy not in POLICIES:
        add(Issue("policy", f"unknown policy '{s.policy}'", f"use one of {policies}"))
    if not _finite_at_least(s.round_interval_days, 0):
        add(Issue("round_interval_days", "must be 0 or more days", "0 matches at every event"))
    for town, rate in s.arrivals.items():
        if town not in towns:
            add(Issue(f"arrivals[{town}]", "unknown municipality", f"use one of {sorted(towns)}"))
        if not _finite_at_least(rate, 0):
            add(Issue(f"arrivals[{town}]", "arrival rate must be 0 or more per day", ""))
    if s.arrivals and any(r > 0 for r in s.arrivals.values()) and not p.clients:
        add(Issue("problem.clients", "arrivals need client profiles to resample", "add clients"))
    if s.seasonality is not None and (
        len(s.seasonality) != 12 or not all(_finite_at_least(f, 0) for f in s.seasonality)
    ):
        add(Issue("seasonality", "must be 12 monthly factors, none negative", "or null"))
    for stage in s.stages:
        if not 0 <= stage.probability <= 1:
            add(Issue(f"stages[{stage.name}].probability", "must be in [0, 1]", ""))
    for k in s.length_of_stay:
        if k not in classes:
            add(Issue(f"length_of_stay[{k}]", "unknown service class", f"use {sorted(classes)}"))
    if not (_finite_at_least(s.decline_probability, 0) and s.decline_probability < 1):
        add(Issue("decline_probability", "must be in [0, 1)", "e.g. 0.2"))
    for i, change in enumerate(s.changes):
        where = f"changes[#{i}]"
        if isinstance(change, AddPlaces):
            if change.service_class not in classes:
                add(
                    Issue(
                        f"{where}.service_class", "unknown service class", f"use {sorted(classes)}"
                    )
                )
            if change.count < 0:
                add(Issue(f"{where}.count", "must be 0 or more places", ""))
            if (change.unit is None) == (change.municipality is None):
                add(Issue(where, "give exactly one of unit and municipality", ""))
            if change.unit is not None:
                if change.unit not in units:
                    add(Issue(f"{where}.unit", f"unknown unit '{change.unit}'", "use a unit id"))
                elif change.service_class not in units[change.unit].offers:
                    add(
                        Issue(
                            f"{where}.service_class",
                            f"unit '{change.unit}' does not offer this class",
                            "name a class it offers, or add places to a municipality",
                        )
                    )
            if change.municipality is not None and change.municipality not in towns:
                add(Issue(f"{where}.municipality", "unknown municipality", f"use {sorted(towns)}"))
        elif isinstance(change, CloseUnit):
            if change.unit not in units:
                add(Issue(f"{where}.unit", f"unknown unit '{change.unit}'", "use a unit id"))
        elif isinstance(change, ChangeArrivalRate):
            if not _finite_at_least(change.factor, 0):
                add(Issue(f"{where}.factor", "must be 0 or more", "1 keeps the rate"))
            if change.municipality is not None and change.municipality not in towns:
                add(Issue(f"{where}.municipality", "unknown municipality", f"use {sorted(towns)}"))
        elif isinstance(change, ChangePolicy):
            if change.policy not in POLICIES:
                add(
                    Issue(f"{where}.policy", f"unknown policy '{change.policy}'", f"use {policies}")
                )
        elif isinstance(change, ChangeRoundInterval) and not _finite_at_least(change.days, 0):
            add(Issue(f"{where}.days", "must be 0 or more days", "0 matches at every event"))
    return issues

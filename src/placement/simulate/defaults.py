"""Documented default rates of :meth:`Scenario.from_problem`.

No public source gives LUVN's own rates; each default below is an [assumed] figure chosen to be
plausible and easy to override (a county fits its own with ``Scenario.from_history``):

- **Length of stay** (DOMAIN.md: disability housing is often lifelong; a mean of 8-15 years by
  class [assumed]): exponential, with a mean rising linearly from 8 years for the lowest level
  to 15 years for the highest.
- **Arrivals**: in total, as many decisions per day as places free up at full occupancy
  (sum of capacity / mean stay of the unit's cheapest class), so the system runs near
  balance, the hard case for a queue; spread over municipalities in proportion to the
  problem's queue, each municipality with clients getting at least one share.
- **Exits while waiting** (competing risks): exponential, 5 % a year withdrawn, 3 % moved
  away, 1 % deceased.
- **Stages before search**: the needs assessment (lognormal, mean 45 days, CV 0.5; the law
  wants the decision within 3 months) and the housing panel (lognormal, mean 14 days, CV 0.5;
  it meets every other week).
- **Offers**: 20 % are declined (the synthetic history's figure) after the introduction visit
  (lognormal, mean 10 days, CV 0.5); an accepted offer leads to a move-in after the client
  plan and the service-class negotiation (lognormal, mean 35 days, CV 0.5).
- **Policy** ``priority``, weekly rounds, two years, weekly snapshots.
"""

from __future__ import annotations

from typing import Any

from placement.model import Problem
from placement.names import DEFAULT_POLICY
from placement.simulate.distributions import Exponential, LogNormal

__all__ = ["DAYS_PER_YEAR", "default_fields", "default_stay_years"]

DAYS_PER_YEAR = 365.25
STAY_YEARS = (8.0, 15.0)
"""Mean stay (years) of the lowest and the highest service-class level [assumed]."""
EXIT_PER_YEAR = {"withdrawn": 0.05, "moved_away": 0.03, "deceased": 0.01}
"""Yearly hazard of leaving the queue, per reason [assumed]."""


def default_stay_years(problem: Problem) -> dict[str, float]:
    """Mean stay (years) per service class: 8 for the lowest level rising to 15 for the highest."""
    levels = sorted({k.level for k in problem.service_classes})
    low, high = STAY_YEARS
    span = max(1, len(levels) - 1)
    return {
        k.id: low + (high - low) * levels.index(k.level) / span for k in problem.service_classes
    }


def default_fields(problem: Problem) -> dict[str, Any]:
    """Every field of the default scenario for ``problem`` (see the module docstring)."""
    years = default_stay_years(problem)
    stay = {k: Exponential(mean=y * DAYS_PER_YEAR) for k, y in years.items()}
    prices = {k.id: k.daily_price for k in problem.service_classes}
    freed = 0.0
    for unit in problem.units:
        cheapest = min(unit.offers, key=lambda k: (unit.offers[k] or prices[k], k))
        freed += unit.capacity / (years[cheapest] * DAYS_PER_YEAR)
    counts: dict[str, int] = {}
    for c in problem.clients:
        counts[c.municipality] = counts.get(c.municipality, 0) + 1
    total = sum(counts.values())
    arrivals = {town: freed * n / total for town, n in sorted(counts.items())} if total else {}
    return {
        "name": f"{problem.name or 'problem'} (defaults)",
        "arrivals": arrivals,
        "stages": [
            {"name": "needs_assessment", "duration": LogNormal(mean=45, cv=0.5)},
            {"name": "housing_panel", "duration": LogNormal(mean=14, cv=0.5)},
        ],
        "exits": {
            reason: Exponential(mean=DAYS_PER_YEAR / rate) for reason, rate in EXIT_PER_YEAR.items()
        },
        "length_of_stay": stay,
        "decline_probability": 0.2,
        "decline_after": LogNormal(mean=10, cv=0.5),
        "offer_lead": LogNormal(mean=35, cv=0.5),
        "policy": DEFAULT_POLICY,
        "round_interval_days": 7.0,
        "horizon_days": 2 * DAYS_PER_YEAR,
        "record_every_days": 7.0,
    }

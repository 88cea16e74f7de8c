"""``kipina.schedule`` draws every phase from one deadline: model, search, result, routing.

The clock is fake (it advances a fixed step each time it is read), so these tests assert on the
recorded phases and budgets, never on the wall clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from placement.deadline import Deadline
from placement.errors import ProblemError
from placement.kipina import Week, schedule
from placement.kipina.transport import plan_transport

MONDAY = dt.date(2026, 2, 2)
CENTRE = {"lat": 61.6867, "lon": 27.2713}


class FakeClock:
    """A monotonic clock that moves ``step`` seconds every time it is read."""

    def __init__(self, step: float, start: float = 0.0) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def transport_week() -> Week:
    """Two days, one group activity, four participants with transport and one vehicle."""
    home = [{"lat": 61.70 + k / 100, "lon": 27.25 + k / 100} for k in range(4)]
    return Week(
        week_start=MONDAY,
        centre=CENTRE,
        days=(0, 1),
        activities=({"id": "day", "type": "day_activity", "duration_min": 240, "group_max": 8},),
        staff=({"id": "s1"},),
        rooms=({"id": "hall", "capacity": 8},),
        participants=tuple(
            {
                "id": f"p{k}",
                "home": home[k],
                "transport": True,
                "entitlements": ({"activity": "day", "sessions_per_week": 2},),
            }
            for k in range(4)
        ),
        vehicles=({"id": "v1", "seats": 8},),
    )


def test_every_phase_draws_from_the_one_deadline() -> None:
    """Each phase's seconds are recorded on the deadline passed in; routing gets what the
    deadline has left after model, search and result, not a budget of its own."""
    limit = 30.0
    deadline = Deadline(limit, clock=FakeClock(0.01))
    plan = schedule(transport_week(), deadline=deadline, seed=0)
    assert plan.status in ("optimal", "feasible")
    assert plan.runs, "the week needs transport, so routing ran"
    assert {"model", "search", "result", "routing"} <= set(plan.phases)
    assert plan.phases == deadline.used
    before_routing = plan.phases["model"] + plan.phases["search"] + plan.phases["result"]
    search, routing = plan.budgets["search"], plan.budgets["routing"]
    assert search is not None
    assert routing is not None
    assert search <= limit - plan.phases["model"]
    assert routing <= limit - before_routing
    assert routing >= limit - deadline.elapsed()
    assert plan.runtime == pytest.approx(deadline.elapsed(), abs=0.05)


def test_a_spent_deadline_still_gives_a_schedule_with_runs() -> None:
    """When model building has used the whole limit the search gets its 0.1 s floor and
    routing nothing, and takes greedy descent: the schedule still has its transport runs."""
    clock = FakeClock(0.0)
    deadline = Deadline(5.0, clock=clock)
    clock.now += 10.0  # the budget is gone before the call starts
    plan = schedule(transport_week(), deadline=deadline, seed=0)
    assert plan.budgets == {"search": 0.1, "routing": 0.0}
    assert plan.status in ("optimal", "feasible")
    assert plan.runs


def test_spent_routing_budget_takes_the_greedy_runs() -> None:
    """Routing with a spent deadline gives exactly the deterministic (greedy descent) runs."""
    week = transport_week()
    plan = schedule(week, deterministic=True, time_limit=10)
    clock = FakeClock(0.0)
    spent = Deadline(1.0, clock=clock)
    clock.now += 2.0
    assert plan_transport(week, list(plan.sessions), deadline=spent) == plan_transport(
        week, list(plan.sessions), deterministic=True
    )


@pytest.mark.parametrize("limit", [0, -1.0, float("nan"), float("inf"), True, "5"])
def test_time_limit_must_be_positive_finite_seconds(limit: Any) -> None:
    """A limit that is not a positive, finite number of seconds is refused by name."""
    with pytest.raises(ProblemError, match="time_limit"):
        schedule(transport_week(), time_limit=limit)


def test_no_limit_records_phases_without_budgets() -> None:
    """Without a limit the phases are still recorded and the budgets say ``None``."""
    plan = schedule(transport_week(), time_limit=None, seed=0)
    assert plan.budgets == {"search": None, "routing": None}
    assert {"model", "search", "routing"} <= set(plan.phases)

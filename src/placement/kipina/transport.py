"""Transport runs from the timetable: OR-Tools routing with time windows and two capacities.

For each open day, participants entitled to transport travel to the centre for their first
on-site session and home after their last. Trips that share a time form a *wave*: the arrivals
for 08:00, the departures at 15:00, and so on. Each wave is one vehicle-routing problem. Vehicles
are based at the centre [assumed]: a run to the centre leaves it, picks participants up and is
back by the session start; a run home leaves at the session end, drops participants off and
returns. A vehicle takes a run only once back from its previous one. Constraints: seats and
wheelchair places per vehicle, and no participant rides longer than ``Week.max_ride_min``. A trip
no vehicle can take is reported as unserved, never silently dropped. Stops take
:data:`STOP_MIN` minutes.

This is a second stage after the timetable, not part of the CP-SAT model: runs are optimal per
wave for the routing search's limits, not jointly with the timetable.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from placement.deadline import Deadline
from placement.kipina.model import DAY_NAMES, Participant, Week
from placement.kipina.result import Run, Session, Stop
from placement.model.geo import Point

__all__ = ["STOP_MIN", "plan_transport", "trips"]

STOP_MIN = 2
"""Minutes a vehicle spends at each stop."""

UNSERVED_PENALTY = 100_000
WAVE_SECONDS = 0.5
"""Most seconds of guided local search per wave."""
MIN_WAVE_SECONDS = 0.1
"""Below this share of the deadline a wave takes greedy descent instead (see plan_transport)."""
WAVE_SOLUTIONS = 50


def trips(week: Week, sessions: list[Session]) -> dict[tuple[int, str, int], list[str]]:
    """``(weekday, direction, minute)`` to the participants travelling then.

    ``to_centre`` trips arrive by the first on-site session's start; ``to_home`` trips leave at
    the last on-site session's end.
    """
    first: dict[tuple[str, int], int] = {}
    last: dict[tuple[str, int], int] = {}
    for s in sessions:
        if s.location != "centre":
            continue
        start, end = week.minute(s.start), week.minute(s.end)
        for pid in s.participants:
            if not week.participant_by_id[pid].transport:
                continue
            day = start // 1440
            first[(pid, day)] = min(first.get((pid, day), start), start)
            last[(pid, day)] = max(last.get((pid, day), end), end)
    waves: dict[tuple[int, str, int], list[str]] = defaultdict(list)
    for (pid, day), minute in first.items():
        waves[(day, "to_centre", minute)].append(pid)
    for (pid, day), minute in last.items():
        waves[(day, "to_home", minute)].append(pid)
    return {k: sorted(v) for k, v in sorted(waves.items())}


def plan_transport(
    week: Week,
    sessions: list[Session],
    deterministic: bool = False,
    deadline: Deadline | None = None,
) -> tuple[list[Run], list[str]]:
    """Plan every wave of the week; return the runs and the unserved trips.

    Each wave's guided local search stops after :data:`WAVE_SOLUTIONS` solutions or its time:
    :data:`WAVE_SECONDS`, or with a ``deadline`` an equal share of what is left of it among the
    waves still to plan. A wave whose share is below :data:`MIN_WAVE_SECONDS`, and every wave
    with ``deterministic``, takes a greedy descent to its local optimum instead (no clock; a
    few milliseconds a wave), so a spent deadline still yields runs.
    """
    runs: list[Run] = []
    unserved: list[str] = []
    free_from: dict[str, int] = {v.id: 0 for v in week.vehicles}
    waves = trips(week, sessions)
    departs = {k: k[2] - (week.max_ride_min if k[1] == "to_centre" else 0) for k in waves}
    ordered = sorted(waves.items(), key=lambda w: departs[w[0]])
    for k, ((day, direction, minute), people) in enumerate(ordered):
        participants = [week.participant_by_id[p] for p in people]
        seconds: float | None = None
        if not deterministic:
            left = None if deadline is None else deadline.remaining()
            seconds = WAVE_SECONDS if left is None else min(WAVE_SECONDS, left / (len(ordered) - k))
            if seconds < MIN_WAVE_SECONDS:
                seconds = None
        wave_runs, left_out = _wave(week, day, direction, minute, participants, free_from, seconds)
        runs += wave_runs
        unserved += [f"{p}@{DAY_NAMES[day]}-{direction}" for p in left_out]
    return sorted(runs, key=lambda r: (r.start, r.id)), unserved


def _wave(
    week: Week,
    day: int,
    direction: str,
    minute: int,
    people: list[Participant],
    free_from: dict[str, int],
    seconds: float | None,
) -> tuple[list[Run], list[str]]:
    """One wave's runs; guided local search for ``seconds``, or greedy descent if ``None``."""
    to_centre = direction == "to_centre"
    vehicles = list(week.vehicles)
    if not vehicles:
        return [], [p.id for p in people]
    # Nodes: 0 = centre (every vehicle's base, where runs start and end), 1..n = homes.
    points: list[Point] = [week.centre, *(p.home for p in people)]
    n = len(people)
    manager = pywrapcp.RoutingIndexManager(len(points), len(vehicles), 0)
    routing = pywrapcp.RoutingModel(manager)
    travel = [[week.travel_min(a, b) for b in points] for a in points]

    def transit(i: int, j: int) -> int:
        a, b = int(manager.IndexToNode(i)), int(manager.IndexToNode(j))
        return travel[a][b] + (STOP_MIN if a >= 1 else 0)

    callback = routing.RegisterTransitCallback(transit)
    routing.SetArcCostEvaluatorOfAllVehicles(callback)
    horizon = 3 * 1440
    routing.AddDimension(callback, horizon, horizon, False, "time")
    clock = routing.GetDimensionOrDie("time")
    offset = minute - 1440  # keep cumul values non-negative
    for node in range(1, n + 1):
        index = manager.NodeToIndex(node)
        if to_centre:
            lo = minute - week.max_ride_min
            hi = minute - travel[node][0] - STOP_MIN
        else:
            lo = minute + travel[0][node]
            hi = minute + week.max_ride_min
        if hi < lo:  # no ride within the limit: only dropping the trip is possible
            routing.AddDisjunction([index], UNSERVED_PENALTY)
            clock.CumulVar(index).SetRange(0, 0)
            continue
        clock.CumulVar(index).SetRange(lo - offset, hi - offset)
        routing.AddDisjunction([index], UNSERVED_PENALTY)
    for k, vehicle in enumerate(vehicles):
        clock.CumulVar(routing.Start(k)).SetMin(max(0, free_from[vehicle.id] - offset))
        if to_centre:
            clock.CumulVar(routing.End(k)).SetMax(minute - offset)
        else:
            clock.CumulVar(routing.Start(k)).SetValue(max(minute, free_from[vehicle.id]) - offset)
    seats = [0] + [0 if p.wheelchair else 1 for p in people]
    chairs = [0] + [1 if p.wheelchair else 0 for p in people]
    for name, demand, caps in (
        ("seats", seats, [v.seats for v in vehicles]),
        ("wheelchairs", chairs, [v.wheelchair_places for v in vehicles]),
    ):
        index = routing.RegisterUnaryTransitCallback(lambda i, d=demand: d[manager.IndexToNode(i)])
        routing.AddDimensionWithVehicleCapacity(index, 0, caps, True, name)
    for k in range(len(vehicles)):  # leave as late as possible: shortest rides
        routing.AddVariableMaximizedByFinalizer(clock.CumulVar(routing.Start(k)))
    search = pywrapcp.DefaultRoutingSearchParameters()
    search.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    )
    if seconds is None:  # descends to a local optimum and stops: the same runs every time
        search.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
        )
    else:
        search.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        )
        search.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
        search.solution_limit = WAVE_SOLUTIONS
    solution = routing.SolveWithParameters(search)
    if solution is None:
        return [], [p.id for p in people]
    runs: list[Run] = []
    served: set[str] = set()
    for k, vehicle in enumerate(vehicles):
        index = routing.Start(k)
        leave = clock.CumulVar(index)
        start = (solution.Max(leave) if to_centre else solution.Min(leave)) + offset
        stops: list[Stop] = []
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            if node >= 1:
                at = solution.Min(clock.CumulVar(index)) + offset
                stops.append(Stop(participant=people[node - 1].id, at=week.moment(at)))
                served.add(people[node - 1].id)
            index = solution.Value(routing.NextVar(index))
        if not stops:
            continue
        end = solution.Min(clock.CumulVar(index)) + offset  # back at the centre
        free_from[vehicle.id] = end
        stamp = f"{(minute % 1440) // 60:02d}{minute % 60:02d}"
        runs.append(
            Run(
                id=f"{vehicle.id}-{DAY_NAMES[day]}-{stamp}-{direction}",
                vehicle=vehicle.id,
                direction="to_centre" if to_centre else "to_home",
                start=week.moment(start),
                end=week.moment(end),
                stops=tuple(stops),
            )
        )
    return runs, [p.id for p in people if p.id not in served]

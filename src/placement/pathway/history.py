"""A synthetic year on the LUVN housing path, written through the tracker (so every rule holds).

The cases in search on the problem's reference date are exactly the problem's clients (case id =
client id, search begun on ``queued_since``, profile stored), so ``tracker.to_problem(units)``
rebuilds the matching problem. They stand for the queue a county moves into the tracker when it
starts using it: their back-dated paths carry the case attribute ``carried_over``, so that a fit
of the county's rates (``Scenario.from_history``) does not count them as the year's arrivals.

Around them, new applications arrive through the year and move
along the path with drawn stage times; some decline an introduction visit and go back to search,
some leave the path. Everything is drawn from one seed. Stage-time figures are [assumed]; no
public source gives them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from placement.model import Client, Problem
from placement.pathway.deadlines import add_working_days, is_working_day
from placement.pathway.graph import Role
from placement.pathway.rules import LOCAL_TIME
from placement.pathway.tracker import Tracker, Transaction

__all__ = ["ARRIVALS_PER_DAY", "demo_tracker", "synthetic_history"]

ARRIVALS_PER_DAY = 0.45
"""New applications per calendar day (164 in the year) besides the problem's clients: their
count is fixed and their days uniform (a Poisson process given its count), so the demo holds
the rate it documents."""

EXTRA_STAGES = ("ot_assessment", "home_coaching", "unit_coaching", "capacity_description")
EXIT_P = {"withdrawn": 0.02, "moved_away": 0.01, "deceased": 0.005}
"""Chance, per stage before move-in, that a case leaves the path there."""
SOCIAL_WORKERS = 10
PLACEMENT_WORKERS = 4
PANEL_WEEKDAY = 1  # Tuesday
PANEL_EVERY_DAYS = 14
MEAN_SEARCH_DAYS = 150.0
DECLINE_P = 0.2
FOLLOW_UP_DAYS = 90
DAYS_BEFORE = 400
"""The units are registered this many days before the year, before any back-dated case: their
incumbents are the residents on the reference date, so the year's move-ins are path events."""


@dataclass
class _Stay:
    stage: str
    start: dt.datetime
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class _Case:
    case_id: str
    municipality: str
    social_worker: str
    placement_worker: str
    stays: list[_Stay]
    client: Client | None = None
    carried_over: bool = False


def synthetic_history(tracker: Tracker, problem: Problem, seed: int = 2029, days: int = 365) -> int:
    """Write a synthetic history ending on ``problem.reference_date`` into ``tracker``.

    Parameters
    ----------
    tracker : Tracker
        Target (an empty store on the LUVN path graph).
    problem : Problem
        Its clients become the cases in search at the end; its municipalities host the rest.
    seed : int
        Seed of every draw.
    days : int
        Length of the year of new applications (days).

    Returns
    -------
    int
        Number of cases written (all in one transaction).
    """
    rng = np.random.default_rng(seed)
    end = dt.datetime.combine(problem.reference_date, dt.time(8))
    towns = sorted({c.municipality for c in problem.clients})
    units = [u.id for u in problem.units]
    cases = [_backlog_case(rng, client, end, units) for client in problem.clients]
    first = end - dt.timedelta(days=days)
    # a Poisson process given its count: the year holds exactly the documented rate's share
    arrivals = np.sort(rng.uniform(0, days, round(ARRIVALS_PER_DAY * days)))
    for k, offset in enumerate(arrivals):
        applied = _working_time(rng, first + dt.timedelta(days=float(offset)))
        town = towns[int(rng.integers(len(towns)))]
        cases.append(_new_case(rng, f"h{k + 1:04d}", town, applied, end, units))
    with tracker.transaction() as tx:
        tx.add_units(problem.units, _aware(first - dt.timedelta(days=DAYS_BEFORE)))
        for case in sorted(cases, key=lambda c: c.stays[0].start):
            _write(tx, case, end)
    return len(cases)


def demo_tracker(store: str = ":memory:", seed: int = 2029) -> Tracker:
    """A tracker holding the synthetic year around the bundled LUVN instance."""
    from placement.datasets import load

    tracker = Tracker(store)
    synthetic_history(tracker, load("luvn"), seed=seed)
    return tracker


def _write(tx: Transaction, case: _Case, end: dt.datetime) -> None:
    application = case.stays[0]
    tx.open_case(
        case.case_id,
        _aware(application.start),
        municipality=case.municipality,
        social_worker=case.social_worker,
        client=case.client,
        attributes={"carried_over": "true"} if case.carried_over else None,
    )
    paired = False
    for stay in case.stays[1:]:
        if stay.start > end:
            break
        role = _role(stay.stage)
        if role is Role.PLACEMENT_WORKER and not paired:
            tx.assign(case.case_id, case.placement_worker)
            paired = True
        who = case.placement_worker if role is Role.PLACEMENT_WORKER else case.social_worker
        tx.record(
            case.case_id,
            stay.stage,
            _aware(stay.start),
            role=role,
            resource=who,
            attributes=stay.attributes,
        )
    if case.stays[-1].stage == "follow_up" and case.stays[-1].start <= end:
        finished = case.stays[-1].start + dt.timedelta(days=FOLLOW_UP_DAYS)
        if finished <= end:
            tx.finish(case.case_id, _aware(finished))


def _aware(moment: dt.datetime) -> dt.datetime:
    """A drawn Finnish wall-clock time as an aware one the tracker takes without question.

    A drawn time in the spring-forward gap moves to the gap's end (04:00, Helsinki's gaps are
    whole hours) and one in the repeated autumn hour takes the first of the two (``fold=0``), so
    the order of drawn times is kept.
    """
    aware = moment.replace(tzinfo=LOCAL_TIME)
    back = aware.astimezone(dt.UTC).astimezone(LOCAL_TIME).replace(tzinfo=None)
    if back != moment:
        gap_end = moment.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
        aware = gap_end.replace(tzinfo=LOCAL_TIME)
    return aware


def _role(stage: str) -> Role:
    """Who records a stage in the synthetic history."""
    social = {"application", "needs_assessment", "ot_assessment", "client_plan"}
    social |= {"withdrawn", "moved_away", "deceased"}
    return Role.SOCIAL_WORKER if stage in social else Role.PLACEMENT_WORKER


def _workers(rng: np.random.Generator) -> tuple[str, str]:
    sw = f"sw{int(rng.integers(SOCIAL_WORKERS)) + 1:02d}"
    pt = f"pt{int(rng.integers(PLACEMENT_WORKERS)) + 1:02d}"
    return sw, pt


def _working_time(rng: np.random.Generator, moment: dt.datetime) -> dt.datetime:
    """The next working day at or after ``moment``, at a working hour (08-15)."""
    day = add_working_days(moment.date(), 0)
    return dt.datetime.combine(day, dt.time(int(rng.integers(8, 16)), int(rng.integers(0, 60))))


def _later(rng: np.random.Generator, moment: dt.datetime, low: float, high: float) -> dt.datetime:
    """A working time ``low`` to ``high`` days after ``moment``, never at or before it (a short
    delay can land earlier on the same day at the drawn hour)."""
    later = _working_time(rng, moment + dt.timedelta(days=float(rng.uniform(low, high))))
    return later if later > moment else moment + dt.timedelta(hours=1)


def _panel_meeting(after: dt.datetime) -> dt.datetime:
    """The first housing-panel meeting (every other Tuesday, 13:00) at least 3 days after."""
    anchor = dt.date(2020, 1, 7)  # a panel Tuesday
    day = (after + dt.timedelta(days=3)).date()
    day += dt.timedelta(days=(-(day - anchor).days) % PANEL_EVERY_DAYS)
    return dt.datetime.combine(day, dt.time(13))


def _assessments(rng: np.random.Generator, case: _Case, start: dt.datetime) -> dt.datetime:
    """Needs assessment and complementary assessments from ``start``; returns when they end."""
    moment = _later(rng, start, 20, 75)
    case.stays.append(_Stay("needs_assessment", start))
    k = int(rng.choice(3, p=(0.4, 0.4, 0.2)))
    for stage in rng.permutation(EXTRA_STAGES)[:k]:
        case.stays.append(_Stay(str(stage), moment))
        overlap = rng.random() < 0.3  # the next one starts while this one runs
        moment = _later(rng, moment, *((2, 8) if overlap else (14, 45)))
    return moment


def _backlog_case(
    rng: np.random.Generator, client: Client, end: dt.datetime, units: list[str]
) -> _Case:
    """A client of the problem: in search since ``queued_since``; its past drawn backwards."""
    sw, pt = _workers(rng)
    search = dt.datetime.combine(client.queued_since, dt.time(14))
    panel = _working_time(rng, search - dt.timedelta(days=float(rng.uniform(7, 21))))
    case = _Case(client.id, client.municipality, sw, pt, [], client, carried_over=True)
    done = _assessments(rng, case, panel)  # drawn forward from the panel, then moved back
    shift = dt.timedelta(days=(done - panel).days + 1)
    for stay in case.stays:
        stay.start -= shift
    assessment = case.stays[0].start
    applied = _back_working_days(assessment.date(), int(rng.integers(1, 10)))
    case.stays.insert(0, _Stay("application", dt.datetime.combine(applied, dt.time(10))))
    case.stays.append(_Stay("housing_panel", panel, attributes=_meeting(search)))
    case.stays.append(_Stay("search", search))
    if rng.random() < DECLINE_P and (end - search).days > 60:
        offer = _later(rng, search, 20, (end - search).days - 40)
        visit = _later(rng, offer, 3, 10)
        case.stays.append(_Stay("offer", offer, attributes={"unit": str(rng.choice(units))}))
        case.stays.append(_Stay("introduction_visit", visit))
        case.stays.append(_Stay("search", _later(rng, visit, 5, 14)))
    return case


def _meeting(day: dt.datetime) -> dict[str, str]:
    return {"meeting": f"panel-{day.date().isoformat()}"}


def _back_working_days(day: dt.date, n: int) -> dt.date:
    current = day
    while n > 0:
        current -= dt.timedelta(days=1)
        n -= int(is_working_day(current))
    return current


def _new_case(
    rng: np.random.Generator,
    case_id: str,
    town: str,
    applied: dt.datetime,
    end: dt.datetime,
    units: list[str],
) -> _Case:
    """A new application, moved forward through the path until it ends or the year does."""
    sw, pt = _workers(rng)
    case = _Case(case_id, town, sw, pt, [_Stay("application", applied)])
    gap = int(rng.choice([2, 3, 4, 5, 6, 7, 9, 12], p=[0.15, 0.2, 0.2, 0.15, 0.1, 0.1, 0.06, 0.04]))
    start = dt.datetime.combine(add_working_days(applied.date(), gap), dt.time(9))
    if _leaves(rng, case, start):
        return case
    moment = _assessments(rng, case, start)
    if _leaves(rng, case, moment):
        return case
    meeting = _panel_meeting(moment)
    case.stays.append(_Stay("housing_panel", moment, attributes=_meeting(meeting)))
    search = meeting + dt.timedelta(hours=1)
    while True:
        case.stays.append(_Stay("search", search))
        wait = float(rng.exponential(MEAN_SEARCH_DAYS))
        if search + dt.timedelta(days=wait) > end and search < end:
            wait = float(rng.uniform(0, max((end - search).days - 1, 0.5)))
        offer = _later(rng, search, wait, wait + 1)
        if search < end <= offer:  # only the problem's clients are still searching at the end
            offer = search + (end - search) / 2
        if _leaves(rng, case, offer):
            return case
        case.stays.append(_Stay("offer", offer, attributes={"unit": str(rng.choice(units))}))
        visit = _later(rng, offer, 3, 10)
        case.stays.append(_Stay("introduction_visit", visit))
        after = _later(rng, visit, 5, 14)
        if rng.random() >= DECLINE_P:
            break
        search = after
    plan = after
    negotiation = _later(rng, plan, 7, 21)
    move = _later(rng, negotiation, 5, 20)
    follow = _later(rng, move, 1, 7)
    case.stays += [
        _Stay("client_plan", plan),
        _Stay("service_class_negotiation", negotiation),
        _Stay("move_in", move),
        _Stay("follow_up", follow),
    ]
    return case


def _leaves(rng: np.random.Generator, case: _Case, stop: dt.datetime) -> bool:
    """Whether the case leaves the path before ``stop``, during its last stay (adds the exit)."""
    start = case.stays[-1].start
    for stage, p in EXIT_P.items():
        if rng.random() < p * 3:
            moment = start + (stop - start) * float(rng.uniform(0.1, 0.9))
            case.stays.append(_Stay(stage, moment))
            return True
    return False

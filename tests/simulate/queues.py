"""Tiny scenarios of textbook queues (one class, one unit of ``c`` places) and their formulas."""

from __future__ import annotations

import datetime as dt
import math

from placement.model import Client, Point, Problem, Unit
from placement.simulate import Exponential, Scenario

REF = dt.date(2026, 1, 5)
HERE = Point(lat=60.25, lon=24.07)


def one_unit_problem(places: int) -> Problem:
    """One municipality, one unit of ``places`` places offering the lowest class, one profile."""
    unit = Unit(
        id="u1", municipality="A", location=HERE, offers={"communal": None}, capacity=places
    )
    client = Client(id="p1", municipality="A", location=HERE, queued_since=REF)
    return Problem(reference_date=REF, units=(unit,), clients=(client,))


def mmc(
    lam: float,
    mu: float,
    c: int,
    horizon: float,
    warmup: float,
    interval: float = 0.0,
    record_every: float = 5.0,
) -> Scenario:
    """An M/M/c queue: Poisson arrivals ``lam``/day, exponential stays of mean ``1/mu`` days,
    FIFO, no exits, declines or lead time, an empty start."""
    return Scenario(
        problem=one_unit_problem(c),
        start="empty",
        horizon_days=horizon,
        warmup_days=warmup,
        record_every_days=record_every,
        policy="fifo",
        round_interval_days=interval,
        arrivals={"A": lam},
        length_of_stay={"communal": Exponential(mean=1 / mu)},
        default_length_of_stay=Exponential(mean=1 / mu),
    )


def erlang_c(lam: float, mu: float, c: int) -> float:
    """Probability that an arrival waits in M/M/c (Erlang C)."""
    a = lam / mu
    rho = a / c
    top = a**c / math.factorial(c) / (1 - rho)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


def mean_wait(lam: float, mu: float, c: int) -> float:
    """Mean wait in the queue, ``Wq = C / (c mu - lambda)`` (days)."""
    return erlang_c(lam, mu, c) / (c * mu - lam)


def tail(lam: float, mu: float, c: int, t: float) -> float:
    """``P(Wq > t) = C exp(-(c mu - lambda) t)``."""
    return erlang_c(lam, mu, c) * math.exp(-(c * mu - lam) * t)

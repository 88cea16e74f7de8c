"""A county's event log drawn with known parameters, written here and not by the simulator.

A 40-place county of one service class, observed for two years: residents who moved in before
the log began (carried over, left-truncated), a queue carried over into the tracker, then
applications arriving as Poisson processes per municipality, a needs assessment for everyone
and an occupational-therapy assessment for some, a FIFO queue for the places, withdrawals from
the queue, lognormal stays. The log has the columns ``pathway`` exports.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Truth:
    """The parameters the log is drawn with (days, per day, shares)."""

    arrivals: tuple[tuple[str, float], ...] = (("Lohja", 0.5), ("Vihti", 0.7))
    places: int = 40
    stay_mean: float = 300.0
    stay_cv: float = 0.5
    needs_mean: float = 40.0
    ot_probability: float = 0.4
    ot_mean: float = 20.0
    withdraw_mean: float = 2000.0
    days: float = 730.0
    carried_queue: int = 30


ORIGIN = pd.Timestamp("2024-01-01 08:00")


def _lognormal(rng: np.random.Generator, mean: float, cv: float) -> float:
    sigma2 = math.log1p(cv**2)
    return float(rng.lognormal(math.log(mean) - sigma2 / 2, math.sqrt(sigma2)))


def county_log(seed: int, truth: Truth = Truth()) -> pd.DataFrame:
    """The event log of one draw (see the module docstring)."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, str, float, float, str, str, bool]] = []
    end = truth.days

    def add(case: str, stage: str, start: float, stop: float, town: str, carried: bool) -> None:
        klass = "24h-1" if stage == "move_in" else ""
        rows.append((case, stage, start, stop, town, klass, carried))

    def stay() -> float:
        return _lognormal(rng, truth.stay_mean, truth.stay_cv)

    # each place's residents from a long burn-in; the one living there on day 0 is in the log
    frees = []
    for p in range(truth.places):
        moved_in = -4000.0
        out = moved_in + stay()
        while out < 0:
            moved_in, out = out, out + stay()
        case = f"r{p:03d}"
        add(case, "move_in", moved_in, out, "Lohja", True)
        if out <= end:
            add(case, "moved_out", out, out, "Lohja", True)
        frees.append(out)
    # the carried queue, then the window's applications and their stages
    queue = [(-float(rng.uniform(0, 300)), f"q{q:04d}", "Vihti", True) for q in range(30)]
    for town, rate in truth.arrivals:
        for j, t in enumerate(np.sort(rng.uniform(0, end, rng.poisson(rate * end)))):
            case = f"{town[:2]}{j:05d}"
            needs = float(t) + float(rng.uniform(0.5, 3))
            add(case, "application", float(t), needs, town, False)
            done = needs + _lognormal(rng, truth.needs_mean, 0.5)
            add(case, "needs_assessment", needs, done, town, False)
            if rng.random() < truth.ot_probability:
                ot = done + _lognormal(rng, truth.ot_mean, 0.5)
                add(case, "ot_assessment", done, ot, town, False)
                done = ot
            queue.append((done, case, town, False))
    queue.sort()
    withdraw = {case: start + rng.exponential(truth.withdraw_mean) for start, case, _, _ in queue}
    # FIFO: a freed place goes to the longest-waiting client still in search
    heapq.heapify(frees)
    waiting = list(queue)
    placed: dict[str, tuple[float, float]] = {}
    while frees and frees[0] <= end:
        t = heapq.heappop(frees)
        for i, (start, case, _, _) in enumerate(waiting):
            moved = max(t, start)
            if moved > end:
                break
            if withdraw[case] <= moved:
                continue
            placed[case] = (moved, moved + stay())
            heapq.heappush(frees, placed[case][1])
            del waiting[i]
            break
    for start, case, town, carried in queue:
        if case in placed:
            moved, out = placed[case]
            add(case, "search", start, moved, town, carried)
            add(case, "move_in", moved, out, town, carried)
            if out <= end:
                add(case, "moved_out", out, out, town, carried)
        elif withdraw[case] <= end:
            add(case, "search", start, withdraw[case], town, carried)
            add(case, "withdrawn", withdraw[case], withdraw[case], town, carried)
        else:
            add(case, "search", start, math.inf, town, carried)
    columns = ["case", "stage", "start", "stop", "town", "klass", "carried"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame[frame["start"] <= end]
    is_open = ~np.isfinite(frame["stop"]) | (frame["stop"] > end)
    stop = frame["stop"].where(~is_open, frame["start"])
    return pd.DataFrame(
        {
            "case:concept:name": frame["case"],
            "concept:name": frame["stage"],
            "time:timestamp": ORIGIN + pd.to_timedelta(stop, unit="D"),
            "start_timestamp": ORIGIN + pd.to_timedelta(frame["start"], unit="D"),
            "lifecycle:transition": np.where(is_open, "start", "complete"),
            "case:municipality": frame["town"],
            "service_class": frame["klass"],
            "case:carried_over": np.where(frame["carried"], "true", ""),
        }
    ).reset_index(drop=True)

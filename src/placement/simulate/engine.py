"""The discrete-event engine: one replication of a compiled scenario.

Events sit in a ``heapq`` ordered by time, then by when they were scheduled. Each kind of
randomness has its own stream, spawned from the replication's ``SeedSequence`` (arrivals,
profiles, stages, exits, stays, offers, rounds), so changing one part of a scenario (say, more
places) leaves the other draws as they were: common random numbers for comparisons.

Life of a client: an arrival (Poisson per municipality, thinned by the monthly seasonality)
draws a profile and passes the stages before search; it then enters the queue (its
*decision* day) with one exit time drawn per exit reason (competing risks: the earliest wins).
The exit clock runs while the client waits: an offer stops it, a decline starts a new one.
A matching round offers free places; the place is held while the client visits (a decline
frees it and sends the client back to the queue) or until the move-in after the offer lead
time. A resident stays for the length of stay of the class
placed at, then the place is free again.
"""

from __future__ import annotations

import heapq
import time
from typing import Any

import numpy as np

from placement.simulate.clients import Clients, Outcome
from placement.simulate.compiled import Compiled
from placement.simulate.matching import ClientCache, General, Round, match

__all__ = ["Outcome", "replicate"]

ARRIVE, JOIN, EXIT, ROUND, MOVE_IN, DECLINE, DEPART, CAPACITY, OPEN, SNAPSHOT = range(10)
STREAMS = ("arrivals", "profiles", "stages", "exits", "stays", "offers", "rounds")


class _Run:
    """State of one replication."""

    def __init__(self, c: Compiled, seed: np.random.SeedSequence, trace: bool) -> None:
        self.c = c
        s = c.scenario
        self.horizon = float(s.horizon_days)
        self.rng = dict(
            zip(STREAMS, (np.random.default_rng(k) for k in seed.spawn(len(STREAMS))), strict=True)
        )
        self.events: list[tuple[float, int, int, int, int]] = []
        self.seq = 0
        m = len(c.units)
        self.cap = c.capacity.copy()
        self.occ = np.zeros(m, np.int64)
        self.held = np.zeros(m, np.int64)
        self.tags: list[list[int]] = [[] for _ in range(m)]
        self.cl = Clients()
        self.waiting: dict[int, None] = {}
        self.cache = ClientCache()
        self.trace: list[tuple[int, str, float, float, int, int]] | None = [] if trace else None
        self.snap_times: list[float] = []
        self.snap_queue: list[Any] = []
        self.snap_occ: list[Any] = []
        self.snap_cap: list[Any] = []
        self.departures = np.zeros(len(c.classes), np.int64)
        self.rounds = 0
        self.empty_rounds = 0
        self.match_s = 0.0
        self.round_s = 0.0
        self.continuous = c.interval == 0
        self.admit = np.ones(m, bool)
        self.admit_from, self.admit_until = np.inf, -np.inf
        peak = max(s.seasonality) if s.seasonality else 1.0
        self.peak = peak

    def push(self, t: float, kind: int, a: int = 0, b: int = 0) -> None:
        if t <= self.horizon:
            heapq.heappush(self.events, (t, self.seq, kind, a, b))
            self.seq += 1

    def log(
        self, i: int, stage: str, start: float, end: float, unit: int = -1, k: int = -1
    ) -> None:
        if self.trace is not None:
            self.trace.append((i, stage, start, end, unit, k))

    # -- events -------------------------------------------------------------------------------
    def next_arrival(self, town: int, t: float) -> None:
        rate = float(self.c.arrival_rates[town]) * self.peak
        if rate <= 0:
            return
        rng = self.rng["arrivals"]
        season = self.c.scenario.seasonality
        while True:
            t += float(rng.exponential(1.0 / rate))
            if t > self.horizon:
                return
            if season is None or rng.random() * self.peak < season[self.c.date(t).month - 1]:
                self.push(t, ARRIVE, town)
                return

    def arrive(self, town: int, t: float) -> None:
        self.next_arrival(town, t)
        c = self.c
        pool = c.arrival_profiles[town]
        p = int(pool[int(self.rng["profiles"].integers(pool.size))])
        i = self.cl.add(f"s{len(self.cl.key) + 1:05d}", p, town, int(c.profile_class[p]), t, False)
        self.log(i, "application", t, t)
        moment = t
        for stage in c.scenario.stages:
            if stage.probability < 1 and self.rng["stages"].random() >= stage.probability:
                continue
            length = float(stage.duration.sample(self.rng["stages"]))
            self.log(i, stage.name, moment, moment + length)
            moment += length
        self.push(moment, JOIN, i)

    def join(self, i: int, t: float, decided: float) -> None:
        cl = self.cl
        cl.decided[i] = decided
        cl.state[i] = Outcome.WAITING
        cl.search_start[i] = t
        self.waiting[i] = None
        self.exit_clock(i, t)
        if self.continuous:
            self.match_round(t)

    def exit_clock(self, i: int, t: float) -> None:
        """Draw the client's time to each exit reason from ``t``; the earliest is scheduled.

        The clock runs while the client waits: an offer stops it and a decline starts a new
        one (exact for exponential exit times, which are memoryless).
        """
        cl = self.cl
        cl.exit_draw[i] += 1
        rng = self.rng["exits"]
        draws = [float(d.sample(rng)) for _, d in self.c.exits]
        if draws:
            r = int(np.argmin(draws))
            self.push(t + draws[r], EXIT, i, r | cl.exit_draw[i] << 8)

    def leave(self, i: int, payload: int, t: float) -> None:
        cl = self.cl
        reason = payload & 0xFF
        if cl.state[i] == Outcome.WAITING and payload >> 8 == cl.exit_draw[i]:
            del self.waiting[i]
            cl.state[i], cl.end[i], cl.reason[i] = Outcome.EXITED, t, reason
            self.log(i, "search", cl.search_start[i], t)
            self.log(i, self.c.exits[reason][0], t, t)

    def admitting(self, t: float) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Units admitting newcomers at ``t`` (recomputed when an opening or closing passes)."""
        if not self.admit_from <= t < self.admit_until:
            c = self.c
            self.admit = (c.open_day <= t) & (t < c.close_day)
            changes = np.concatenate([c.open_day, c.close_day])
            self.admit_from = float(changes[changes <= t].max(initial=0.0))
            self.admit_until = float(changes[changes > t].min(initial=np.inf))
        return self.admit

    def _general(self, who: list[int], units: list[int], t: float) -> General:
        """What a round needs to run a policy on a :class:`Problem` (made only when needed)."""
        c, cl = self.c, self.cl
        clients = [
            self.cache.get(c, cl.key[i], cl.profile[i], cl.decided[i], cl.initial[i]) for i in who
        ]
        return clients, c.date(t), [[b for b in self.tags[j] if b] for j in units]

    def match_round(self, t: float) -> None:
        if not self.waiting:
            return
        c = self.c
        free = self.cap - self.occ - self.held
        if free.max() <= 0:
            return
        free = np.where(self.admitting(t), free, 0)
        units = np.flatnonzero(free > 0)
        if units.size == 0:
            return
        began = time.perf_counter()
        full = np.zeros(units.size, np.uint64)
        binding = False
        for k, j in enumerate(units.tolist()):
            for bit, at_most in c.unit_rules[j]:
                room = at_most - sum(1 for b in self.tags[j] if b & bit)
                if room <= 0:
                    full[k] |= np.uint64(bit)
                elif room < free[j]:
                    binding = True
        who = list(self.waiting)
        cl = self.cl
        r = Round(
            profiles=np.array([cl.profile[i] for i in who], np.int64),
            decided=np.array([cl.decided[i] for i in who]),
            units=units.astype(np.int64),
            free=free[units].astype(np.int64),
            full=full,
            binding=binding,
        )
        tick = time.perf_counter()
        rows, cols, classes = match(
            c, r, self.rng["rounds"], lambda: self._general(who, units.tolist(), t)
        )
        self.match_s += time.perf_counter() - tick
        if rows.size == 0:
            self.empty_rounds += 1
        self.rounds += 1
        offers = self.rng["offers"]
        s = c.scenario
        shared: dict[int, tuple[bool, float]] = {}  # a linked group decides once, together
        for row, col, k in zip(rows.tolist(), cols.tolist(), classes.tolist(), strict=True):
            i, j = who[row], int(units[col])
            del self.waiting[i]
            cl.state[i] = Outcome.OFFERED
            cl.unit[i], cl.placed_class[i] = j, k
            cl.offers[i] += 1
            self.held[j] += 1
            self.tags[j].append(int(c.profile_tags[cl.profile[i]]))
            self.log(i, "search", cl.search_start[i], t)
            group = c.profile_group.get(cl.profile[i]) if cl.initial[i] else None
            if group is not None and group in shared:
                declined, days = shared[group]
            else:
                declined = bool(offers.random() < s.decline_probability)
                days = float((s.decline_after if declined else s.offer_lead).sample(offers))
                if group is not None:
                    shared[group] = (declined, days)
            self.log(i, "offer", t, t + days, j, k)
            self.push(t + days, DECLINE if declined else MOVE_IN, i)
        self.round_s += time.perf_counter() - began

    def move_in(self, i: int, t: float) -> None:
        cl, c = self.cl, self.c
        j, k = cl.unit[i], cl.placed_class[i]
        self.held[j] -= 1
        self.occ[j] += 1
        cl.state[i], cl.end[i] = Outcome.PLACED, t
        self.log(i, "move_in", t, t, j, k)
        stay = float(c.stays[k].sample(self.rng["stays"]))
        self.push(
            t + stay, DEPART, j, int(c.profile_tags[cl.profile[i]]) | (k << 32) | (i + 1) << 40
        )

    def decline(self, i: int, t: float) -> None:
        cl, c = self.cl, self.c
        j = cl.unit[i]
        self.held[j] -= 1
        self.tags[j].remove(int(c.profile_tags[cl.profile[i]]))
        cl.unit[i], cl.placed_class[i] = -1, -1
        cl.state[i] = Outcome.WAITING
        cl.search_start[i] = t
        self.waiting[i] = None
        self.exit_clock(i, t)
        if self.continuous:
            self.match_round(t)

    def depart(self, j: int, payload: int, t: float) -> None:
        self.occ[j] -= 1
        bits = payload & 0xFFFFFFFF
        self.tags[j].remove(bits)
        self.departures[(payload >> 32) & 0xFF] += 1
        i = (payload >> 40) - 1
        if i >= 0:
            self.log(i, "moved_out", t, t, j, (payload >> 32) & 0xFF)
        if self.continuous:
            self.match_round(t)

    def snapshot(self, t: float) -> None:
        c, cl = self.c, self.cl
        towns, k = len(c.towns), len(c.classes)
        codes = [cl.klass[i] * towns + cl.town[i] for i in self.waiting]
        self.snap_times.append(t)
        self.snap_queue.append(np.bincount(np.array(codes, np.int64), minlength=k * towns))
        admitting = self.admitting(t)
        self.snap_occ.append(np.bincount(c.unit_town, weights=self.occ, minlength=towns))
        cap = np.where(admitting, self.cap, self.occ + self.held)
        self.snap_cap.append(np.bincount(c.unit_town, weights=cap, minlength=towns))
        self.push(t + c.scenario.record_every_days, SNAPSHOT)

    # -- the loop -----------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        c = self.c
        for res in c.residents:
            self.occ[res.unit] += 1
            self.tags[res.unit].append(res.tags)
            if res.leaves_day is not None:
                leave = res.leaves_day
            else:
                leave = float(c.stays[res.service_class].sample(self.rng["stays"]))
            self.push(leave, DEPART, res.unit, res.tags | (res.service_class << 32))
        for day, j, delta in c.capacity_events:
            self.push(day, CAPACITY, j, delta)
        for j in np.flatnonzero(c.open_day > 0).tolist():
            self.push(float(c.open_day[j]), OPEN, j)
        for p in c.queue:
            prof = c.profiles[p]
            i = self.cl.add(
                prof.id, p, int(c.profile_town[p]), int(c.profile_class[p]), np.nan, True
            )
            self.push(0.0, JOIN, i, int((prof.queued_since - c.start).days))
        for town in range(len(c.towns)):
            self.next_arrival(town, 0.0)
        if not self.continuous:
            self.push(0.0, ROUND)
        self.push(0.0, SNAPSHOT)
        events = self.events
        while events:
            t, _, kind, a, b = heapq.heappop(events)
            if kind == ARRIVE:
                self.arrive(a, t)
            elif kind == JOIN:
                self.join(a, t, float(b) if self.cl.initial[a] else t)
            elif kind == EXIT:
                self.leave(a, b, t)
            elif kind == ROUND:
                self.match_round(t)
                self.push(t + c.interval, ROUND)
            elif kind == MOVE_IN:
                self.move_in(a, t)
            elif kind == DECLINE:
                self.decline(a, t)
            elif kind == DEPART:
                self.depart(a, b, t)
            elif kind == CAPACITY:
                self.cap[a] += b
                if self.continuous:
                    self.match_round(t)
            elif kind == OPEN:
                if self.continuous:
                    self.match_round(t)
            elif kind == SNAPSHOT:
                self.snapshot(t)
        return self.records()

    def records(self) -> dict[str, Any]:
        cl = self.cl
        for i in self.waiting:
            self.log(i, "search", cl.search_start[i], np.nan)
        state = np.array(cl.state, np.int64)
        state[state == Outcome.OFFERED] = Outcome.WAITING  # offered at the horizon
        return {
            "key": np.array(cl.key, dtype=object),
            "profile": np.array(cl.profile, np.int64),
            "town": np.array(cl.town, np.int64),
            "klass": np.array(cl.klass, np.int64),
            "applied": np.array(cl.applied),
            "decided": np.array(cl.decided),
            "state": state,
            "end": np.array(cl.end),
            "reason": np.array(cl.reason, np.int64),
            "unit": np.array(cl.unit, np.int64),
            "placed_class": np.array(cl.placed_class, np.int64),
            "offers": np.array(cl.offers, np.int64),
            "initial": np.array(cl.initial, bool),
            "snap_times": np.array(self.snap_times),
            "snap_queue": np.array(self.snap_queue, np.int64),
            "snap_occ": np.array(self.snap_occ),
            "snap_cap": np.array(self.snap_cap),
            "departures": self.departures,
            "rounds": self.rounds,
            "empty_rounds": self.empty_rounds,
            "match_s": self.match_s,
            "round_s": self.round_s,
            "trace": self.trace,
        }


def replicate(c: Compiled, seed: np.random.SeedSequence, trace: bool = False) -> dict[str, Any]:
    """Run one replication of ``c`` from ``seed``; returns its raw records (numpy arrays).

    Parameters
    ----------
    c : Compiled
    seed : SeedSequence
        The replication's seed; its children seed the streams of :data:`STREAMS`.
    trace : bool
        Also keep every client's stage stays, for :func:`placement.simulate.event_log`.
    """
    began = time.perf_counter()
    out = _Run(c, seed, trace).run()
    out["total_s"] = time.perf_counter() - began
    return out

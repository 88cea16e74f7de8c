"""Records of a simulation: tidy DataFrames and a summary with confidence intervals.

Clients appear under run-local ids only: ``q00001``... for the start queue (in the problem's
client order, the same in every replication and scenario, so paired comparisons still match
clients), ``s00001``... for arrivals. A simulated exit or death is never written against a real
client id; :attr:`SimulationResult.real_ids` maps back only when the caller asked for it. No
needs, tags or locations are recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from placement.errors import Issue, ProblemError
from placement.simulate.compiled import Compiled
from placement.simulate.engine import Outcome

__all__ = ["SimulationResult", "pseudonyms", "summarise"]

_OUTCOME = {Outcome.WAITING: "waiting", Outcome.PLACED: "placed", Outcome.EXITED: "exited"}


def pseudonyms(c: Compiled) -> dict[str, str]:
    """Run-local id of each start-queue client, by real id (``q00001`` in problem order)."""
    return {client.id: f"q{k + 1:05d}" for k, client in enumerate(c.scenario.problem.clients)}


def _waits(c: Compiled, rep: int, r: dict[str, Any], names: dict[str, str]) -> pd.DataFrame:
    queued = r["state"] != Outcome.BEFORE_QUEUE
    horizon = float(c.scenario.horizon_days)
    state = r["state"][queued]
    end = np.where(state == Outcome.WAITING, horizon, r["end"][queued])
    decided = r["decided"][queued]
    unit_ids = np.array([u.id for u in c.units] + [""], dtype=object)
    classes = np.array([*c.classes, ""], dtype=object)
    reasons = np.array([name for name, _ in c.exits] + [""], dtype=object)
    start = pd.Timestamp(c.start)
    return pd.DataFrame(
        {
            "replication": rep,
            "client_id": [names.get(k, k) for k in r["key"][queued].tolist()],
            "initial": r["initial"][queued],
            "municipality": np.array(c.towns, dtype=object)[r["town"][queued]],
            "service_class": classes[r["klass"][queued]],
            "decided_day": decided,
            "decided": start + pd.to_timedelta(np.floor(decided), unit="D"),
            "outcome": [_OUTCOME[s] for s in state.tolist()],
            "exit_reason": reasons[r["reason"][queued]],
            "wait_days": end - decided,
            "censored": state == Outcome.WAITING,
            "unit_id": unit_ids[r["unit"][queued]],
            "placed_class": classes[r["placed_class"][queued]],
            "offers": r["offers"][queued],
        }
    )


def _queue(c: Compiled, rep: int, r: dict[str, Any]) -> pd.DataFrame:
    times = r["snap_times"]
    k, t = len(c.classes), len(c.towns)
    counts = r["snap_queue"].reshape(times.size, k, t)
    return pd.DataFrame(
        {
            "replication": rep,
            "day": np.repeat(times, k * t),
            "service_class": np.tile(np.repeat(np.array(c.classes, dtype=object), t), times.size),
            "municipality": np.tile(np.array(c.towns, dtype=object), times.size * k),
            "waiting": counts.ravel(),
        }
    )


def _utilisation(c: Compiled, rep: int, r: dict[str, Any]) -> pd.DataFrame:
    times = r["snap_times"]
    t = len(c.towns)
    occ, cap = r["snap_occ"].ravel(), r["snap_cap"].ravel()
    return pd.DataFrame(
        {
            "replication": rep,
            "day": np.repeat(times, t),
            "municipality": np.tile(np.array(c.towns, dtype=object), times.size),
            "occupied": occ.astype(np.int64),
            "capacity": cap.astype(np.int64),
            "utilisation": np.divide(occ, cap, out=np.full(occ.size, np.nan), where=cap > 0),
        }
    )


@dataclass
class SimulationResult:
    """Tidy records of every replication, and :meth:`summary` across them.

    Attributes
    ----------
    waits : DataFrame
        One row per client who entered the queue: ``decided_day`` (days from the start; the
        start queue's are negative), ``outcome`` (placed, exited, waiting), ``wait_days`` (to
        the move-in, the exit or, ``censored``, the horizon), ``unit_id``, ``placed_class``.
    queue : DataFrame
        Clients waiting per snapshot ``day``, ``service_class`` (required) and ``municipality``.
    utilisation : DataFrame
        Occupied places and capacity per snapshot day and municipality.
    throughput : DataFrame
        Per replication and service class: move-ins and departures.
    exits : DataFrame
        Per replication and reason: clients who left the queue.
    timing : DataFrame
        Per replication: matching rounds, seconds in the policy, in rounds, in total.
    """

    scenario_name: str
    start: dt.date
    horizon_days: float
    warmup_days: float
    replications: int
    waits: pd.DataFrame
    queue: pd.DataFrame
    utilisation: pd.DataFrame
    throughput: pd.DataFrame
    exits: pd.DataFrame
    timing: pd.DataFrame
    extra: dict[str, Any] = field(default_factory=dict)
    real_ids: dict[str, str] | None = None
    """Run-local id to real client id for the start queue: only from ``run(...,
    reveal_ids=True)``; ``None`` otherwise, so the records alone hold no real id."""

    seed: int | None = None
    """Root seed of the replications (``None`` when unknown): paired comparisons need the same."""

    def summary(
        self, within_days: float = 90.0, level: float = 0.95, resamples: int = 400
    ) -> pd.DataFrame:
        """The headline figures, each with a ``level`` bootstrap interval over replications.

        Every client counts: the start queue is a cohort of its own, followed from the start;
        arrivals after the warm-up are followed from their decision, all together and by year.
        Per cohort, the time to placement is estimated with censoring and exits as a competing
        risk (Aalen-Johansen): quartiles, the share placed within ``within_days`` and 365
        days, the shares placed and exited by the end of follow-up, and the restricted mean
        days waiting (:mod:`placement.simulate.cohorts`). Scenario-wide: mean queue,
        utilisation, placements per year (start queue included; also per service class) and
        exits per year, after the warm-up. Intervals are bootstrap percentile intervals over
        replications, so they keep to their range (:mod:`placement.simulate.summary`).

        Parameters
        ----------
        within_days : float
            The "placed within" horizon (days).
        level : float
            Confidence level of the intervals.
        resamples : int
            Bootstrap resamples of replications.

        Returns
        -------
        DataFrame
            Index ``cohort``, ``statistic``; columns ``unit``, ``estimate``, ``ci_low``,
            ``ci_high``, ``replications``. A quartile not reached within the follow-up is
            ``NaN``; so is an interval from a single replication.
        """
        from placement.simulate.summary import summary

        return summary(self, within_days, level, resamples)

    def placement_curve(self, cohort: str = "arrivals") -> pd.DataFrame:
        """The share of ``cohort`` placed (and exited, and still waiting) by each day of
        follow-up, all replications pooled, censoring counted (see :meth:`summary`).

        Parameters
        ----------
        cohort : str
            ``start queue`` (days from the start), ``arrivals`` or ``arrivals year k`` (days
            from the decision).

        Returns
        -------
        DataFrame
            Columns ``days``, ``placed``, ``exited``, ``waiting`` (shares).
        """
        from placement.simulate.cohorts import cohort_curve, cohorts

        found = {c.name: c for c in cohorts(self.waits, self.warmup_days, self.horizon_days)}
        if cohort not in found:
            raise ProblemError(
                [Issue("cohort", f"unknown cohort '{cohort}'", f"use one of {', '.join(found)}")],
                what="placement_curve arguments",
            )
        return cohort_curve(found[cohort])

    def compare(
        self, other: SimulationResult, within_days: float = 90.0, level: float = 0.95
    ) -> pd.DataFrame:
        """Paired differences ``other - self`` of every headline figure, with intervals
        (:func:`placement.simulate.summary.compare`): both must come from the same seed and
        number of replications (common random numbers)."""
        from placement.simulate.summary import compare

        return compare(self, other, within_days, level)


def summarise(
    c: Compiled, raw: list[dict[str, Any]], reveal_ids: bool = False, seed: int | None = None
) -> SimulationResult:
    """Assemble the records of replications ``raw`` (in replication order), clients under
    run-local ids (:func:`pseudonyms`); ``reveal_ids`` keeps the map back to the real ids."""
    names = pseudonyms(c)
    s = c.scenario
    throughput = []
    exits = []
    timing = []
    for rep, r in enumerate(raw):
        placed = np.bincount(
            r["placed_class"][r["state"] == Outcome.PLACED], minlength=len(c.classes)
        )
        for k, name in enumerate(c.classes):
            throughput.append((rep, name, int(placed[k]), int(r["departures"][k])))
        gone = np.bincount(r["reason"][r["state"] == Outcome.EXITED], minlength=len(c.exits))
        exits += [(rep, name, int(gone[x])) for x, (name, _) in enumerate(c.exits)]
        timing.append(
            (rep, r["rounds"], r["empty_rounds"], r["match_s"], r["round_s"], r["total_s"])
        )
    return SimulationResult(
        scenario_name=s.name,
        start=c.start,
        horizon_days=float(s.horizon_days),
        warmup_days=float(s.warmup_days),
        replications=len(raw),
        waits=pd.concat([_waits(c, i, r, names) for i, r in enumerate(raw)], ignore_index=True),
        queue=pd.concat([_queue(c, i, r) for i, r in enumerate(raw)], ignore_index=True),
        utilisation=pd.concat(
            [_utilisation(c, i, r) for i, r in enumerate(raw)], ignore_index=True
        ),
        throughput=pd.DataFrame(
            throughput, columns=["replication", "service_class", "move_ins", "departures"]
        ),
        exits=pd.DataFrame(exits, columns=["replication", "reason", "exits"]),
        timing=pd.DataFrame(
            timing,
            columns=["replication", "rounds", "empty_rounds", "match_s", "round_s", "total_s"],
        ),
        real_ids={local: real for real, local in names.items()} if reveal_ids else None,
        seed=seed,
    )

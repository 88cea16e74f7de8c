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
from scipy import stats

from placement.simulate.compiled import Compiled
from placement.simulate.engine import Outcome

__all__ = ["SimulationResult", "mean_ci", "pseudonyms", "summarise"]

_OUTCOME = {Outcome.WAITING: "waiting", Outcome.PLACED: "placed", Outcome.EXITED: "exited"}


def mean_ci(values: Any, level: float = 0.95) -> tuple[float, float, float]:
    """Mean of per-replication ``values`` and its ``level`` Student-t interval (NaNs dropped)."""
    x = np.asarray(values, np.float64)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return (np.nan, np.nan, np.nan)
    mean = float(x.mean())
    if x.size < 2:
        return (mean, np.nan, np.nan)
    half = float(stats.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return (mean, mean - half, mean + half)


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

    def summary(self, within_days: float = 90.0, level: float = 0.95) -> pd.DataFrame:
        """Statistics per replication, averaged with a ``level`` confidence interval.

        Only clients decided on or after the warm-up count; the share placed within
        ``within_days`` counts clients decided at least that long before the horizon (exits
        count as not placed: competing risks).

        Returns
        -------
        DataFrame
            Index: statistic; columns ``mean``, ``ci_low``, ``ci_high``, ``replications``.
        """
        per_rep = per_replication(self, within_days)
        rows = {name: mean_ci(per_rep[name], level) for name in per_rep.columns}
        out = pd.DataFrame(rows, index=["mean", "ci_low", "ci_high"]).T
        out["replications"] = self.replications
        out.index.name = "statistic"
        return out


def per_replication(result: SimulationResult, within_days: float = 90.0) -> pd.DataFrame:
    """One row per replication of the statistics :meth:`SimulationResult.summary` averages."""
    w = result.waits
    after = w[w["decided_day"] >= result.warmup_days]
    placed = after[after["outcome"] == "placed"]
    cohort = after[after["decided_day"] <= result.horizon_days - within_days]
    hit = (cohort["outcome"] == "placed") & (cohort["wait_days"] <= within_days)
    q = result.queue[result.queue["day"] >= result.warmup_days]
    u = result.utilisation[result.utilisation["day"] >= result.warmup_days]
    years = (result.horizon_days - result.warmup_days) / 365.25
    reps = pd.RangeIndex(result.replications, name="replication")
    by_day = u.groupby(["replication", "day"])[["occupied", "capacity"]].sum()
    util = by_day["occupied"] / by_day["capacity"].where(by_day["capacity"] > 0)
    ended = after[after["outcome"] != "waiting"]
    return pd.DataFrame(
        {
            "mean_wait_days": placed.groupby("replication")["wait_days"].mean(),
            f"share_placed_within_{within_days:g}_days": hit.groupby(cohort["replication"]).mean(),
            "mean_queue": q.groupby(["replication", "day"])["waiting"]
            .sum()
            .groupby("replication")
            .mean(),
            "utilisation": util.groupby("replication").mean(),
            "placements_per_year": placed.groupby("replication").size() / years,
            "exits_per_year": ended[ended["outcome"] == "exited"].groupby("replication").size()
            / years,
        }
    ).reindex(reps)


def summarise(c: Compiled, raw: list[dict[str, Any]], reveal_ids: bool = False) -> SimulationResult:
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
    )

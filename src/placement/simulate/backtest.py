"""Backtest of the waiting-time estimates on histories whose truth is known (issue 13, acc. 3).

A *history* is one replication of a scenario run for ``split_day + follow_days``. At
``split_day`` its state becomes a :class:`~placement.model.Problem` (the clients waiting then,
under their simulated ids, and the residents then); :func:`~placement.simulate.waits.estimate_waits`
estimates every waiting client's move-in from there, and the history itself, run on, gives the
realised move-in (or none: exited, or still waiting ``follow_days`` later).

The restart is exact in distribution only when the state at ``split_day`` is all the future
depends on, so the scenario must: start empty; have no stages before search, no declines and
no offer lead (nobody is between states at the split); use exponential stays and exits
(memoryless: a resident's or a waiting client's remaining time is a fresh draw) with one stay
distribution for every class; and give all clients of a municipality one profile (arrivals are
resampled from the restarted problem's clients, who are the clients waiting then). These are
checked; a scenario that breaks them raises one :class:`~placement.errors.ProblemError`.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Executor
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from placement.errors import Issue, ProblemError
from placement.model import Problem, Resident
from placement.simulate.distributions import Exponential, Fixed
from placement.simulate.engine import Outcome
from placement.simulate.replications import run_seeds
from placement.simulate.scenario import Scenario
from placement.simulate.waits import estimate_waits

__all__ = ["backtest_waits", "calibration", "concordance", "coverage"]


def _profile_key(c: Any) -> str:
    return str(
        c.model_copy(update={"id": "x", "queued_since": dt.date(2000, 1, 1)}).model_dump_json()
    )


def _issues(s: Scenario) -> list[Issue]:
    issues = []
    if s.start != "empty":
        issues.append(Issue("start", "must be 'empty'", "the history builds the state"))
    if s.stages:
        issues.append(Issue("stages", "must be empty", "no one may be between stages"))
    if s.decline_probability != 0 or s.offer_lead != Fixed(days=0):
        issues.append(Issue("offers", "no declines and no offer lead", "offer_lead Fixed(0)"))
    stays = {s.default_length_of_stay, *s.length_of_stay.values()}
    if len(stays) != 1 or not isinstance(next(iter(stays)), Exponential):
        issues.append(Issue("length_of_stay", "one exponential stay for all classes", ""))
    if not all(isinstance(d, Exponential) for d in s.exits.values()):
        issues.append(Issue("exits", "must be exponential", "memoryless"))
    towns: dict[str, set[str]] = {}
    for c in s.problem.clients:
        towns.setdefault(c.municipality, set()).add(_profile_key(c))
    if any(len(keys) > 1 for keys in towns.values()):
        issues.append(Issue("problem.clients", "one profile per municipality", "same needs"))
    return issues


def _state(s: Scenario, r: dict[str, Any], split: float) -> tuple[Problem, list[str], Any]:
    """The problem at ``split`` of history ``r``, the ids waiting then, their realised days."""
    p = s.problem
    trace = pd.DataFrame(r["trace"], columns=["i", "stage", "start", "end", "unit", "k"])
    moved_in = trace[(trace["stage"] == "move_in") & (trace["start"] <= split)]
    out = trace[(trace["stage"] == "moved_out") & (trace["start"] <= split)]
    staying = moved_in[~moved_in["i"].isin(out["i"])]
    residents: dict[int, list[Resident]] = {}
    for i, j in zip(staying["i"].tolist(), staying["unit"].tolist(), strict=True):
        residents.setdefault(int(j), []).append(Resident(id=f"r{i}"))
    units = tuple(
        u.model_copy(update={"incumbents": tuple(residents.get(j, ()))})
        for j, u in enumerate(p.units)
    )
    today = p.reference_date + dt.timedelta(days=int(split))
    decided, state, end = r["decided"], r["state"], r["end"]
    waiting = np.flatnonzero(
        (decided <= split)
        & ((state == Outcome.WAITING) | (end > split))
        & ~((state == Outcome.EXITED) & (end <= split))
    )
    clients, realised = [], []
    for i in waiting.tolist():
        profile = p.clients[int(r["profile"][i])]
        since = p.reference_date + dt.timedelta(days=int(np.floor(decided[i])))
        clients.append(profile.model_copy(update={"id": str(r["key"][i]), "queued_since": since}))
        realised.append(end[i] - split if state[i] == Outcome.PLACED else np.inf)
    problem = p.model_copy(
        update={"reference_date": today, "units": units, "clients": tuple(clients)}
    )
    return problem, [c.id for c in clients], np.array(realised)


def backtest_waits(
    scenario: Scenario,
    histories: int,
    split_day: float = 730.0,
    follow_days: float = 365.0,
    replications: int = 100,
    seed: int = 0,
    executor: Executor | None = None,
) -> pd.DataFrame:
    """Estimate at ``split_day`` of each history, then compare with what the history did.

    Parameters
    ----------
    scenario : Scenario
        The truth (see the module docstring for what it must satisfy); its ``horizon_days`` is
        replaced by ``split_day + follow_days``.
    histories : int
        Independent histories (replications of the truth).
    split_day, follow_days : float
        When the estimates are made, and how long the realised waits are followed (days).
    replications, seed, executor
        Of each estimate (:func:`~placement.simulate.waits.estimate_waits`, horizon
        ``follow_days``).

    Returns
    -------
    DataFrame
        The estimates of every client waiting at the split of every history, with ``history``
        and ``realised_days`` (move-in, days after the split; ``inf``: not placed by the end).
    """
    issues = _issues(scenario)
    if issues:
        raise ProblemError(issues, what="backtest scenario")
    truth = scenario.model_copy(update={"horizon_days": split_day + follow_days})
    seeds = np.random.SeedSequence(seed).spawn(histories + 1)
    _, raw = run_seeds(truth, seeds[:histories], executor, trace=True)
    frames = []
    for h, r in enumerate(raw):
        problem, _, realised = _state(truth, r, split_day)
        if not problem.clients:
            continue
        restart = Scenario.model_validate(
            truth.model_dump(exclude={"problem"})
            | {"problem": problem, "start": "problem", "horizon_days": follow_days}
        )
        est = estimate_waits(
            problem,
            policy=restart.policy,
            scenario=restart,
            replications=replications,
            seed=int(seeds[histories].generate_state(1)[0]) + h,
            executor=executor,
        )
        est.insert(0, "history", h)
        est["realised_days"] = realised
        frames.append(est)
    return pd.concat(frames, ignore_index=True)


def coverage(bt: pd.DataFrame) -> float:
    """Share of clients whose realised move-in lies in their 80 % interval.

    An end beyond the horizon is open (a realised "not placed" lies beyond any day).
    """
    t = bt["realised_days"].to_numpy()
    low = np.where(bt["low_beyond_horizon"], np.inf, bt["low_days"].fillna(np.inf))
    high = np.where(bt["high_beyond_horizon"], np.inf, bt["high_days"].fillna(np.inf))
    return float(((t >= low) & (t <= high)).mean())


def calibration(bt: pd.DataFrame, column: str = "p_365", bins: int = 10) -> pd.DataFrame:
    """Mean predicted ``column`` against the observed share placed in time, by decile."""
    days = float(column.removeprefix("p_"))
    hit = bt["realised_days"] <= days
    decile = pd.qcut(bt[column].rank(method="first"), bins, labels=False)
    return (
        pd.DataFrame({"decile": decile + 1, "predicted": bt[column], "observed": hit})
        .groupby("decile")
        .agg(
            clients=("predicted", "size"),
            predicted=("predicted", "mean"),
            observed=("observed", "mean"),
        )
    )


def concordance(bt: pd.DataFrame, column: str = "p_365") -> float:
    """C statistic (area under the ROC curve) of ``column`` for being placed in time."""
    hit = (bt["realised_days"] <= float(column.removeprefix("p_"))).to_numpy()
    score = bt[column].to_numpy()
    if hit.all() or not hit.any():
        return float("nan")
    u = stats.mannwhitneyu(score[hit], score[~hit]).statistic
    return float(u / (hit.sum() * (~hit).sum()))

"""Per-client waiting-time estimates from one forward simulation (issue 13).

Every waiting client of a :class:`~placement.model.Problem` gets the distribution of their own
move-in day under the policy in use, from the **same** replications of one forward simulation
(:func:`placement.simulate.run`'s engine): known dated vacancies, residents' departures, new
arrivals who may overtake by priority, and exits from the queue as competing risks. No client
is ever simulated alone.

Days are counted from the problem's ``reference_date`` (today), not from the decision: a client
wants to know when they move in from now. A replication in which the client exits, or is still
waiting at the horizon, counts as not placed (``p_never``); a quantile that falls there is
reported as beyond the horizon (NaN and a flag), never invented.

Only pseudonymous client ids and unit ids leave the estimate: no needs, tags, locations or
other clients' data, and the assumptions in ``df.attrs`` hold the scenario without its problem.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from placement.errors import Issue, ProblemError
from placement.model import Problem
from placement.names import DEFAULT_POLICY
from placement.policies import POLICIES
from placement.simulate.engine import Outcome
from placement.simulate.replications import run_seeds
from placement.simulate.scenario import ChangePolicy, Scenario

__all__ = [
    "HORIZONS",
    "MoveIns",
    "describe",
    "estimate_waits",
    "simulate_move_ins",
    "summarise_move_ins",
]

log = logging.getLogger("placement")

HORIZONS = (30, 90, 180, 365, 730)
"""Days from the reference date at which ``p_<days>`` is reported."""
LOW, HIGH = 0.1, 0.9
"""Quantiles of the 80 % interval."""
LIKELY_UNITS = 3
"""How many units ``likely_units`` names at most."""


@dataclass(frozen=True)
class MoveIns:
    """Move-in days of every waiting client in every replication (the samples behind estimates).

    Attributes
    ----------
    client_ids : tuple of str
        The problem's waiting clients, in the problem's order.
    days : ndarray of float64, shape (replications, clients)
        Move-in day counted from the reference date (days); ``inf`` where the client was not
        placed by the horizon (exited, or still waiting).
    exited : ndarray of bool, shape (replications, clients)
        The client left the queue (withdrew, moved away, died) before being placed.
    units : ndarray of int64, shape (replications, clients)
        Index into ``unit_ids`` of the unit moved into, -1 where not placed.
    unit_ids : tuple of str
    unplaceable : ndarray of bool, shape (clients,)
        No unit can ever take the client (no candidate edge: needs, wishes or distance).
    horizon_days : float
        Simulated days; beyond them nothing is known.
    assumptions : dict
        Scenario (without its problem), policy, replications, seed, library version.
    """

    client_ids: tuple[str, ...]
    days: NDArray[np.float64]
    exited: NDArray[np.bool_]
    units: NDArray[np.int64]
    unit_ids: tuple[str, ...]
    unplaceable: NDArray[np.bool_]
    horizon_days: float
    assumptions: dict[str, Any]

    def curve(self, client_id: str, days: Any) -> NDArray[np.float64]:
        """P(moved in by day ``d``) for each ``d`` of ``days`` (NaN beyond the horizon)."""
        i = self.client_ids.index(client_id)
        d = np.asarray(days, np.float64)
        column = np.sort(self.days[:, i])
        p = np.searchsorted(column, d, side="right") / column.size
        return np.asarray(np.where(d <= self.horizon_days, p, np.nan), np.float64)


def _policy_of(scenario: Scenario) -> str:
    policy = scenario.policy
    for change in scenario.changes:
        if isinstance(change, ChangePolicy):
            policy = change.policy
    return policy


def _check(
    problem: Any, policy: Any, scenario: Any, replications: Any, executor: Any
) -> list[Issue]:
    issues = []
    if not isinstance(problem, Problem):
        issues.append(Issue("problem", f"expected a Problem, got {type(problem).__name__}", ""))
    if policy not in POLICIES:
        issues.append(Issue("policy", "unknown policy", f"use one of {sorted(POLICIES)}"))
    if scenario is not None:
        if not isinstance(scenario, Scenario):
            kind = type(scenario).__name__
            issues.append(Issue("scenario", f"expected a Scenario, got {kind}", "or None"))
        elif scenario.start != "problem":
            issues.append(
                Issue("scenario.start", "must be 'problem'", "estimates start from the queue")
            )
        elif isinstance(problem, Problem) and (
            [c.id for c in scenario.problem.clients] != [c.id for c in problem.clients]
            or scenario.problem.reference_date != problem.reference_date
        ):
            issues.append(
                Issue(
                    "scenario.problem",
                    "is not the problem estimated (other clients or reference date)",
                    "build the scenario from this problem",
                )
            )
    if not isinstance(replications, int) or isinstance(replications, bool) or replications < 1:
        issues.append(Issue("replications", "must be a whole number of at least 1", "e.g. 200"))
    if executor is not None and not isinstance(executor, Executor):
        issues.append(
            Issue("executor", "must be a concurrent.futures.Executor", "or None for serial")
        )
    return issues


def simulate_move_ins(
    problem: Problem,
    policy: str = DEFAULT_POLICY,
    scenario: Scenario | None = None,
    replications: int = 200,
    seed: int = 0,
    executor: Executor | None = None,
    progress: bool = False,
) -> MoveIns:
    """Simulate forward once and keep every waiting client's move-in day per replication.

    Parameters are those of :func:`estimate_waits`.

    Returns
    -------
    MoveIns

    Raises
    ------
    ProblemError
        If an argument is invalid, listing every issue, before anything runs.
    """
    issues = _check(problem, policy, scenario, replications, executor)
    if issues:
        raise ProblemError(issues, what="estimate_waits arguments")
    if scenario is None:
        scenario = Scenario.from_problem(problem, policy=policy)
    elif _policy_of(scenario) != policy:
        scenario = scenario.with_changes(ChangePolicy(policy=policy))
    seeds = np.random.SeedSequence(seed).spawn(replications)
    c, raw = run_seeds(scenario, seeds, executor, progress)
    ids = tuple(cl.id for cl in problem.clients)
    n = len(ids)
    days = np.full((replications, n), np.inf)
    exited = np.zeros((replications, n), bool)
    units = np.full((replications, n), -1, np.int64)
    for rep, r in enumerate(raw):
        # the start queue is added first, in the problem's order (engine.run)
        assert r["key"][:n].tolist() == list(ids)
        assert r["initial"][:n].all()
        state = r["state"][:n]
        placed = state == Outcome.PLACED
        days[rep, placed] = r["end"][:n][placed]
        exited[rep] = state == Outcome.EXITED
        units[rep, placed] = r["unit"][:n][placed]
    indptr = c.cands.indptr
    unplaceable = np.diff(indptr)[:n] == 0
    from placement.version import __version__

    text = scenario.model_dump_json()
    assumptions = {
        "policy": policy,
        "replications": replications,
        "seed": seed,
        "library_version": __version__,
        "reference_date": problem.reference_date.isoformat(),
        "days_counted_from": "reference_date",
        "horizon_days": float(scenario.horizon_days),
        "interval": f"{LOW:.0%}-{HIGH:.0%} quantiles (80 %)",
        "scenario": scenario.model_dump(mode="json", exclude={"problem"}),
        "scenario_sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
    log.info("estimated waits of %d clients from %d replications", n, replications)
    return MoveIns(
        client_ids=ids,
        days=days,
        exited=exited,
        units=units,
        unit_ids=tuple(u.id for u in c.units),
        unplaceable=unplaceable,
        horizon_days=float(scenario.horizon_days),
        assumptions=assumptions,
    )


def _quantile(sorted_days: NDArray[np.float64], q: float) -> NDArray[np.float64]:
    """The ``q`` quantile of each column (inverted CDF: an observed value, possibly ``inf``)."""
    k = int(np.ceil(q * sorted_days.shape[0])) - 1
    return np.asarray(sorted_days[max(k, 0)], np.float64)


def _likely(units: NDArray[np.int64], unit_ids: tuple[str, ...]) -> str:
    counts = Counter(units[units >= 0].tolist())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:LIKELY_UNITS]
    return "; ".join(unit_ids[j] for j, _ in ranked)


def summarise_move_ins(m: MoveIns) -> pd.DataFrame:
    """One row per waiting client: the columns of :func:`estimate_waits`."""
    reps = m.days.shape[0]
    ordered = np.sort(m.days, axis=0)
    out: dict[str, Any] = {"client_id": list(m.client_ids)}
    for d in HORIZONS:
        p = (m.days <= d).mean(axis=0)
        out[f"p_{d}"] = p if d <= m.horizon_days else np.full(p.size, np.nan)
    for name, q in (("median_days", 0.5), ("low_days", LOW), ("high_days", HIGH)):
        value = _quantile(ordered, q)
        out[name] = np.where(np.isfinite(value), value, np.nan)
        out[f"{name.removesuffix('_days')}_beyond_horizon"] = ~np.isfinite(value) & ~m.unplaceable
    out["p_never"] = (~np.isfinite(m.days)).mean(axis=0)
    out["p_exit"] = m.exited.mean(axis=0)
    out["likely_units"] = [_likely(m.units[:, i], m.unit_ids) for i in range(len(m.client_ids))]
    out["unplaceable"] = m.unplaceable
    df = pd.DataFrame(out)
    df.attrs.update(m.assumptions)
    df.attrs["replications"] = reps
    return df


def estimate_waits(
    problem: Problem,
    policy: str = "optimal",
    scenario: Scenario | None = None,
    replications: int = 200,
    seed: int = 0,
    executor: Executor | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Estimate when every waiting client will likely move in, with an 80 % interval.

    One forward simulation from the problem's state (the same replications for all clients)
    under ``policy``: known dated vacancies, residents' departures, new arrivals (who may
    overtake by priority) and exits from the queue as competing risks.

    Parameters
    ----------
    problem : Problem
        Today's state: its clients are the queue, its units' residents occupy places.
    policy : str
        The allocation policy in use (a name of :data:`placement.policies.POLICIES`); it
        replaces the scenario's.
    scenario : Scenario, optional
        Rates and durations of the forward model; its problem must be ``problem``. Defaults to
        ``Scenario.from_problem(problem)`` (documented, assumed rates): pass a fitted one
        (``Scenario.from_history``) for real use.
    replications : int
        Independent replications; the Monte Carlo error of a probability is at most
        ``0.5 / sqrt(replications)`` (0.035 at 200).
    seed : int
        Root seed; the estimates are identical for the same seed whichever executor runs them.
    executor : concurrent.futures.Executor, optional
        Runs the replications (``ProcessPoolExecutor``, a Dask client's executor).
    progress : bool
        Show a progress bar (tqdm, on stderr).

    Returns
    -------
    DataFrame
        One row per waiting client, in the problem's order:

        - ``client_id`` (pseudonymous);
        - ``p_30``, ``p_90``, ``p_180``, ``p_365``, ``p_730``: probability of having moved in
          within that many days from the reference date (NaN beyond the simulated horizon);
        - ``median_days``, ``low_days``, ``high_days``: median and 80 % interval (10 % and
          90 % quantiles) of the move-in day, days from the reference date; NaN where the
          quantile lies beyond the horizon, flagged in ``median_beyond_horizon``,
          ``low_beyond_horizon``, ``high_beyond_horizon``;
        - ``p_never``: share of replications not placed by the horizon (exits included);
          ``p_exit``: share in which the client left the queue first;
        - ``likely_units``: the units the client most often moved into ("; "-separated, most
          frequent first, at most three);
        - ``unplaceable``: no unit can ever take the client (needs, wishes or distance limit):
          no wait is estimated and no flag beyond the horizon is set.

        ``df.attrs`` holds the assumptions: policy, replications, seed, library version,
        reference date, horizon, the scenario without its problem, and the scenario's hash.

    Raises
    ------
    ProblemError
        If an argument is invalid, listing every issue, before anything runs.

    See Also
    --------
    simulate_move_ins : the per-replication samples (for curves, e.g.
        :func:`placement.plotting.plot_sim_wait_curve`).
    """
    return summarise_move_ins(
        simulate_move_ins(problem, policy, scenario, replications, seed, executor, progress)
    )


def describe(row: Any, horizon_days: float) -> str:
    """One line for a client: "estimated move-in most likely in 4-11 months (median 7)", or
    why not. The 80 % interval is "most likely"; a low end alone is "unlikely within" (a 10th
    percentile is not an earliest date).

    ``row`` is a row of :func:`estimate_waits`' DataFrame and ``horizon_days`` its
    ``attrs["horizon_days"]`` (whole months of 30.44 days).
    """

    def months(days: float) -> int:
        return max(0, round(days / 30.44))

    horizon = months(horizon_days)
    if row["unplaceable"]:
        return "no unit can meet this client's needs and wishes: no wait is estimated"
    if row["low_beyond_horizon"]:
        return f"not expected to move in within {horizon} months"
    low = months(row["low_days"])
    if row["median_beyond_horizon"]:
        return (
            f"estimated move-in unlikely within {low} months; more likely than not later than "
            f"the {horizon} months simulated"
        )
    median = months(row["median_days"])
    if row["high_beyond_horizon"]:
        return (
            f"estimated move-in most likely after {low} months (median {median}); it may take "
            f"over {horizon}"
        )
    high = months(row["high_days"])
    return f"estimated move-in most likely in {low}-{high} months (median {median})"

"""The engine against queueing theory (M/M/c and M/D/1, FIFO), read through the headline
cohort statistics a planner quotes, with fixed seeds.

Each parameter set runs once (module fixtures) and serves the mean, the tail and Little's law.
The mean wait is the ``arrivals`` cohort's restricted mean (its follow-up, horizon less
warm-up, is thousands of mean waits, so it is the mean), and ``P(W > t)`` is one minus its
"placed within t days". The tests have power: each also checks that the interval excludes the
formula's value at a service rate 10 % off, which a wrong stay distribution or a lost place
would produce.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from placement.simulate import Fixed, run
from placement.simulate.records import SimulationResult
from placement.simulate.summary import mean_interval
from tests.simulate.queues import erlang_c, mean_wait, mmc, tail

# (lambda per day, mu per day, c places, horizon days, warm-up days, replications)
PARAMETERS = {
    "c3": (0.2, 0.1, 3, 12_000.0, 500.0, 12),
    "c1": (0.5, 1.0, 1, 5_000.0, 100.0, 12),
    "rho09": (0.9, 0.5, 2, 6_000.0, 300.0, 12),
}


def _counted(result: SimulationResult) -> pd.DataFrame:
    w = result.waits
    keep = (w["decided_day"] >= result.warmup_days) & (
        w["decided_day"] <= 0.9 * result.horizon_days
    )
    counted = w[keep]
    assert not counted["censored"].any()
    return counted


def _arrivals(result: SimulationResult, within_days: float = 90.0) -> pd.DataFrame:
    table: pd.DataFrame = result.summary(within_days=within_days).loc["arrivals"]
    return table


@pytest.fixture(scope="module", params=sorted(PARAMETERS))
def mmc_run(request: pytest.FixtureRequest) -> tuple[tuple[float, float, int], SimulationResult]:
    lam, mu, c, horizon, warmup, reps = PARAMETERS[request.param]
    return (lam, mu, c), run(mmc(lam, mu, c, horizon, warmup), replications=reps, seed=11)


def test_erlang_c_formula_matches_the_domain_example() -> None:
    """The helper reproduces DOMAIN.md's example (lambda 0.2, mu 0.1, c 3)."""
    assert erlang_c(0.2, 0.1, 3) == pytest.approx(0.4444, abs=1e-4)
    assert mean_wait(0.2, 0.1, 3) == pytest.approx(4.444, abs=1e-3)


def test_mean_wait_within_ci_of_erlang_c(
    mmc_run: tuple[tuple[float, float, int], SimulationResult],
) -> None:
    """The arrivals' restricted mean wait: Erlang C's Wq lies in its 95 % interval; 10 % off
    does not."""
    (lam, mu, c), result = mmc_run
    row = _arrivals(result).loc["restricted_mean_days"]
    low, high = row["ci_low"], row["ci_high"]
    assert low <= mean_wait(lam, mu, c) <= high, (row["estimate"], low, high)
    slower = 0.9 * mu if lam < 0.9 * mu * c else 0.95 * mu  # the queue must stay stable
    for wrong in (slower, 1.1 * mu):
        assert not low <= mean_wait(lam, wrong, c) <= high


def test_waiting_time_tail(mmc_run: tuple[tuple[float, float, int], SimulationResult]) -> None:
    """P(Wq > t) = C exp(-(c mu - lambda) t) at t = 0 (Erlang C itself) and at one and three
    mean waits of the waiting, from the arrivals' "placed within t days"."""
    (lam, mu, c), result = mmc_run
    scale = 1 / (c * mu - lam)
    for t in (0.0, scale, 3 * scale):
        row = _arrivals(result, t).loc[f"placed_within_{t:g}_days"]
        low, high = 1 - row["ci_high"], 1 - row["ci_low"]
        assert low <= tail(lam, mu, c, t) <= high, (t, low, high, tail(lam, mu, c, t))
    assert tail(lam, mu, c, 0.0) == pytest.approx(erlang_c(lam, mu, c))


def test_md1_mean_wait_is_pollaczek_khinchine() -> None:
    """M/D/1: deterministic stays of 1/mu days; Wq = rho / (2 mu (1 - rho)) (Pollaczek-
    Khinchine), half the M/M/1 wait, which the interval excludes."""
    lam, mu = 0.6, 1.0
    base = mmc(lam, mu, 1, 5_000.0, 100.0)
    scenario = base.model_copy(
        update={
            "length_of_stay": {"communal": Fixed(days=1 / mu)},
            "default_length_of_stay": Fixed(days=1 / mu),
        }
    )
    result = run(scenario, replications=12, seed=3)
    row = _arrivals(result).loc["restricted_mean_days"]
    rho = lam / mu
    pk = rho / (2 * mu * (1 - rho))
    assert row["ci_low"] <= pk <= row["ci_high"], (row["estimate"], pk)
    assert not row["ci_low"] <= mean_wait(lam, mu, 1) <= row["ci_high"]


def test_littles_law(mmc_run: tuple[tuple[float, float, int], SimulationResult]) -> None:
    """Time-average queue length = arrival rate x mean wait, per replication (CI holds 0)."""
    (lam, _, _), result = mmc_run
    counted = _counted(result)
    lo, hi = result.warmup_days, 0.9 * result.horizon_days
    q = result.queue
    q = q[(q["day"] >= lo) & (q["day"] <= hi)].groupby(["replication", "day"])["waiting"].sum()
    length = q.groupby("replication").mean()
    by_rep = counted.groupby("replication")["wait_days"]
    arrivals = by_rep.size() / (hi - lo)
    difference = length - arrivals * by_rep.mean()
    _, low, high = mean_interval(difference)
    assert low <= 0 <= high
    assert abs(difference.mean()) < 0.1 * max(length.mean(), 0.1)
    assert arrivals.mean() == pytest.approx(lam, rel=0.05)


def test_weekly_rounds_add_half_the_interval_at_light_load() -> None:
    """Acceptance 2: weekly rounds wait about 3.5 days longer than matching at every event."""
    lam, mu, c = 0.1, 0.1, 5  # utilisation 0.2
    base = mmc(lam, mu, c, 4_000.0, 100.0)
    waits = {}
    for interval in (0.0, 7.0):
        scenario = base.model_copy(update={"round_interval_days": interval})
        result = run(scenario, replications=10, seed=5)
        waits[interval] = _counted(result).groupby("replication")["wait_days"].mean()
    extra = waits[7.0] - waits[0.0]
    mean, low, high = mean_interval(extra)
    assert low <= 3.5 <= high, (mean, low, high)
    assert high - low < 1.0  # precise enough that a full interval (7) or none (0) fails
    assert np.all(waits[0.0] < 0.5)

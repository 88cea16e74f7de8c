"""The headline figures a board quotes: exact on small cases, in range, monotone in places.

- the Aalen-Johansen and Kaplan-Meier figures against hand computation and against the plain
  empirical shares when nothing is censored;
- every interval of every figure of random scenarios within its range (issue 21, acceptance 5);
- adding places never makes the expected queue or the start queue's median wait worse beyond
  the paired interval, and closing a unit never makes them better, over 30 random scenarios
  and LUVN (acceptance 2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import placement as pl
from placement.errors import ProblemError
from placement.simulate import AddPlaces, CloseUnit, Scenario, SimulationResult, run
from placement.simulate.cohorts import Cohort, cohort_statistics

SCENARIOS = 30


def _figures(days: list[float], status: list[int], tau: float) -> dict[str, float]:
    cohort = Cohort(
        "c",
        np.array(days, np.float64),
        np.array(status, np.int64),
        np.zeros(len(days), np.int64),
        tau,
        0.0,
    )
    row = cohort_statistics(cohort, np.ones((1, 1)), 2.5, 4.0)[0]
    names = ["clients", "median", "q1", "q3", "within_2.5", "within_4", "placed", "exited", "rm"]
    return dict(zip(names, row.tolist(), strict=True))


def test_no_censoring_gives_the_empirical_shares() -> None:
    """Without censoring, F(t) is the share placed by t and the restricted mean is the mean
    of min(T, tau): the estimator reduces to counting."""
    days = [1.0, 2.0, 2.0, 3.0, 5.0, 7.0, 8.0, 9.0]
    status = [1, 1, 2, 1, 1, 2, 1, 1]  # 1 placed, 2 exited
    f = _figures(days, status, tau=10.0)
    assert f["within_2.5"] == pytest.approx(2 / 8)
    assert f["within_4"] == pytest.approx(3 / 8)
    assert f["placed"] == pytest.approx(6 / 8)
    assert f["exited"] == pytest.approx(2 / 8)
    assert f["rm"] == pytest.approx(np.mean(days))
    assert f["q1"] == 2.0  # F reaches 2/8 at day 2
    assert f["median"] == 5.0  # 4/8 placed by day 5
    assert f["q3"] == 9.0  # 6/8 only at day 9
    assert _figures(days, status, tau=6.0)["rm"] == pytest.approx(np.minimum(days, 6.0).mean())


def test_censoring_as_in_the_textbook() -> None:
    """Kaplan-Meier by hand: 1 placed, 2 censored, 3 placed, 4 censored, 5 exited. S drops to
    4/5 at 1, to 4/5 * 2/3 at 3, to 0 at 5; F = 1/5 + 4/5 * 1/3 after day 3."""
    f = _figures([1.0, 2.0, 3.0, 4.0, 5.0], [1, 0, 1, 0, 2], tau=6.0)
    s1, s3 = 4 / 5, 4 / 5 * 2 / 3
    assert f["placed"] == pytest.approx(1 / 5 + s1 / 3)
    assert f["exited"] == pytest.approx(s3)
    assert f["placed"] + f["exited"] == pytest.approx(1.0)
    assert f["rm"] == pytest.approx(1 + s1 * 2 + s3 * 2)
    assert f["median"] == np.inf  # F never reaches one half: not reached
    assert f["within_4"] == pytest.approx(1 / 5 + s1 / 3)


def _random_scenario(seed: int) -> Scenario:
    rng = np.random.default_rng(seed)
    problem = pl.datasets.synthetic(
        n_clients=int(rng.integers(15, 40)), n_units=int(rng.integers(4, 10)), seed=seed
    )
    return Scenario.from_problem(problem, horizon_days=float(rng.integers(300, 600)))


def _more(s: Scenario, seed: int) -> Scenario:
    rng = np.random.default_rng(seed + 1000)
    p = s.problem
    unit = p.units[int(rng.integers(len(p.units)))]
    klass = sorted(unit.offers)[int(rng.integers(len(unit.offers)))]
    count = int(rng.integers(1, 6))
    return s.with_changes(
        AddPlaces(unit=unit.id, service_class=klass, count=count, from_date=p.reference_date)
    )


def _fewer(s: Scenario, seed: int) -> Scenario:
    rng = np.random.default_rng(seed + 2000)
    unit = s.problem.units[int(rng.integers(len(s.problem.units)))]
    return s.with_changes(CloseUnit(unit=unit.id, on=s.problem.reference_date))


def _runs(seed: int) -> dict[str, SimulationResult]:
    base = _random_scenario(seed)
    kinds = {"base": base, "more": _more(base, seed), "fewer": _fewer(base, seed)}
    return {k: run(s, replications=6, seed=seed) for k, s in kinds.items()}


@pytest.fixture(scope="module")
def random_runs() -> list[dict[str, SimulationResult]]:
    return [_runs(seed) for seed in range(SCENARIOS)]


RANGES = {
    "share": (0.0, 1.0),
    "days": (0.0, np.inf),
    "clients": (0.0, np.inf),
    "clients per replication": (0.0, np.inf),
    "per year": (0.0, np.inf),
}


def test_no_interval_leaves_its_range(random_runs: list[dict[str, SimulationResult]]) -> None:
    """Acceptance 5: every figure of every random scenario, and both ends of its interval,
    lie in the figure's range (shares in [0, 1], days and counts at or above 0)."""
    checked = 0
    for runs in random_runs:
        for result in runs.values():
            table = result.summary()
            assert set(table["unit"]) <= set(RANGES)
            for column in ("estimate", "ci_low", "ci_high"):
                low = table["unit"].map(lambda u: RANGES[u][0])
                high = table["unit"].map(lambda u: RANGES[u][1])
                values = table[column]
                known = values.notna()
                assert (values[known] >= low[known] - 1e-12).all(), table[~(values >= low)]
                assert (values[known] <= high[known] + 1e-12).all(), table[~(values <= high)]
                checked += int(known.sum())
            both = table[["ci_low", "ci_high"]].dropna()
            assert (both["ci_low"] <= both["ci_high"]).all()
    assert checked > SCENARIOS * 3 * 60


def _not_worse(table: pd.DataFrame, row: tuple[str, str], sign: int) -> None:
    """``sign * (other - base)`` is not clearly above 0, and a figure the base reached the
    other reaches too (a median that is no longer reached is worse)."""
    r = table.loc[row]
    low = r["ci_low"] if sign > 0 else -r["ci_high"]
    assert not low > 0, (row, r.to_dict())
    if sign > 0 and np.isfinite(r["base"]):
        assert np.isfinite(r["other"]), (row, r.to_dict())


FIGURES = (("all clients", "mean_queue"), ("start queue", "median_days"))


def test_more_places_never_worse_fewer_never_better(
    random_runs: list[dict[str, SimulationResult]],
) -> None:
    """Acceptance 2 on 30 random counties: with common random numbers, added places never
    raise the mean queue or the start queue's median wait beyond the paired interval, and a
    closed unit never lowers them. The test has power: many of the changes are clear."""
    clear = 0
    for runs in random_runs:
        more = runs["base"].compare(runs["more"])
        fewer = runs["base"].compare(runs["fewer"])
        for row in FIGURES:
            _not_worse(more, row, +1)
            _not_worse(fewer, row, -1)
        clear += int(more.loc[FIGURES[0], "clear"]) + int(fewer.loc[FIGURES[0], "clear"])
    assert clear >= SCENARIOS // 2


def test_more_places_help_luvn() -> None:
    """Acceptance 2 on LUVN: 10 more 24h-2 places in Espoo lower the mean queue and the start
    queue's median wait, clearly."""
    base = Scenario.from_problem(pl.datasets.load("luvn"), horizon_days=365.0)
    more = base.with_changes(
        AddPlaces(
            municipality="Espoo",
            service_class="24h-2",
            count=10,
            from_date=base.problem.reference_date,
        )
    )
    table = run(base, replications=8, seed=1).compare(run(more, replications=8, seed=1))
    for row in FIGURES:
        assert table.loc[row, "clear"], table.loc[row]
        assert table.loc[row, "difference"] < 0, table.loc[row]


def test_comparison_needs_pairs(random_runs: list[dict[str, SimulationResult]]) -> None:
    """Results from different seeds or replication counts are not paired: refused."""
    base = _random_scenario(0)
    other = run(base, replications=6, seed=99)
    with pytest.raises(ProblemError, match="seed"):
        random_runs[0]["base"].compare(other)
    with pytest.raises(ProblemError, match="replications"):
        random_runs[0]["base"].compare(run(base, replications=3, seed=0))

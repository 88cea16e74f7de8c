"""The history fit recovers the truth of logs drawn outside the simulator (issue 21, acceptance
4): arrivals from the observation window only, stages from cases whose path start the log saw,
stays with censoring and truncation, the form chosen by AIC."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import placement as pl
from placement.errors import ProblemError
from placement.simulate import Exponential, LogNormal, Weibull, fit_history
from placement.simulate.lifetimes import fit_lifetimes
from tests.simulate.county_log import ORIGIN, Truth, county_log

SEEDS = (0, 1, 2, 3)
TRUTH = Truth(arrivals=(("Lohja", 1.0), ("Vihti", 1.4)))


@pytest.fixture(scope="module")
def problem() -> pl.Problem:
    return pl.datasets.synthetic(n_clients=20, n_units=5, seed=1)


@pytest.fixture(scope="module")
def fits(problem: pl.Problem) -> list[pd.DataFrame]:
    return [
        fit_history(county_log(seed, TRUTH), problem).estimates.set_index("parameter")
        for seed in SEEDS
    ]


def test_arrival_rates_within_10_percent(fits: list[pd.DataFrame]) -> None:
    """Per municipality and in total, over four two-year logs of a 40-place county whose
    carried-over queue and residents carry back-dated events."""
    for table in fits:
        total = 0.0
        for town, rate in TRUTH.arrivals:
            estimate = table.loc[f"arrivals[{town}]", "estimate"]
            assert estimate == pytest.approx(rate, rel=0.10), (town, estimate)
            total += estimate
        assert total == pytest.approx(sum(r for _, r in TRUTH.arrivals), rel=0.10)


def test_stay_means_within_15_percent(fits: list[pd.DataFrame]) -> None:
    """Lognormal stays (mean 300 days, CV 0.5), most censored or truncated: the fitted mean is
    within 15 %, and the lognormal form is chosen by AIC."""
    for table in fits:
        row = table.loc["length_of_stay[24h-1].mean"]
        assert row["estimate"] == pytest.approx(TRUTH.stay_mean, rel=0.15), row.to_dict()
        assert str(row["method"]).startswith("lognormal by AIC")
        assert row["ci_low"] <= TRUTH.stay_mean <= row["ci_high"]


def test_stage_probabilities_within_005(fits: list[pd.DataFrame]) -> None:
    """The optional assessment's share within 0.05; the mandatory one stays mandatory though the
    carried-over queue's cases were never seen in it."""
    for table in fits:
        share = table.loc["stages[ot_assessment].probability", "estimate"]
        assert abs(share - TRUTH.ot_probability) <= 0.05
        assert "stages[needs_assessment].probability" not in table.index  # 1: mandatory
        mean = table.loc["stages[needs_assessment].mean", "estimate"]
        assert mean == pytest.approx(TRUTH.needs_mean, rel=0.10)


def _case(case: str, stages: list[tuple[str, float, float]]) -> list[dict[str, object]]:
    return [
        {
            "case:concept:name": case,
            "concept:name": stage,
            "start_timestamp": ORIGIN + pd.Timedelta(days=start),
            "time:timestamp": ORIGIN + pd.Timedelta(days=end),
            "lifecycle:transition": "complete",
            "case:municipality": "Lohja",
        }
        for stage, start, end in stages
    ]


def test_a_log_starting_mid_path_keeps_stages_mandatory(problem: pl.Problem) -> None:
    """Five cases go application -> needs_assessment -> search; five are only in search when
    the log starts. The assessment is not optional: the five were never seen before search."""
    rows = []
    for k in range(5):
        rows += _case(f"a{k}", [("application", k, k + 1), ("needs_assessment", k + 1, k + 30)])
        rows += _case(f"a{k}", [("search", k + 30, k + 90), ("move_in", k + 90, k + 400)])
        rows += _case(f"a{k}", [("moved_out", k + 400, k + 400)])
        rows += _case(f"b{k}", [("search", 0.5, 40 + k), ("move_in", 40 + k, 300 + k)])
    fit = fit_history(pd.DataFrame(rows), problem)
    assert {s.name: s.probability for s in fit.scenario.stages} == {"needs_assessment": 1.0}
    assert fit.notes  # no case is marked carried over: the window is the log's first event


def test_observed_from_sets_the_window(problem: pl.Problem) -> None:
    """Applications before observed_from are not arrivals of the window: 10 a day from day 100
    over 100 days, after 10 back-dated ones, is 10 / 100 a day, not 20 / 200."""
    rows = []
    for k in range(20):
        day = k * 10.0
        rows += _case(f"c{k}", [("application", day, day + 1), ("search", day + 1, day + 2)])
    rows += _case("r", [("move_in", 0, 50), ("moved_out", 50, 50)])
    rows += _case("z", [("search", 200, 200)])
    frame = pd.DataFrame(rows)
    start = (ORIGIN + pd.Timedelta(days=100)).to_pydatetime()
    fit = fit_history(frame, problem, observed_from=start)
    assert fit.scenario.arrivals["Lohja"] == pytest.approx(10 / 100)
    assert not any("window" in note for note in fit.notes)
    loose = fit_history(frame, problem)
    assert loose.scenario.arrivals["Lohja"] == pytest.approx(20 / 200)


@pytest.mark.parametrize(
    ("truth", "form"),
    [
        (Exponential(mean=400.0), "exponential"),
        (Weibull(mean=400.0, shape=2.5), "weibull"),
        (LogNormal(mean=400.0, cv=1.2), "lognormal"),
    ],
)
def test_the_form_is_chosen_by_aic(truth: Exponential | Weibull | LogNormal, form: str) -> None:
    """2,000 stays of each form, many censored at random: AIC names the form, and the mean is
    recovered within three standard errors and 10 %."""
    rng = np.random.default_rng(7)
    days = truth.sample(rng, 2000)
    censor = rng.uniform(0, 3 * truth.mean, days.size)
    fit = fit_lifetimes(np.minimum(days, censor), days <= censor)
    assert fit.form == form, fit.aic
    assert abs(fit.mean - truth.mean) <= 3 * fit.std_error
    assert fit.mean == pytest.approx(truth.mean, rel=0.10)


def test_truncation_is_handled() -> None:
    """Stays seen only if they last past a late start: ignoring the truncation would double the
    exponential mean's estimate; handling it recovers the truth."""
    rng = np.random.default_rng(3)
    days = rng.exponential(300.0, 20_000)
    entered = rng.uniform(0, 600, days.size)
    seen = days > entered
    fit = fit_lifetimes(days[seen], np.ones(seen.sum(), bool), entered[seen])
    assert fit.mean == pytest.approx(300.0, rel=0.05)
    naive = fit_lifetimes(days[seen], np.ones(seen.sum(), bool))
    assert naive.mean > 1.5 * 300.0


def test_no_move_outs_needs_stays(problem: pl.Problem) -> None:
    """A log without move-outs cannot support a stay fit: refused, naming the fix."""
    rows = _case("a", [("application", 0, 1), ("search", 1, 5)])
    with pytest.raises(ProblemError, match="no move-outs"):
        fit_history(pd.DataFrame(rows), problem)
    fit = fit_history(pd.DataFrame(rows), problem, length_of_stay={"24h-1": Exponential(mean=9)})
    assert fit.scenario.length_of_stay["24h-1"] == Exponential(mean=9)

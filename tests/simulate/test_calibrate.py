"""Calibration round trip (acceptance 4): simulate a known scenario for three years, export its
event log, fit it back, and find the truth inside the fitted 95 % intervals."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from placement.errors import ProblemError
from placement.model import Client, Point, Problem, Unit
from placement.simulate import Exponential, LogNormal, Scenario, event_log, fit_history
from placement.simulate.eventlog import COLUMNS

REF = dt.date(2026, 1, 5)
TRUTH = {
    "arrivals[A]": 0.12,
    "arrivals[B]": 0.06,
    "stages[needs_assessment].mean": 40.0,
    "stages[ot_assessment].mean": 30.0,
    "stages[ot_assessment].probability": 0.4,
    "stages[housing_panel].mean": 14.0,
    "exits[withdrawn].rate": 1 / 300,
    "exits[deceased].rate": 1 / 700,
    "length_of_stay[communal].mean": 600.0,
    "decline_probability": 0.25,
    "decline_after.mean": 10.0,
    "offer_lead.mean": 30.0,
}


def _known() -> Scenario:
    here, there = Point(lat=60.25, lon=24.07), Point(lat=60.42, lon=24.34)
    units = (
        Unit(id="ua", municipality="A", location=here, offers={"communal": None}, capacity=40),
        Unit(id="ub", municipality="B", location=there, offers={"communal": None}, capacity=20),
    )
    clients = (
        Client(id="pa", municipality="A", location=here, queued_since=REF),
        Client(id="pb", municipality="B", location=there, queued_since=REF),
    )
    return Scenario(
        problem=Problem(reference_date=REF, units=units, clients=clients),
        start="empty",
        horizon_days=3 * 365.0,
        policy="priority",
        round_interval_days=7.0,
        arrivals={"A": TRUTH["arrivals[A]"], "B": TRUTH["arrivals[B]"]},
        stages=[
            {"name": "needs_assessment", "duration": LogNormal(mean=40, cv=0.5)},
            {"name": "ot_assessment", "duration": LogNormal(mean=30, cv=0.6), "probability": 0.4},
            {"name": "housing_panel", "duration": Exponential(mean=14)},
        ],
        exits={"withdrawn": Exponential(mean=300), "deceased": Exponential(mean=700)},
        length_of_stay={"communal": Exponential(mean=600)},
        decline_probability=0.25,
        decline_after=LogNormal(mean=10, cv=0.5),
        offer_lead=LogNormal(mean=30, cv=0.5),
    )


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return event_log(_known(), seed=0)


def test_event_log_has_the_pathway_columns(log: pd.DataFrame) -> None:
    """The export uses pathway's process-mining columns; open stays are stamped 'start'."""
    assert tuple(log.columns) == COLUMNS
    assert set(log["lifecycle:transition"]) == {"complete", "start"}
    assert (log["time:timestamp"] >= log["start_timestamp"]).all()
    assert {"application", "needs_assessment", "search", "offer", "move_in"} <= set(
        log["concept:name"]
    )


def test_round_trip_truth_within_the_intervals(log: pd.DataFrame) -> None:
    """Every fitted rate and mean duration holds the true value in its 95 % interval.

    With twelve parameters at 95 % each, about 6 histories in 10 hold every truth; this one (seed
    0, the first tried) does. The coverage test below is what guards the standard errors.
    """
    known = _known()
    fit = fit_history(log, known.problem)
    table = fit.estimates.set_index("parameter")
    assert set(TRUTH) <= set(table.index)
    for name, truth in TRUTH.items():
        row = table.loc[name]
        assert row["ci_low"] <= truth <= row["ci_high"], (name, truth, dict(row))
        assert row["n"] >= 5, name
    s = fit.scenario
    assert [st.name for st in s.stages] == ["needs_assessment", "ot_assessment", "housing_panel"]
    assert s.arrivals["A"] == pytest.approx(table.loc["arrivals[A]", "estimate"])
    again = Scenario.from_history(log, known.problem)
    assert again == s


def test_intervals_cover_about_95_percent() -> None:
    """Over twelve other three-year histories the intervals hold the truth about 95 % of the
    time (standard errors neither too small nor far too large; 0.94 here, 0.90 on seeds 0-11)."""
    known = _known()
    hits = []
    widths = []
    for seed in range(12):
        table = fit_history(event_log(known, seed=100 + seed), known.problem).estimates
        table = table.set_index("parameter")
        for name, truth in TRUTH.items():
            assert name in table.index, (seed, name)
            hits.append(table.loc[name, "ci_low"] <= truth <= table.loc[name, "ci_high"])
            widths.append((table.loc[name, "ci_high"] - table.loc[name, "ci_low"]) / truth)
    coverage = float(np.mean(hits))
    assert 0.85 <= coverage <= 1.0, coverage
    assert float(np.median(widths)) < 1.0


def test_bad_log_one_error(log: pd.DataFrame) -> None:
    """A log without the required columns is refused, naming each."""
    with pytest.raises(ProblemError) as caught:
        fit_history(log.drop(columns=["time:timestamp", "start_timestamp"]), _known().problem)
    assert [i.path for i in caught.value.issues] == [
        "event_log.time:timestamp",
        "event_log.start_timestamp",
    ]


def test_fits_a_pathway_trackers_export() -> None:
    """The tracker's own export (the synthetic LUVN year) fits a scenario that runs: arrivals
    per municipality summing to the 0.45 a day the demo draws (within 10 %; its carried-over
    queue does not count), optional complementary assessments with their share. A tracker
    records no move-outs, so the fit refuses until the stays are given."""
    import placement as pl
    from placement.pathway.export import event_log as export
    from placement.pathway.history import ARRIVALS_PER_DAY, demo_tracker
    from placement.simulate import run

    luvn = pl.datasets.load("luvn")
    log = export(demo_tracker())
    with pytest.raises(ProblemError, match="move-outs") as caught:
        fit_history(log, luvn)
    assert "length_of_stay" in caught.value.issues[0].hint
    stays = {"24h-1": Exponential(mean=3650.0)}
    fit = fit_history(log, luvn, length_of_stay=stays)
    table = fit.estimates.set_index("parameter")
    arrivals = table[table.index.str.startswith("arrivals[")]
    assert len(arrivals) == 9
    assert arrivals["estimate"].sum() == pytest.approx(ARRIVALS_PER_DAY, rel=0.10)
    stages = {st.name: st for st in fit.scenario.stages}
    assert stages["needs_assessment"].probability == 1.0
    assert 0 < stages["ot_assessment"].probability < 1
    assert not any(name.startswith("length_of_stay") for name in table.index)
    assert fit.scenario.length_of_stay == stays
    result = run(fit.scenario.model_copy(update={"horizon_days": 90.0}), replications=2)
    assert len(result.waits) > 0

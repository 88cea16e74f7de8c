"""Replications: identical records through every executor (acceptance 3), seeds, arguments."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import distributed
import pandas as pd
import pytest

import placement as pl
from placement.errors import ProblemError
from placement.simulate import Scenario, SimulationResult, run

TABLES = ("waits", "queue", "utilisation", "throughput", "exits")


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return Scenario.from_problem(pl.datasets.load("luvn"), horizon_days=365.0)


@pytest.fixture(scope="module")
def serial(scenario: Scenario) -> SimulationResult:
    return run(scenario, replications=4, seed=42)


def _same(a: SimulationResult, b: SimulationResult) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)


def test_process_pool_gives_identical_records(scenario: Scenario, serial: SimulationResult) -> None:
    """Two worker processes give the serial run's DataFrames, value for value."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        _same(serial, run(scenario, replications=4, seed=42, executor=pool))


def test_dask_executor_gives_identical_records(
    scenario: Scenario, serial: SimulationResult
) -> None:
    """A Dask LocalCluster's executor (started here, threads in this process) gives them too."""
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        _same(serial, run(scenario, replications=4, seed=42, executor=client.get_executor()))


def test_seeds_matter_and_replications_differ(scenario: Scenario, serial: SimulationResult) -> None:
    """Another root seed gives other records; replications within a run differ too."""
    other = run(scenario, replications=4, seed=43)
    assert not other.waits.equals(serial.waits)
    by_rep = serial.waits.groupby("replication")["wait_days"].sum()
    assert by_rep.nunique() == 4


def test_progress_bar_only_when_asked(
    scenario: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    """tqdm writes to stderr with progress=True and nothing is written without it."""
    run(scenario.model_copy(update={"horizon_days": 30.0}), replications=2, seed=0)
    assert capsys.readouterr().err == ""
    run(scenario.model_copy(update={"horizon_days": 30.0}), replications=2, seed=0, progress=True)
    assert "2/2" in capsys.readouterr().err


def test_bad_arguments_one_error(scenario: Scenario) -> None:
    """Invalid replications and executor are reported together, before anything runs."""
    with pytest.raises(ProblemError) as caught:
        run(scenario, replications=0, executor="two")  # type: ignore[arg-type]
    assert [i.path for i in caught.value.issues] == ["replications", "executor"]


def test_summary_has_intervals(serial: SimulationResult) -> None:
    """summary() gives every cohort's figures, and a mean inside its 95 % interval for the
    scenario-wide means."""
    table = serial.summary()
    assert {("start queue", "median_days"), ("arrivals", "placed_within_90_days")} <= set(
        table.index
    )
    wide = table.loc["all clients"].loc[["mean_queue", "utilisation", "placements_per_year"]]
    assert (wide["ci_low"] <= wide["estimate"]).all()
    assert (wide["estimate"] <= wide["ci_high"]).all()
    assert (table["replications"] == 4).all()

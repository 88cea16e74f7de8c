"""Feedback on long work: progress bars when asked, INFO records per phase, a default limit."""

from __future__ import annotations

import logging

import pytest

import placement as pl
from placement.solve import SIDE_TIME_LIMIT


@pytest.fixture(scope="module")
def small() -> pl.Problem:
    return pl.datasets.synthetic(n_clients=60, n_units=10, seed=4)


def test_progress_bar_only_when_asked(
    small: pl.Problem, capsys: pytest.CaptureFixture[str]
) -> None:
    pl.solve(small)
    assert capsys.readouterr().err == ""
    pl.solve(small, progress=True)
    err = capsys.readouterr().err
    assert "solve (optimal)" in err
    assert "result" in err


def test_compare_shows_its_runs(small: pl.Problem, capsys: pytest.CaptureFixture[str]) -> None:
    pl.compare(small, policies=["fifo", "priority"], seeds=[0, 1], progress=True)
    err = capsys.readouterr().err
    assert "compare" in err
    assert "4/4" in err


def test_each_phase_logs_its_seconds(small: pl.Problem, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="placement"):
        result = pl.solve(small)
    phases = [r.getMessage() for r in caplog.records if r.getMessage().startswith("phase ")]
    named = [m.split(":")[0].removeprefix("phase ") for m in phases]
    assert named[0] == "candidates"
    assert set(named) == set(result.phases)
    assert all(m.endswith(" s") for m in phases)


def test_side_constrained_solves_get_a_stated_default_limit() -> None:
    luvn = pl.datasets.load("luvn")
    assert luvn.side_constraints()
    result = pl.solve(luvn)
    assert result.audit is not None
    assert result.audit.options.time_limit == SIDE_TIME_LIMIT == 60.0
    assert pl.solve(luvn, time_limit=5).audit.options.time_limit == 5  # type: ignore[union-attr]
    plain = pl.datasets.synthetic(n_clients=30, n_units=5, seed=1)
    assert pl.solve(plain).audit.options.time_limit is None  # type: ignore[union-attr]
    assert pl.solve(luvn, policy="fifo").audit.options.time_limit is None  # type: ignore[union-attr]

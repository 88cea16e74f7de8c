"""Duration distributions draw what they document, and round-trip through JSON."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import TypeAdapter

from placement.simulate import Distribution, Empirical, Exponential, Fixed, LogNormal


@pytest.mark.parametrize(
    ("dist", "sd"),
    [
        (Exponential(mean=30), 30.0),
        (LogNormal(mean=45, cv=0.5), 22.5),
        (Empirical(values=(1, 2, 3, 10)), float(np.std([1, 2, 3, 10]))),
        (Fixed(days=14), 0.0),
    ],
)
def test_mean_and_spread(dist: Distribution, sd: float) -> None:
    """Sample mean and standard deviation match the parameters (200,000 draws)."""
    x = dist.sample(np.random.default_rng(0), 200_000)
    assert x.mean() == pytest.approx(dist.expected(), rel=0.01)
    assert x.std() == pytest.approx(sd, rel=0.02, abs=1e-9)
    assert (x >= 0).all()


def test_json_keeps_the_kind() -> None:
    """The ``kind`` tag tells the families apart in JSON."""
    adapter: TypeAdapter[Distribution] = TypeAdapter(Distribution)
    for dist in (
        Exponential(mean=3),
        LogNormal(mean=4, cv=1),
        Empirical(values=(2,)),
        Fixed(days=0),
    ):
        assert adapter.validate_json(adapter.dump_json(dist)) == dist


def test_bad_parameters() -> None:
    """Negative or empty parameters are refused."""
    for make, message in (
        (lambda: Exponential(mean=0), "greater than 0"),
        (lambda: Empirical(values=()), "at least 1 item"),
        (lambda: Empirical(values=(1, -2)), "must not be negative"),
        (lambda: Fixed(days=-1), "greater than or equal to 0"),
    ):
        with pytest.raises(ValueError, match=message):
            make()

"""Durations as small documented objects: exponential, Weibull, lognormal, empirical, fixed.

Every duration in a scenario (a stage before search, a resident's length of stay, the time to
leave the queue, the offer lead time) is one of these, in **days**. Each is a frozen pydantic
model with a ``kind`` tag, so a scenario's JSON says which family it uses, and each draws from
a caller's :class:`numpy.random.Generator` (one stream per replication).
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import ConfigDict, Field, model_validator

from placement.model.input import InputModel

__all__ = ["Distribution", "Empirical", "Exponential", "Fixed", "LogNormal", "Weibull"]


class _Base(InputModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "distribution"


class Exponential(_Base):
    """Exponential durations (memoryless): the time to an event of constant hazard.

    Attributes
    ----------
    mean : float
        Mean duration (days); the rate is ``1 / mean`` per day.
    """

    kind: Literal["exponential"] = "exponential"
    mean: float = Field(gt=0)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> NDArray[np.float64]:
        """Draw ``size`` durations (days)."""
        return np.asarray(rng.exponential(self.mean, size), np.float64)

    def expected(self) -> float:
        """The mean duration (days)."""
        return self.mean


class LogNormal(_Base):
    """Lognormal durations, given by their mean and coefficient of variation.

    The mean and the CV (standard deviation / mean) are what a county can read off its own
    records; the underlying normal has ``sigma**2 = log(1 + cv**2)`` and
    ``mu = log(mean) - sigma**2 / 2``.

    Attributes
    ----------
    mean : float
        Mean duration (days).
    cv : float
        Coefficient of variation (dimensionless).
    """

    kind: Literal["lognormal"] = "lognormal"
    mean: float = Field(gt=0)
    cv: float = Field(gt=0)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> NDArray[np.float64]:
        """Draw ``size`` durations (days)."""
        sigma2 = math.log1p(self.cv**2)
        mu = math.log(self.mean) - sigma2 / 2
        return np.asarray(rng.lognormal(mu, math.sqrt(sigma2), size), np.float64)

    def expected(self) -> float:
        """The mean duration (days)."""
        return self.mean


class Weibull(_Base):
    """Weibull durations, given by their mean and shape: a hazard that rises (shape above 1)
    or falls (below 1) with the time already spent; shape 1 is exponential.

    The scale is ``mean / Gamma(1 + 1 / shape)``.

    Attributes
    ----------
    mean : float
        Mean duration (days).
    shape : float
        Weibull shape ``k`` (dimensionless).
    """

    kind: Literal["weibull"] = "weibull"
    mean: float = Field(gt=0)
    shape: float = Field(gt=0)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> NDArray[np.float64]:
        """Draw ``size`` durations (days)."""
        scale = self.mean / math.gamma(1 + 1 / self.shape)
        return np.asarray(scale * rng.weibull(self.shape, size), np.float64)

    def expected(self) -> float:
        """The mean duration (days)."""
        return self.mean


class Empirical(_Base):
    """Durations resampled (with replacement) from observed values, e.g. a county's records.

    Attributes
    ----------
    values : tuple of float
        Observed durations (days), at least one, none negative.
    """

    kind: Literal["empirical"] = "empirical"
    values: tuple[float, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _non_negative(self) -> Empirical:
        if min(self.values) < 0:
            raise ValueError("durations must not be negative")
        return self

    def sample(self, rng: np.random.Generator, size: int | None = None) -> NDArray[np.float64]:
        """Draw ``size`` durations (days)."""
        return np.asarray(rng.choice(np.asarray(self.values, np.float64), size), np.float64)

    def expected(self) -> float:
        """The mean duration (days)."""
        return float(np.mean(self.values))


class Fixed(_Base):
    """The same duration every time (e.g. no lead time: ``Fixed(days=0)``).

    Attributes
    ----------
    days : float
        The duration (days).
    """

    kind: Literal["fixed"] = "fixed"
    days: float = Field(ge=0)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> NDArray[np.float64]:
        """Return ``size`` copies of the duration (days); draws nothing from ``rng``."""
        return np.full(() if size is None else size, self.days, np.float64)

    def expected(self) -> float:
        """The duration (days)."""
        return self.days


Distribution = Annotated[
    Exponential | Weibull | LogNormal | Empirical | Fixed, Field(discriminator="kind")
]
"""Any duration distribution, told apart in JSON by its ``kind``."""

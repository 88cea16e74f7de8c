"""Bundled synthetic instances and the generator for any size.

``load("luvn")`` reads the shipped Western Uusimaa instance (generated once by
:func:`luvn`, shipped as JSON so it never changes under a user's feet); :func:`synthetic`
draws a fresh instance of any size from a seed.
"""

from __future__ import annotations

from importlib import resources

from placement.datasets.synthetic import REFERENCE_DATE, synthetic
from placement.errors import Issue, ProblemError
from placement.model import Problem

__all__ = ["REFERENCE_DATE", "load", "luvn", "names", "synthetic"]

_BUNDLED = {"luvn": "luvn.json"}


def luvn() -> Problem:
    """Regenerate the bundled LUVN instance from its seed (what ``luvn.json`` holds)."""
    return synthetic(120, 40, seed=2029, region="luvn", name="luvn", side_constraints=True)


def names() -> list[str]:
    """Names accepted by :func:`load`."""
    return sorted(_BUNDLED)


def load(name: str) -> Problem:
    """Load a bundled instance by name (see :func:`names`)."""
    if name not in _BUNDLED:
        raise ProblemError(
            [Issue("name", f"no bundled dataset '{name}'", f"use one of {names()}")],
            what="dataset name",
        )
    text = (
        resources.files("placement.datasets")
        .joinpath("data", _BUNDLED[name])
        .read_text(encoding="utf-8")
    )
    return Problem.model_validate_json(text)

"""Bundled synthetic instances and the generator for any size.

``load("luvn")`` reads the shipped Western Uusimaa instance (generated once by
:func:`luvn`, shipped as JSON so it never changes under a user's feet); :func:`synthetic`
draws a fresh instance of any size from a seed. The bundled Kipinä week moved to its adapter
(:func:`placement.kipina.load_week`); its old names here still work until 0.3, with a
:class:`DeprecationWarning`.
"""

from __future__ import annotations

import importlib
import warnings
from importlib import resources
from typing import Any

from placement.datasets.synthetic import REFERENCE_DATE, synthetic
from placement.errors import Issue, ProblemError
from placement.model import Problem

__all__ = ["REFERENCE_DATE", "load", "luvn", "names", "synthetic"]

_BUNDLED = {"luvn": "luvn.json"}
_MOVED = {"kipina-mikkeli": "load_week", "kipina_mikkeli": "kipina_mikkeli"}
"""The Kipinä week's old names here, by their function in ``placement.kipina`` (gone in 0.3)."""


def luvn() -> Problem:
    """Regenerate the bundled LUVN instance from its seed (what ``luvn.json`` holds)."""
    return synthetic(120, 40, seed=2029, region="luvn", name="luvn", side_constraints=True)


def names() -> list[str]:
    """Names accepted by :func:`load`."""
    return sorted(_BUNDLED)


def load(name: str) -> Problem:
    """Load a bundled instance by name (see :func:`names`).

    Parameters
    ----------
    name : str
        ``"luvn"``: the Western Uusimaa housing :class:`~placement.Problem`.

    Raises
    ------
    ProblemError
        If no instance of that name is bundled.
    """
    if name in _MOVED:
        return _moved(name)()  # type: ignore[no-any-return]
    if name not in _BUNDLED:
        raise ProblemError(
            [Issue("name", f"no bundled dataset '{name}'", f"use one of {names()}")],
            what="dataset name",
        )
    text = resources.files("placement.datasets").joinpath("data", _BUNDLED[name])
    return Problem.model_validate_json(text.read_text(encoding="utf-8"))


def __getattr__(name: str) -> Any:
    """``kipina_mikkeli`` under its old name, with a deprecation warning."""
    if name == "kipina_mikkeli":
        return _moved(name)
    raise AttributeError(f"module 'placement.datasets' has no attribute '{name}'")


def _moved(name: str) -> Any:
    new = _MOVED[name]
    warnings.warn(
        f"the Kipinä week moved to placement.kipina.{new}; "
        f"placement.datasets' '{name}' goes in placement 0.3",
        DeprecationWarning,
        stacklevel=3,
    )
    return getattr(importlib.import_module("placement.kipina.datasets"), new)

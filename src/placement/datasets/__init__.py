"""Bundled synthetic instances and the generator for any size.

``load("luvn")`` reads the shipped Western Uusimaa instance (generated once by
:func:`luvn`, shipped as JSON so it never changes under a user's feet); :func:`synthetic`
draws a fresh instance of any size from a seed.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Literal, overload

from placement.datasets.synthetic import REFERENCE_DATE, synthetic
from placement.errors import Issue, ProblemError
from placement.model import Problem

if TYPE_CHECKING:  # the Kipinä adapter is imported only when a week is asked for
    from placement.kipina.model import Week

__all__ = ["REFERENCE_DATE", "kipina_mikkeli", "load", "luvn", "names", "synthetic"]

_BUNDLED = {"luvn": "luvn.json", "kipina-mikkeli": "kipina-mikkeli.json"}


def luvn() -> Problem:
    """Regenerate the bundled LUVN instance from its seed (what ``luvn.json`` holds)."""
    return synthetic(120, 40, seed=2029, region="luvn", name="luvn", side_constraints=True)


def kipina_mikkeli() -> Week:
    """Regenerate the bundled Kipinä week in Mikkeli (what ``kipina-mikkeli.json`` holds)."""
    from placement.kipina.synthetic import synthetic_week

    return synthetic_week(35, 35, 15, seed=2026, name="kipina-mikkeli")


def names() -> list[str]:
    """Names accepted by :func:`load`."""
    return sorted(_BUNDLED)


@overload
def load(name: Literal["kipina-mikkeli"]) -> Week: ...


@overload
def load(name: Literal["luvn"]) -> Problem: ...


@overload
def load(name: str) -> Problem | Week: ...


def load(name: str) -> Problem | Week:
    """Load a bundled instance by name (see :func:`names`).

    ``"luvn"`` is a housing :class:`~placement.Problem`; ``"kipina-mikkeli"`` is a
    :class:`~placement.kipina.Week` for the activity scheduler.
    """
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
    if name == "kipina-mikkeli":
        from placement.kipina.model import Week

        return Week.model_validate_json(text)
    return Problem.model_validate_json(text)

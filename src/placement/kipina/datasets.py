"""The bundled Kipinä week: a synthetic week in Mikkeli, shipped as JSON.

``load_week()`` reads it (so it never changes under a user's feet); :func:`kipina_mikkeli`
regenerates it from its seed with :func:`~placement.kipina.synthetic.synthetic_week`.
"""

from __future__ import annotations

from importlib import resources

from placement.errors import Issue, ProblemError
from placement.kipina.model import Week
from placement.kipina.synthetic import synthetic_week

__all__ = ["kipina_mikkeli", "load_week"]

_BUNDLED = {"kipina-mikkeli": "kipina-mikkeli.json"}


def kipina_mikkeli() -> Week:
    """Regenerate the bundled Kipinä week in Mikkeli (what ``load_week()`` reads)."""
    return synthetic_week(35, 35, 15, seed=2026, name="kipina-mikkeli")


def load_week(name: str = "kipina-mikkeli") -> Week:
    """Load a bundled Kipinä week by name.

    Parameters
    ----------
    name : str, default "kipina-mikkeli"
        The week: ``"kipina-mikkeli"`` (70 participants, 18 staff; synthetic).

    Returns
    -------
    Week
        The week, validated.

    Raises
    ------
    ProblemError
        If no week of that name is bundled.
    """
    if name not in _BUNDLED:
        raise ProblemError(
            [Issue("name", f"no bundled week '{name}'", f"use one of {sorted(_BUNDLED)}")],
            what="dataset name",
        )
    text = resources.files("placement.kipina").joinpath("data", _BUNDLED[name])
    return Week.model_validate_json(text.read_text(encoding="utf-8"))

"""Overrides: decisions a placement team has already made, which every policy must keep.

A worker signs each placement decision; ``placement`` is decision support. Overrides carry the
worker's own decisions into the problem, so the solver plans around them and
:func:`placement.check` enforces them:

``pins``        a client's placement already decided: client id to unit id. The client is placed
                in that unit (every hard rule of the unit still applies).
``forbidden``   client-unit pairs ruled out by the worker, client id to unit ids.
``must_place``  clients who must be placed somewhere (pinned clients must be too).

When the overrides cannot all hold with the hard rules, :func:`placement.diagnose` names a
smallest conflicting set of them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field

from placement.model.input import InputModel
from placement.model.types import Id, sorted_keys

__all__ = ["Overrides"]


class Overrides(InputModel):
    """A placement team's decisions, kept by every policy and enforced by the checker.

    Attributes
    ----------
    pins : dict of str to str
        Client id to the unit id they are placed in.
    forbidden : dict of str to tuple of str
        Client id to unit ids the client must not be placed in.
    must_place : tuple of str
        Ids of clients who must be placed (in any unit that fits them).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "overrides"

    pins: Annotated[dict[Id, Id], AfterValidator(sorted_keys)] = Field(default_factory=dict)
    forbidden: Annotated[dict[Id, tuple[Id, ...]], AfterValidator(sorted_keys)] = Field(
        default_factory=dict
    )
    must_place: tuple[Id, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.pins or self.forbidden or self.must_place)

    def required(self) -> frozenset[str]:
        """Clients who must be placed: the ``must_place`` ones and the pinned ones."""
        return frozenset(self.must_place) | frozenset(self.pins)

"""Clients (asiakas) waiting for a housing place."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from placement.model.geo import Point
from placement.model.input import InputModel
from placement.model.needs import NeedsScore
from placement.model.types import Day, Id, Name, Number, WholeNumber, sorted_keys

__all__ = ["Client"]


class Client(InputModel):
    """A client in the housing queue, identified by a pseudonymous id.

    Attributes
    ----------
    id : str
        Pseudonymous id; never a name or a personal identity code.
    municipality : str
        Home municipality.
    location : Point
        Location of interest: where the client's life is (family, day activity, home town).
    needs : dict of str to int
        Assessed needs, domain to score 0-4 (special-category data: never logged).
    required_features : tuple of str or None
        If given, replaces the features the needs mapping derives.
    min_service_class : str or None
        If given, replaces the minimum class the needs mapping derives (a class id).
    urgency : int
        1 normal, 2 raised, 3 urgent; weighted by ``Weights.urgency``.
    queued_since : date
        Day the client entered the housing queue.
    preferences : tuple of tuple of str
        Ranked groups of unit ids, best first; units in one group are tied. A plain string is
        read as a group of one; an empty group is refused (it would shift every later rank).
    acceptable_municipalities : tuple of str or None
        Municipalities where unranked units are acceptable; ``None`` accepts any.
    only_ranked : bool
        Accept ranked units only.
    max_distance_km : float or None
        Largest acceptable distance (km) from ``location`` to an unranked unit.
    excluded_units : tuple of str
        Units the client must never be placed in.
    linked_with : tuple of str
        Clients who must live in the same unit (or none of them placed). One side suffices.
    incompatible_with : tuple of str
        Clients or residents the client must not share a unit with.
    age : int or None
        Age in years, for units' age bands.
    tags : tuple of str
        Extra attributes counted by units' composition rules.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "client"

    id: Id
    municipality: Name = Field(min_length=1)
    location: Point
    needs: Annotated[dict[Id, NeedsScore], AfterValidator(sorted_keys)] = Field(
        default_factory=dict
    )
    required_features: tuple[Id, ...] | None = None
    min_service_class: Id | None = None
    urgency: WholeNumber = Field(default=1, ge=1)
    queued_since: Day
    preferences: tuple[tuple[Id, ...], ...] = ()
    acceptable_municipalities: tuple[Name, ...] | None = None
    only_ranked: bool = False
    max_distance_km: Number | None = Field(default=None, ge=0)
    excluded_units: tuple[Id, ...] = ()
    linked_with: tuple[Id, ...] = ()
    incompatible_with: tuple[Id, ...] = ()
    age: WholeNumber | None = Field(default=None, ge=0, le=130)
    tags: tuple[Id, ...] = ()

    @field_validator(
        "preferences",
        mode="before",
        json_schema_input_type=list[Id | Annotated[list[Id], Field(min_length=1)]],
    )
    @classmethod
    def _groups(cls, value: Any) -> Any:
        """Read a bare unit id as a preference group of one; refuse an empty group."""
        if isinstance(value, list | tuple):
            for rank, item in enumerate(value, 1):
                if isinstance(item, list | tuple) and not item:
                    raise PydanticCustomError(
                        "empty_preference_group",
                        "preference group {rank} is empty; it would shift every later rank",
                        {"rank": rank},
                    )
            return [[item] if isinstance(item, str) else item for item in value]
        return value

    def ranks(self) -> dict[str, int]:
        """Unit id to preference rank (1 is best; tied units share a rank)."""
        return {unit: rank for rank, group in enumerate(self.preferences, 1) for unit in group}

"""Housing units (asumisyksikkö), their residents and their dated vacancies."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field

from placement.model.geo import Point
from placement.model.input import InputModel
from placement.model.types import (
    MAX_CAPACITY,
    MAX_PRICE_EUR_DAY,
    Day,
    Id,
    Name,
    Number,
    WholeNumber,
    sorted_keys,
)

__all__ = ["CompositionRule", "PriorityRule", "Resident", "Unit", "Vacancy"]

Price = Annotated[Number, Field(ge=0, le=MAX_PRICE_EUR_DAY)]
"""A daily price (EUR/day): finite, not negative, at most ``MAX_PRICE_EUR_DAY``."""

PriorityRule = Literal["same_municipality"]
"""Unit-specific priority rules, used by priority-based policies (``same_municipality``: clients
whose home municipality is the unit's come first among equally urgent clients)."""


class Resident(InputModel):
    """A current resident (incumbent) who occupies one place of a unit.

    Attributes
    ----------
    id : str
        Pseudonymous id; clients may name it in ``incompatible_with``.
    tags : tuple of str
        Attributes counted by composition rules (e.g. ``challenging_behaviour_support``).
    age : int or None
        Age in years, for information; age bands apply to newcomers only.
    leaves_on : date or None
        Known move-out date; the place is free for a newcomer from that day.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "resident"

    id: Id
    tags: tuple[Id, ...] = ()
    age: WholeNumber | None = Field(default=None, ge=0, le=130)
    leaves_on: Day | None = None


class CompositionRule(InputModel):
    """At most ``at_most`` residents carrying ``tag`` may live in the unit at once.

    "At once" holds on every day: residents with the tag count until the day they leave
    (``leaves_on``), placed clients whose requirements or tags include ``tag`` from the day they
    move in. Several rules on one tag make one limit, the tightest. A tagged newcomer may
    therefore move in only when a tagged resident has left, if the limit is full until then.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    input_name = "composition rule"

    tag: Id
    at_most: WholeNumber = Field(ge=0, le=MAX_CAPACITY)


class Unit(InputModel):
    """A housing unit with its places, the classes it offers and its rules.

    Attributes
    ----------
    id : str
        Stable identifier.
    provider : str
        Service provider (palveluntuottaja).
    municipality : str
        Municipality the unit is in.
    location : Point
        Where the unit is.
    features : tuple of str
        What the unit provides (``wheelchair_accessible``, ``night_staff_awake``,
        ``autism_specialised``, ``challenging_behaviour_support``, ``nursing``, ...).
    offers : dict of str to float or None
        Service-class id to the unit's own daily price (EUR/day, 0 to ``MAX_PRICE_EUR_DAY``);
        ``None`` uses the class's default price.
    capacity : int
        Number of places (flats), at most ``MAX_CAPACITY`` (10,000).
    incumbents : tuple of Resident
        Current residents; each occupies one place.
    opens_on : date or None
        For a unit not open yet: no one moves in before this day.
    age_min, age_max : int or None
        Age band for newcomers, in years (inclusive).
    composition : tuple of CompositionRule
        Group-composition limits.
    priority : tuple of PriorityRule
        Unit-specific priority rules for priority-based policies.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "unit"

    id: Id
    name: Name = ""
    provider: Name = ""
    municipality: Name = Field(min_length=1)
    location: Point
    features: tuple[Id, ...] = ()
    offers: Annotated[dict[Id, Price | None], AfterValidator(sorted_keys)] = Field(min_length=1)
    capacity: WholeNumber = Field(ge=0, le=MAX_CAPACITY)
    incumbents: tuple[Resident, ...] = ()
    opens_on: Day | None = None
    age_min: WholeNumber | None = Field(default=None, ge=0, le=130)
    age_max: WholeNumber | None = Field(default=None, ge=0, le=130)
    composition: tuple[CompositionRule, ...] = ()
    priority: tuple[PriorityRule, ...] = ()

    def vacancies(
        self, reference_date: dt.date, horizon_end: dt.date | None = None
    ) -> list[Vacancy]:
        """The unit's free places with the first day each can be moved into, earliest first.

        Places not occupied by an incumbent are free from ``reference_date`` (or ``opens_on``);
        an incumbent's place is free from ``leaves_on``. Places opening after ``horizon_end``
        are left out.
        """
        start = max(reference_date, self.opens_on or reference_date)
        dates = [start] * max(0, self.capacity - len(self.incumbents))
        dates += [max(r.leaves_on, start) for r in self.incumbents if r.leaves_on is not None]
        if horizon_end is not None:
            dates = [d for d in dates if d <= horizon_end]
        return [Vacancy(unit_id=self.id, available_from=d) for d in sorted(dates)]


class Vacancy(InputModel):
    """A place in a unit, free from ``available_from`` (free now if that is the reference date)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "vacancy"

    unit_id: Id
    available_from: dt.date

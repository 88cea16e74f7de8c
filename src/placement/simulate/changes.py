"""What-if changes to a scenario: places added, units closed, rates, policy and rounds changed.

A :class:`~placement.simulate.scenario.Scenario` carries them in ``changes``; each is applied
from its date by the engine, and checked against the scenario's problem by
:func:`placement.simulate.validation.scenario_issues`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from placement.model.input import InputModel

__all__ = [
    "AddPlaces",
    "Change",
    "ChangeArrivalRate",
    "ChangePolicy",
    "ChangeRoundInterval",
    "CloseUnit",
]


class _Change(InputModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "scenario change"


class AddPlaces(_Change):
    """Add ``count`` places of ``service_class`` from ``from_date``, to a unit or a municipality.

    With ``unit``, the unit's capacity grows (it must offer the class). With ``municipality``,
    a new unit ``new-<municipality>-<class>-<n>`` opens there: located at the mean location of
    the municipality's units (or of its clients if it has none), offering only that class at
    the class's default price, with every feature that any unit offering the class has (a new
    building is built to the full specification) [assumed]. Clients did not rank it, so only
    clients who accept unranked units within their distance limit can be placed there.
    """

    kind: Literal["add_places"] = "add_places"
    service_class: str
    count: int
    from_date: dt.date
    unit: str | None = None
    municipality: str | None = None


class CloseUnit(_Change):
    """The unit admits no one from ``on``; its residents stay until their stays end [assumed]."""

    kind: Literal["close_unit"] = "close_unit"
    unit: str
    on: dt.date


class ChangeArrivalRate(_Change):
    """Multiply arrival rates by ``factor``, in one municipality or (``None``) everywhere."""

    kind: Literal["change_arrival_rate"] = "change_arrival_rate"
    factor: float
    municipality: str | None = None


class ChangePolicy(_Change):
    """Match with another policy of :data:`placement.policies.POLICIES`."""

    kind: Literal["change_policy"] = "change_policy"
    policy: str


class ChangeRoundInterval(_Change):
    """Hold matching rounds every ``days`` days (0: at every event)."""

    kind: Literal["change_round_interval"] = "change_round_interval"
    days: float


Change = Annotated[
    AddPlaces | CloseUnit | ChangeArrivalRate | ChangePolicy | ChangeRoundInterval,
    Field(discriminator="kind"),
]
"""Any what-if change, told apart in JSON by its ``kind``."""

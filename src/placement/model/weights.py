"""Objective weights: how the optimal policy trades one good against another."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, field_validator

from placement.model.input import InputModel
from placement.model.types import Number, WholeNumber, sorted_keys

__all__ = ["Weights"]


class Weights(InputModel):
    """Weights of the optimal policy's objective.

    Tier 1, the urgency-weighted number of clients placed, is lexicographically first: no gain
    in the lower tiers can buy the loss of one placement (the engine sizes the tier-1 weight
    from the instance so that this holds exactly). Tiers 2-6 are a weighted sum in *points*,
    with the exchange rates below. The defaults make one preference-rank step worth a month of
    queueing, two months of move-in delay, 60 km of distance or 300 EUR/day [assumed]: wishes
    first, then nearness, and price last (it mainly keeps the least restrictive class).

    Attributes
    ----------
    urgency : dict of int to int
        Tier 1: weight of placing a client of each urgency level.
    waited_per_day : float
        Tier 2: points gained per day a placed client has queued (so long waiters go first).
    delay_per_day : float
        Tier 3: points lost per day between the reference date and the move-in date.
    rank_step : float
        Tier 4: points lost per preference-rank step (rank 1 costs one step).
    per_km : float
        Tier 5: points lost per km between the client's location and the unit.
    per_eur_day : float
        Tier 6: points lost per EUR/day of the chosen service class's price, so the least
        restrictive class that meets the need wins.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "weights"

    urgency: Annotated[dict[WholeNumber, WholeNumber], AfterValidator(sorted_keys)] = Field(
        default_factory=lambda: {1: 1, 2: 2, 3: 4},
        json_schema_extra={
            "minProperties": 1,
            "propertyNames": {"pattern": "^-?[0-9]+$"},
            "additionalProperties": {"type": "integer", "minimum": 1},
        },
    )
    waited_per_day: Number = Field(default=1.0, ge=0)
    delay_per_day: Number = Field(default=0.5, ge=0)
    rank_step: Number = Field(default=30.0, ge=0)
    per_km: Number = Field(default=0.5, ge=0)
    per_eur_day: Number = Field(default=0.1, ge=0)

    @field_validator("urgency")
    @classmethod
    def _positive(cls, value: dict[int, int]) -> dict[int, int]:
        if not value:
            raise ValueError("needs at least one urgency level")
        if any(w < 1 for w in value.values()):
            raise ValueError("every urgency weight must be a positive integer")
        return value

"""Service classes (palveluluokka): the ordered ladder of housing-service intensity."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from placement.model.input import InputModel
from placement.model.types import MAX_PRICE_EUR_DAY, Id, Name, Number, WholeNumber

__all__ = ["DEFAULT_SERVICE_CLASSES", "ServiceClass"]


class ServiceClass(InputModel):
    """One rung of the service-class ladder.

    A higher ``level`` is a more intensive (and more restrictive) service: a client whose needs
    call for level 3 may be placed at level 3 or above, never below.

    Attributes
    ----------
    id : str
        Stable identifier used by units' ``offers`` and by results.
    name : str
        Human-readable name.
    level : int
        Position on the ladder; 1 is the least intensive.
    daily_price : float
        Default price, EUR/day, used where a unit does not set its own (positive, at most
        ``MAX_PRICE_EUR_DAY``).
    staffing : str
        Free-text staffing description (e.g. staff per resident).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "service class"

    id: Id
    name: Name = ""
    level: WholeNumber = Field(ge=1, le=1000)
    daily_price: Number = Field(gt=0, le=MAX_PRICE_EUR_DAY, description="Default price, EUR/day.")
    staffing: Name = ""


DEFAULT_SERVICE_CLASSES: tuple[ServiceClass, ...] = (
    ServiceClass.model_construct(  # constants: checked by a test, not at import
        id="communal",
        name="Communal housing (yhteisöllinen asuminen)",
        level=1,
        daily_price=97.0,
        staffing="daytime staff; about 0.5 staff per resident [assumed]",
    ),
    ServiceClass.model_construct(  # constants: checked by a test, not at import
        id="24h-1",
        name="24-hour housing, class I (ympärivuorokautinen I)",
        level=2,
        daily_price=120.0,
        staffing="staff around the clock, night staff on call; about 0.6 per resident [assumed]",
    ),
    ServiceClass.model_construct(  # constants: checked by a test, not at import
        id="24h-2",
        name="24-hour housing, class II (ympärivuorokautinen II)",
        level=3,
        daily_price=160.0,
        staffing="staff around the clock; about 0.75 per resident [assumed]",
    ),
    ServiceClass.model_construct(  # constants: checked by a test, not at import
        id="24h-3",
        name="24-hour housing, class III (ympärivuorokautinen III)",
        level=4,
        daily_price=185.0,
        staffing="staff around the clock, awake at night; about 0.9 per resident [assumed]",
    ),
    ServiceClass.model_construct(  # constants: checked by a test, not at import
        id="24h-4",
        name="24-hour housing, class IV (individually priced)",
        level=5,
        daily_price=230.0,
        staffing="individual staffing, 1.0 or more per resident; price set individually [assumed]",
    ),
)
"""Default ladder: Päijät-Häme service-voucher values (EUR/day); class IV is priced
individually there, 230 EUR/day is an assumed placeholder."""

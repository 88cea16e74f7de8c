"""The definition of a simulation: a :class:`Scenario` and the what-if changes applied to it.

A scenario is a versioned, JSON-serialisable pydantic model. It holds the start state (a
:class:`~placement.model.Problem`: its queue, units, residents and dated vacancies), every
rate and duration of the forward model, the policy and the matching-round interval. What-if
changes are small objects kept in ``changes`` and applied when the scenario is compiled, so a
scenario's JSON always shows the base and the changes on top of it.

All times are in days; rates are per day.
"""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from placement.errors import ProblemError
from placement.model import Problem
from placement.model.input import InputModel
from placement.names import DEFAULT_POLICY
from placement.schemas import SCHEMA_VERSIONS, ScenarioVersion
from placement.simulate.changes import (
    AddPlaces,
    Change,
    ChangeArrivalRate,
    ChangePolicy,
    ChangeRoundInterval,
    CloseUnit,
)
from placement.simulate.distributions import Distribution, Fixed
from placement.simulate.validation import scenario_issues

__all__ = [
    "SCENARIO_VERSION",
    "AddPlaces",
    "Change",
    "ChangeArrivalRate",
    "ChangePolicy",
    "ChangeRoundInterval",
    "CloseUnit",
    "Scenario",
    "Stage",
]

SCENARIO_VERSION: Literal[1] = 1
"""Version of the scenario format written by this library."""


class Stage(InputModel):
    """A stage of the path before *search* (e.g. the needs assessment), with its duration.

    Attributes
    ----------
    name : str
        Stage id, as in the pathway's stage graph (``needs_assessment``, ``housing_panel``).
    duration : Distribution
        Time spent in the stage (days).
    probability : float
        Share of clients who pass through the stage (the complementary assessments are
        optional); the others skip it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "stage"

    name: str
    duration: Distribution
    probability: float = 1.0


class Scenario(InputModel):
    """Everything one simulation needs, in days and rates per day.

    Build one with :meth:`from_problem` (documented defaults) or :meth:`from_history` (fitted
    from an event log); vary it with :meth:`with_changes`. Invalid scenarios raise one
    :class:`~placement.errors.ProblemError` listing every issue, before anything runs.

    Attributes
    ----------
    version : int
        Format version (:data:`SCENARIO_VERSION`).
    name : str
        Free text, shown in results.
    problem : Problem
        Start state: units with their residents and dated vacancies, and (unless ``start`` is
        ``"empty"``) the clients in the queue. Its ``reference_date`` is day 0. Arrivals'
        profiles are resampled from its clients.
    start : {"problem", "empty"}
        ``"empty"``: an empty county (no queue, no residents) with the problem's units.
    horizon_days : float
        Simulated time (days).
    warmup_days : float
        Clients decided before this day are left out of the summary statistics (days).
    record_every_days : float
        Interval of the queue and occupancy snapshots (days).
    policy : str
        Matching policy, a name in :data:`placement.policies.POLICIES`.
    round_interval_days : float
        Days between matching rounds; 0 holds a round at every event that can change a
        match (an arrival in the queue, a place freed, a declined offer).
    arrivals : dict of str to float
        Decisions (clients entering the path) per day, per municipality; a Poisson process.
    seasonality : tuple of 12 float or None
        Monthly factors on the arrival rates (January first; their mean should be 1).
    stages : tuple of Stage
        Stages before search, in order; a client enters the queue when the last one ends.
    exits : dict of str to Distribution
        Per exit reason (``withdrawn``, ``moved_away``, ``deceased``), the time from entering
        the queue to leaving it for that reason: competing risks, the earliest wins.
    length_of_stay : dict of str to Distribution
        Per service-class id, a resident's stay (days). Classes missing here use
        ``default_length_of_stay``.
    default_length_of_stay : Distribution
        Stay of classes not in ``length_of_stay`` (days).
    decline_probability : float
        Chance that a client declines an offer (after the introduction visit).
    decline_after : Distribution
        Days from an offer to a decline (the introduction visit); the place is then free again.
    offer_lead : Distribution
        Days from an accepted offer to the move-in; the place is held meanwhile.
    changes : tuple of Change
        What-if changes, applied in order on top of the fields above.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "scenario"

    schema_version: ScenarioVersion = SCHEMA_VERSIONS["scenario"]
    version: Literal[1] = SCENARIO_VERSION
    name: str = ""
    problem: Problem
    start: Literal["problem", "empty"] = "problem"
    horizon_days: float = 730.0
    warmup_days: float = 0.0
    record_every_days: float = 7.0
    policy: str = DEFAULT_POLICY
    round_interval_days: float = 7.0
    arrivals: dict[str, float] = Field(default_factory=dict)
    seasonality: tuple[float, ...] | None = None
    stages: tuple[Stage, ...] = ()
    exits: dict[str, Distribution] = Field(default_factory=dict)
    length_of_stay: dict[str, Distribution] = Field(default_factory=dict)
    default_length_of_stay: Distribution = Field(default_factory=lambda: Fixed(days=365.25 * 10))
    decline_probability: float = 0.0
    decline_after: Distribution = Field(default_factory=lambda: Fixed(days=0))
    offer_lead: Distribution = Field(default_factory=lambda: Fixed(days=0))
    changes: tuple[Change, ...] = ()

    @model_validator(mode="after")
    def _cross_references(self) -> Self:
        issues = scenario_issues(self)
        if issues:
            raise ProblemError(issues, what="scenario")
        return self

    def with_changes(self, *changes: Any) -> Scenario:
        """A new scenario with ``changes`` applied on top of this one's (each validated).

        Raises
        ------
        ProblemError
            If a change is invalid (e.g. names a unit that does not exist), listing every issue.
        """
        data = self.model_dump(mode="python")
        data["changes"] = [*data["changes"], *(_dump(c) for c in changes)]
        data["problem"] = self.problem
        return type(self).model_validate(data)

    @classmethod
    def from_problem(cls, problem: Problem, **overrides: Any) -> Scenario:
        """A base scenario for ``problem`` with the documented default rates.

        See :func:`placement.simulate.defaults.default_fields` for every default and its
        source; any field can be overridden by keyword.
        """
        from placement.simulate.defaults import default_fields

        return cls.model_validate({**default_fields(problem), **overrides, "problem": problem})

    @classmethod
    def from_history(
        cls, event_log: Any, problem: Problem, observed_from: Any = None, **overrides: Any
    ) -> Scenario:
        """A scenario fitted to a county's event log (process-mining columns, as ``pathway``
        exports them). The estimates with their standard errors, and notes on what the log
        could not support, are in :func:`placement.simulate.calibrate.fit_history`'s result;
        this returns its scenario. A log without move-outs needs ``length_of_stay=...``.
        """
        from placement.simulate.fitting import fitted_fields

        given = "length_of_stay" in overrides
        fields, _, _ = fitted_fields(event_log, problem, observed_from, given)
        return cls.model_validate({**fields, **overrides, "problem": problem})


def _dump(change: Any) -> Any:
    return change.model_dump() if isinstance(change, BaseModel) else change

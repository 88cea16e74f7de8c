"""What an explanation holds: the outcome, coded reasons, alternatives, counterfactuals.

Every model here is plain data (pydantic, JSON with ``model_dump_json``); the texts are rendered
from the reason codes in one language, and :meth:`Explanation.in_language` renders them in
another without solving anything again.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from placement.explanations.language import Language, unit_label
from placement.explanations.reasons import Reason
from placement.model import Problem
from placement.result import Assignment
from placement.schemas import SCHEMA_VERSIONS, ExplanationVersion

__all__ = ["Alternative", "Counterfactual", "Explanation"]


class Alternative(BaseModel):
    """A unit the client ranked above their outcome (or any suitable one, when waiting).

    Attributes
    ----------
    unit_id, unit : str
        The unit's id, and its label (name and municipality) as the client knows it.
    rank : int or None
        The client's rank of the unit (1 best), ``None`` if unranked.
    distance_km : float
        From the client's location (km).
    reason : Reason
        Why the client did not get it.
    tier_change : dict of str to float
        Under the optimal policy, what forcing the unit changed, per tier (clients, days, rank
        steps, km, EUR/day): the forced solve's totals less this result's.
    cost : float or None
        The same change in the objective's lower tiers, weighed by the problem's
        :class:`~placement.model.Weights` (weight units; the first tiers, clients placed and
        their urgency, are in ``tier_change``). ``None`` where nothing was forced.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    unit_id: str
    unit: str
    rank: int | None
    distance_km: float
    reason: Reason
    tier_change: dict[str, float] = Field(default_factory=dict)
    cost: float | None = None


class Counterfactual(BaseModel):
    """A smallest change that would place a waiting client, verified by solving again.

    Attributes
    ----------
    reason : Reason
        The change in words.
    change : dict
        The change as data: ``{"add_place": unit_id}`` or ``{"client": {field: value}}``.
    unit_id : str
        Where the solve of the changed problem placed the client.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    reason: Reason
    change: dict[str, Any]
    unit_id: str


class Explanation(BaseModel):
    """Why ``client_id`` got their outcome; JSON with :meth:`model_dump_json`.

    ``str(explanation)`` is a readable paragraph in ``language``.

    Attributes
    ----------
    client_id, language, policy : str
    outcome : {"placed", "waiting"}
    assignment : Assignment or None
    headline : Reason
        The outcome in one sentence.
    reasons : list of Reason
        Why not the units ranked higher (placed), or every blocking reason (waiting).
    alternatives : list of Alternative
        The units the reasons are about, best ranked first.
    counterfactuals : list of Counterfactual
        Smallest changes that would place a waiting client, each verified.
    tiers : dict of str to float
        The client's own contribution to each objective tier.
    overrides : list of Reason
        Decisions of the placement team that shaped the outcome.
    justified_envy : int
        Units the waiting client suits where a place went to someone with lower priority there.
    envy_reason : Reason or None
        Why the policy allows that.
    estimated_wait : Reason or None
        The waiting-time estimate, when one was given.
    filter_counts : dict of str to int
        Units left after each feasibility rule in turn.
    solves : int
        Solves of changed problems made to prove the reasons.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    schema_version: ExplanationVersion = SCHEMA_VERSIONS["explanation"]
    client_id: str
    language: Language
    policy: str
    outcome: Literal["placed", "waiting"]
    assignment: Assignment | None
    headline: Reason
    reasons: list[Reason] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    counterfactuals: list[Counterfactual] = Field(default_factory=list)
    tiers: dict[str, float] = Field(default_factory=dict)
    overrides: list[Reason] = Field(default_factory=list)
    justified_envy: int = 0
    envy_reason: Reason | None = None
    estimated_wait: Reason | None = None
    filter_counts: dict[str, int] = Field(default_factory=dict)
    solves: int = 0

    def in_language(self, problem: Problem, language: Language) -> Explanation:
        """The same explanation rendered in ``language`` (no solving: the reasons are data)."""

        def tr(r: Reason) -> Reason:
            return r.translated(problem, language)

        return self.model_copy(
            update={
                "language": language,
                "headline": tr(self.headline),
                "reasons": [tr(r) for r in self.reasons],
                "alternatives": [
                    a.model_copy(
                        update={
                            "reason": tr(a.reason),
                            "unit": unit_label(problem, a.unit_id, language),
                        }
                    )
                    for a in self.alternatives
                ],
                "counterfactuals": [
                    c.model_copy(update={"reason": tr(c.reason)}) for c in self.counterfactuals
                ],
                "overrides": [tr(r) for r in self.overrides],
                "envy_reason": None if self.envy_reason is None else tr(self.envy_reason),
                "estimated_wait": None if self.estimated_wait is None else tr(self.estimated_wait),
            }
        )

    @property
    def reason(self) -> str:
        """One line: the outcome and its first reason."""
        first = self.reasons[0].text if self.reasons else ""
        return f"{self.headline.text} {first}".strip()

    def __str__(self) -> str:
        parts = [self.headline, *self.overrides, *self.reasons]
        if self.envy_reason is not None:
            parts.append(self.envy_reason)
        parts += [c.reason for c in self.counterfactuals]
        if self.estimated_wait is not None:
            parts.append(self.estimated_wait)
        return " ".join(p.text for p in parts)

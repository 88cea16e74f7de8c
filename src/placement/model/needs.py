"""Assessed needs and the documented, overridable mapping from needs to requirements.

Needs are scored per functional-capacity domain on a 0-4 scale (0 no need, 4 full help),
after the ICF domains used in Finnish disability services [assumed scale]. A
:class:`NeedsMapping` turns the scores into the unit features a client requires and the
lowest service-class level that meets them. The mapping is data, so a county can ship its own
in the problem JSON instead of code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any

import numpy as np
from numpy.typing import NDArray
from pydantic import AfterValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from placement.model.input import InputModel
from placement.model.types import Id, WholeNumber

__all__ = [
    "DEFAULT_NEEDS_MAPPING",
    "NEEDS_DOMAINS",
    "NEEDS_SCALE_MAX",
    "NeedRule",
    "NeedsMapping",
    "NeedsScore",
]

NEEDS_SCALE_MAX = 4
"""Highest score of a needs domain."""


def _on_scale(score: int) -> int:
    if not 0 <= score <= NEEDS_SCALE_MAX:
        # The score is special-category data: the message never carries it.
        raise PydanticCustomError(
            "needs_score_range", "score outside 0-{top}", {"top": NEEDS_SCALE_MAX}
        )
    return score


NeedsScore = Annotated[
    WholeNumber,
    AfterValidator(_on_scale),
    Field(json_schema_extra={"minimum": 0, "maximum": NEEDS_SCALE_MAX}),
]
"""A needs score: a whole number 0-4 (not a boolean); out of range is refused without the value."""

NEEDS_DOMAINS: tuple[str, ...] = (
    "physical",
    "cognitive",
    "psychological",
    "social",
    "daily_living",
    "night_care",
    "health",
)
"""Domains of the default mapping: the five ICF-style domains plus night care and health care."""


class NeedRule(InputModel):
    """If ``needs[domain] >= at_least``, require ``features`` and at least ``min_level``."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "needs rule"

    domain: Id
    at_least: WholeNumber = Field(ge=0, le=NEEDS_SCALE_MAX)
    features: tuple[Id, ...] = ()
    min_level: WholeNumber = Field(default=1, ge=1, le=1000)


class NeedsMapping(InputModel):
    """Rules that turn needs scores into required features and a minimum service-class level.

    A client's requirements are the union of the features of every rule that fires and the
    highest ``min_level`` among them (level 1 if none fires).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "needs mapping"

    domains: tuple[Id, ...] = NEEDS_DOMAINS
    rules: tuple[NeedRule, ...]

    def requirements(
        self, needs: Sequence[Mapping[str, int]]
    ) -> tuple[list[frozenset[str]], NDArray[np.int64]]:
        """Required features and minimum level of many clients' needs scores at once.

        Parameters
        ----------
        needs : sequence of mapping
            One ``domain -> score`` mapping per client.

        Returns
        -------
        features : list of frozenset of str
            Required features, per client.
        min_level : ndarray of int64
            Minimum service-class level, per client (1 where no rule fires).
        """
        domain = {d: i for i, d in enumerate(self.domains)}
        scores = np.zeros((len(needs), len(self.domains)), np.int64)
        for i, row in enumerate(needs):
            for d, score in row.items():
                if d in domain:
                    scores[i, domain[d]] = score
        if not self.rules:
            return [frozenset()] * len(needs), np.ones(len(needs), np.int64)
        rule_domain = np.array([domain.get(r.domain, -1) for r in self.rules])
        threshold = np.array([r.at_least for r in self.rules])
        fires = (scores[:, np.maximum(rule_domain, 0)] >= threshold) & (rule_domain >= 0)
        levels = np.array([r.min_level for r in self.rules], np.int64)
        min_level = np.maximum(1, np.where(fires, levels, 1).max(axis=1))
        # Clients share few firing patterns: derive each pattern's features once.
        packed = np.ascontiguousarray(np.packbits(fires, axis=1))
        _patterns, first, which = np.unique(
            packed.view(np.dtype((np.void, packed.shape[1]))).ravel(),
            return_index=True,
            return_inverse=True,
        )
        by_pattern = [
            frozenset(f for k in np.flatnonzero(fires[i]) for f in self.rules[k].features)
            for i in first.tolist()
        ]
        return [by_pattern[k] for k in which.ravel().tolist()], min_level


def _rule(**fields: Any) -> NeedRule:
    """A rule of the default mapping, built without validation at import (a test validates)."""
    return NeedRule.model_construct(**fields)


DEFAULT_NEEDS_MAPPING = NeedsMapping.model_construct(  # constants: checked by a test, not at import
    rules=(
        _rule(domain="physical", at_least=3, features=("wheelchair_accessible",)),
        _rule(domain="daily_living", at_least=2, min_level=2),
        _rule(domain="daily_living", at_least=3, min_level=3),
        _rule(domain="daily_living", at_least=4, min_level=4),
        _rule(domain="cognitive", at_least=3, min_level=2),
        _rule(domain="social", at_least=3, features=("autism_specialised",)),
        _rule(
            domain="psychological",
            at_least=3,
            features=("challenging_behaviour_support",),
            min_level=3,
        ),
        _rule(domain="psychological", at_least=4, min_level=5),
        _rule(domain="night_care", at_least=2, features=("night_staff_awake",), min_level=4),
        _rule(domain="health", at_least=3, features=("nursing",), min_level=4),
    )
)
"""Default mapping [assumed thresholds]; see ``docs/model.md`` for the reasoning."""

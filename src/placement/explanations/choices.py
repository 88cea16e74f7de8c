"""A client's best other placements, each forced in turn and priced by the tiers it changes."""

from __future__ import annotations

from placement.errors import Issue
from placement.explanations.explanation import Alternative
from placement.explanations.language import Language
from placement.explanations.outcome import Explainer, checked
from placement.explanations.tiers import distance_km, lower_cost
from placement.model import Problem
from placement.result import Result

__all__ = ["alternatives"]


def alternatives(
    problem: Problem, result: Result, client_id: str, n: int = 5, language: Language = "en"
) -> list[Alternative]:
    """The ``n`` best other placements of ``client_id`` and what each costs overall.

    Every unit the client may live in, other than their outcome, is forced in turn and the
    problem solved again with the result's policy and options (for the optimal policy without
    side constraints that is the exact min-cost flow). Placements that cannot hold are left
    out; the rest are ordered by what they cost: clients placed, their urgency, then the lower
    tiers' weighed change (:attr:`Alternative.cost`).

    Returns
    -------
    list of Alternative
        Best first, each with its reason and ``tier_change``.
    """
    wrong_n = (
        []
        if isinstance(n, int) and not isinstance(n, bool) and n >= 1
        else [Issue("n", f"is {n!r}; alternatives are counted from 1", "pass n=5, say")]
    )
    problem, result = checked(problem, result, client_id, language, wrong_n)
    explainer = Explainer(problem, result, client_id, language, True)
    mine = result.assignment_of(client_id)
    ranks = problem.client_by_id[client_id].ranks()
    found = []
    for unit_id, rule in explainer.first.items():
        if rule is not None or (mine is not None and unit_id == mine.unit_id):
            continue
        why, change = explainer.tradeoff(unit_id)
        if change:
            found.append(
                Alternative(
                    unit_id=unit_id,
                    unit=explainer.label(unit_id),
                    rank=ranks.get(unit_id),
                    distance_km=round(distance_km(explainer.client, unit_id, problem), 1),
                    reason=why,
                    tier_change=change,
                    cost=lower_cost(problem, change),
                )
            )
    found.sort(key=lambda a: (-a.tier_change["placed"], -a.tier_change["urgency_weight"], a.cost))
    return found[:n]

"""Why one client got their outcome: reasons a placement team can hand to the client.

For a placed client, every unit they ranked above their place gets one reason: the hard rule
that rules it out, or that its places went to clients ahead in priority (counted, never named),
or, under the optimal policy, what giving them that unit would have cost overall, measured by
solving again with the unit forced. For a waiting client: every blocking reason, the
smallest changes that would place them (each verified by solving again), and whether a place
went to someone with lower priority, with the plain reason the policy allows it. Needs, needs
scores and other people's ids never appear.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np

from placement import candidates
from placement.candidates import filter_counts, first_failing
from placement.explanations.arguments import checked
from placement.explanations.explanation import Alternative, Counterfactual, Explanation
from placement.explanations.language import Language, unit_label
from placement.explanations.memo import memo
from placement.explanations.reasons import Reason, reason
from placement.explanations.relax import (
    Resolver,
    area_changes,
    solved,
    with_client,
    with_overrides,
    with_place,
)
from placement.explanations.tiers import (
    client_tiers,
    distance_km,
    lower_cost,
    lower_costs,
    tier_change,
)
from placement.explanations.turns import ahead_of, partners_of
from placement.metrics import priority_at
from placement.model import Problem
from placement.result import Assignment, Result, Status

__all__ = ["Explainer", "checked", "client_tiers", "explain"]

_PLACES_TRIED = 6  # units where one more place is tried, at most
_AREAS_TRIED = 4  # area changes tried, at most


def explain(
    problem: Problem,
    result: Result,
    client_id: str,
    language: Language = "en",
    *,
    estimated_wait: Mapping[str, Any] | None = None,
    resolve: bool = True,
) -> Explanation:
    """Explain the outcome of ``client_id`` in ``result``, in ``language``.

    Parameters
    ----------
    problem, result : Problem, Result
        The problem and a result of it (from any policy).
    client_id : str
        The client to explain.
    language : {"en", "fi", "sv"}
        Language of every text.
    estimated_wait : mapping, optional
        The client's row of :func:`placement.estimate_waits` (``low_days``, ``median_days``,
        ``high_days``).
    resolve : bool
        Prove trade-offs and counterfactuals by solving changed problems (default). ``False``
        answers at once from the rules alone: units lost to a trade-off or to others ahead are
        only counted (in the first reason), and no counterfactual is given.

    Returns
    -------
    Explanation
    """
    problem, result = checked(problem, result, client_id, language, [])
    return Explainer(problem, result, client_id, language, resolve).run(estimated_wait)


def _holders(result: Result) -> dict[str, list[str]]:
    """The clients placed in each unit, by unit id."""
    at: dict[str, list[str]] = {}
    for a in result.assignments:
        at.setdefault(a.unit_id, []).append(a.client_id)
    return at


def _class_at(problem: Problem, client_id: str, unit_id: str) -> str | None:
    """The service class the candidate builder gives ``client_id`` in ``unit_id``, or ``None``
    if the client may not live there (the candidates of a problem just solved are cached)."""
    cands = candidates.build(problem)
    i, j = problem.client_index[client_id], problem.units.index(problem.unit_by_id[unit_id])
    edges = range(int(cands.indptr[i]), int(cands.indptr[i + 1]))
    e = next((e for e in edges if cands.unit[e] == j), None)
    return None if e is None else problem.service_classes[int(cands.service_class[e])].id


class Explainer:
    def __init__(
        self, problem: Problem, result: Result, client_id: str, lang: Language, resolve: bool
    ) -> None:
        self.problem, self.result, self.client_id, self.lang = problem, result, client_id, lang
        self.resolving = resolve
        self.client = problem.client_by_id[client_id]
        self.resolve = Resolver(result)
        self.first = dict(
            zip((u.id for u in problem.units), first_failing(problem, client_id), strict=True)
        )
        self.at: dict[str, list[str]] = memo("holders", (result,), lambda: _holders(result))
        self.places = {u.id: len(d) for u, d in zip(problem.units, problem.place_days, strict=True)}
        self.counts = filter_counts(problem, client_id)
        self.ahead = ahead_of(problem, result, client_id)

    def label(self, unit_id: str) -> str:
        return unit_label(self.problem, unit_id, self.lang)

    def say(self, code: str, **params: str | int | float) -> Reason:
        return reason(code, self.lang, self.problem, **params)

    def run(self, estimated_wait: Mapping[str, Any] | None) -> Explanation:
        mine = self.result.assignment_of(self.client_id)
        ranks = self.client.ranks()
        if mine is not None:
            own = ranks.get(mine.unit_id, len(self.client.preferences) + 1)
            about = sorted((u for u, r in ranks.items() if r < own), key=ranks.__getitem__)
        else:
            about = sorted(ranks, key=ranks.__getitem__)
            about += [u for u, rule in self.first.items() if rule is None and u not in ranks][:1]
        if not self.resolving:  # only what the rules alone decide
            about = [u for u in about if self.first[u] is not None]
        alternatives = [self.alternative(u, ranks.get(u)) for u in about]
        reasons = [a.reason for a in alternatives]
        counterfactuals: list[Counterfactual] = []
        envy, envy_reason = 0, None
        if mine is None:
            reasons = self.waiting_reasons() + reasons
            counterfactuals = self.counterfactuals() if self.resolving else []
            envy, envy_reason = self.envy()
        return Explanation(
            client_id=self.client_id,
            language=self.lang,
            policy=self.result.policy,
            outcome="waiting" if mine is None else "placed",
            assignment=mine,
            headline=self.headline(mine),
            reasons=reasons,
            alternatives=alternatives,
            counterfactuals=counterfactuals,
            tiers=client_tiers(self.problem, mine),
            overrides=self.override_reasons(about),
            justified_envy=envy,
            envy_reason=envy_reason,
            estimated_wait=self.estimate(estimated_wait) if mine is None else None,
            filter_counts=self.counts,
            solves=self.resolve.solves,
        )

    def headline(self, mine: Assignment | None) -> Reason:
        if mine is None:
            return self.say("waiting")
        rank = self.client.ranks().get(mine.unit_id)
        common: dict[str, str | int | float] = {
            "unit": mine.unit_id,
            "move_in": (mine.move_in or self.problem.reference_date).isoformat(),
            "service_class": mine.service_class,
        }
        if rank is None:
            km = round(distance_km(self.client, mine.unit_id, self.problem), 1)
            return self.say("placed_unranked", km=km, **common)
        return self.say("placed_ranked", rank=rank, of=len(self.client.preferences), **common)

    def alternative(self, unit_id: str, rank: int | None) -> Alternative:
        rule = self.first[unit_id]
        change: dict[str, float] = {}
        if (
            rule == "override"
            and self.problem.overrides.pins.get(self.client_id, unit_id) != unit_id
        ):
            why = self.say("rule_pinned", unit=unit_id)
        elif rule == "vacancy" and self.problem.horizon_days is None:  # no horizon to speak of
            why = self.say("rule_vacancy_unknown", unit=unit_id)
        elif rule is not None:
            why = self.say(f"rule_{rule}", unit=unit_id)
        elif self.result.policy != "optimal":
            why = self.taken(unit_id)
        else:
            why, change = self.tradeoff(unit_id)
        return Alternative(
            unit_id=unit_id,
            unit=self.label(unit_id),
            rank=rank,
            distance_km=round(distance_km(self.client, unit_id, self.problem), 1),
            reason=why,
            tier_change=change,
            cost=lower_cost(self.problem, change) if change else None,
        )

    def taken(self, unit_id: str) -> Reason:
        """A serial or stable policy: the unit's places went to clients ahead in the policy's
        own order; or a linked client's group did not fit; or the team's decisions for others
        or a side rule kept it."""
        others = [c for c in self.at.get(unit_id, []) if c != self.client_id]
        ahead = self.ahead
        before = [c for c in others if ahead is not None and ahead(c, unit_id)]
        if len(before) >= self.places[unit_id]:
            return self.say("taken_by_priority", unit=unit_id, count=len(before))
        partners = partners_of(self.problem, self.client_id)
        if partners:
            j = self.problem.units.index(self.problem.unit_by_id[unit_id])
            if any(first_failing(self.problem, p)[j] is not None for p in partners):
                return self.say("linked_partner_cannot", unit=unit_id)
            if self.places[unit_id] - len(before) < len(partners) + 1:
                return self.say("linked_no_room", unit=unit_id)
        return self.blocked_by_rules(unit_id)

    def blocked_by_rules(self, unit_id: str) -> Reason:
        """The unit had room but cannot be the client's: the team's decisions for other
        clients, when forcing it holds once those are set aside; else the side rules."""
        mine = {"pins": {self.client_id: unit_id}}
        alone = self.problem.model_copy(update={"overrides": mine})
        if self.problem.overrides.required() - {self.client_id} and solved(self.resolve(alone)):
            return self.say("taken_by_decision", unit=unit_id)
        return self.say("side_rule", unit=unit_id)

    def tradeoff(self, unit_id: str) -> tuple[Reason, dict[str, float]]:
        """The optimal policy: solve with the unit forced; what it costs the other clients."""
        forced = self.resolve(with_overrides(self.problem, pins={self.client_id: unit_id}))
        label = unit_id
        if not solved(forced):
            return self.blocked_by_rules(unit_id), {}
        change = tier_change(self.result, forced)
        better = (change["placed"], change["urgency_weight"], -lower_cost(self.problem, change))
        if better > (0, 0, 0) and self.result.status != Status.OPTIMAL:
            # A time limit stopped the search. (Against a proven optimum, a forced solve is
            # "better" only by the rounding of the tiers' weighted sum: a tie, below.)
            return self.say("not_proven_best", unit=label), change
        if change["placed"] < 0:
            return self.say("tradeoff_placed", unit=label, count=int(-change["placed"])), change
        if change["urgency_weight"] < 0:
            return self.say("tradeoff_urgency", unit=label), change
        costs = lower_costs(self.problem, change)
        worst = max(costs, key=lambda k: costs[k])
        if costs[worst] <= 0:
            return self.say("tie", unit=label), change
        amount = abs(change[worst])
        stated: dict[str, tuple[str, dict[str, str | int | float]]] = {
            "days_waited": ("tradeoff_days_waited", {}),  # no total: it could be one person's
            "days_to_move_in": ("tradeoff_move_in", {"days": int(amount)}),
            "rank": ("tradeoff_rank", {"steps": int(amount)}),
            "distance_km": ("tradeoff_distance", {"km": round(amount, 1)}),
            "daily_cost_eur": ("tradeoff_cost", {"eur": round(amount, 2)}),
        }
        code, params = stated[worst]
        return self.say(code, unit=label, **params), change

    def waiting_reasons(self) -> list[Reason]:
        suitable = [u for u, rule in self.first.items() if rule is None]
        if not suitable:  # and the first rule that left no unit, as the checks run them
            first = next(rule for rule, left in self.counts.items() if left == 0)
            return [self.say("no_unit_fits"), self.say(f"blocked_{first}")]
        others = {c for u in suitable for c in self.at.get(u, [])}
        return [self.say("units_full", count=len(suitable), others=len(others))]

    def counterfactuals(self) -> list[Counterfactual]:
        found: list[Counterfactual] = []
        ranks = self.client.ranks()
        blocked = [  # units a place would open: suitable ones, or ranked ones with no place
            u
            for u, rule in self.first.items()
            if rule is None or (rule in ("vacancy", "composition") and u in ranks)
        ]
        blocked.sort(key=lambda u: (ranks.get(u, 10**6), distance_km(self.client, u, self.problem)))
        for unit_id in blocked[:_PLACES_TRIED]:
            more = with_place(self.problem, unit_id)
            got = self.placed_in(more)
            klass = _class_at(more, self.client_id, unit_id)
            if got is not None and klass is not None:  # the place is one the client may take
                params = {"unit": unit_id, "service_class": klass}
                code = "cf_add_place"
                if got.unit_id != unit_id:  # a chain of moves: say where the client lands
                    code, params = "cf_add_place_moves", {**params, "other_unit": got.unit_id}
                found.append(
                    Counterfactual(
                        reason=self.say(code, **params),
                        change={"add_place": unit_id},
                        unit_id=got.unit_id,
                    )
                )
                break
        for tried, area in enumerate(area_changes(self.problem, self.client_id)):
            if tried == _AREAS_TRIED:
                break
            got = self.placed_in(with_client(self.problem, self.client_id, **area.fields))
            if got is not None:
                found.append(
                    Counterfactual(
                        reason=self.say(area.code, **area.params),
                        change={"client": dict(area.fields)},
                        unit_id=got.unit_id,
                    )
                )
                break
        return found

    def placed_in(self, changed: Problem) -> Assignment | None:
        return self.resolve(changed).assignment_of(self.client_id)

    def envy(self) -> tuple[int, Reason | None]:
        """Suitable units holding a client of lower priority there than this waiting one."""
        problem = self.problem
        key = memo("priority", (problem,), lambda: priority_at(problem))
        index = problem.client_index
        me = index[self.client_id]
        group = partners_of(problem, self.client_id)
        partners = [first_failing(problem, p) for p in group]
        units = []
        for j, (unit_id, rule) in enumerate(self.first.items()):
            if rule is not None or unit_id not in self.at:
                continue
            if any(failing[j] is not None for failing in partners):
                continue  # the group cannot live there: no envy, and no second reason on it
            holders = np.array([index[c] for c in self.at[unit_id]], np.int64)
            if holders.size:
                at = np.full(holders.size, j, np.int64)
                if (key(holders, at) > key(np.array([me]), at[:1])[0]).any():
                    units.append(unit_id)
        if not units:
            return 0, None
        policy = self.result.policy
        code = {"optimal": "envy_objective", "deferred_acceptance": "envy_side"}.get(
            policy, "envy_order"
        )
        return len(units), self.say(code, count=len(units))

    def override_reasons(self, about: list[str]) -> list[Reason]:
        o, out = self.problem.overrides, []
        if self.client_id in o.pins:
            out.append(self.say("ov_pinned", unit=o.pins[self.client_id]))
        elif self.client_id in o.must_place:
            out.append(self.say("ov_must_place"))
        for unit_id in o.forbidden.get(self.client_id, ()):
            out.append(self.say("ov_forbidden", unit=unit_id))
        pinned = Counter(u for c, u in o.pins.items() if c != self.client_id)
        for unit_id in about:
            if pinned[unit_id]:
                out.append(self.say("ov_others_pinned", unit=unit_id, count=pinned[unit_id]))
        return out

    def estimate(self, row: Mapping[str, Any] | None) -> Reason | None:
        """The client's row of :func:`placement.estimate_waits` in words (whole months of 30.4
        days): the 80 % interval as "most likely", a low end alone as "probably not before";
        quantiles beyond the simulated horizon (NaN) are said to be so, never printed."""
        if row is None:
            return None
        if bool(row.get("unplaceable", False)):
            return self.say("estimated_unplaceable")
        months = {k: float(row[f"{k}_days"]) / 30.4 for k in ("low", "median", "high")}
        if math.isnan(months["low"]):
            return self.say("estimated_beyond")
        if math.isnan(months["median"]) or math.isnan(months["high"]):
            return self.say("estimated_wait_from", low=round(months["low"]))
        return self.say("estimated_wait", **{k: round(v) for k, v in months.items()})

"""Diagnosis of overrides and side constraints that cannot all hold.

When the placement team's decisions (pins, forbidden pairs, clients who must be placed) and the
side constraints (linked clients, incompatible clients, composition limits) leave no valid
placement, :func:`diagnose` names a smallest set of them in conflict: together they cannot
hold, and without any one of them the rest can. Each is a *rule group* the team could drop or
change; the hard rules of each client-unit pair, capacity and the clients' own area choices are
the background facts and are never dropped, but a member's text names the fact that makes it
conflict where that is cheap to find (the rule that leaves a required client no unit).

The core is found by deletion, each test a real solve of the problem without the dropped groups
(the optimal policy, one worker): first irrelevant groups in one go, then halves, quarters and
so on, then one by one. Then it is re-verified: the members alone are infeasible, and dropping
any one of them gives a result :func:`placement.check` accepts. CP-SAT's assumption cores are
not used: they are not minimal and are not a proof by themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from placement.candidates import FILTERS, filter_counts
from placement.check import check
from placement.deadline import Deadline, limit_issue
from placement.errors import Issue, ProblemError, SolveError
from placement.explanations.diagnosis_texts import TEMPLATES
from placement.explanations.language import LANGUAGES, Coded, Language, render, unit_label
from placement.explanations.relax import quiet
from placement.explanations.rule_groups import (
    KINDS,
    Group,
    droppable,
    relevant,
    restrict,
)
from placement.model import Problem
from placement.model.input import as_model
from placement.model.problem import tag_limits, tagged_residents
from placement.result import Assignment, Result, Status

__all__ = ["TEMPLATES", "Diagnosis", "Member", "diagnose"]


class Member(Coded):
    """One rule of a conflict: its code, its parameters (ids, counts) and its text.

    ``params`` name clients and units by id; ``text`` names units by their label
    (:func:`~placement.explanations.language.unit_label`) in the diagnosis's language.
    """


class Diagnosis(BaseModel):
    """Whether the overrides and side constraints can all hold, and if not, a conflict.

    Attributes
    ----------
    feasible : bool
        Whether some valid result keeps every override and side constraint.
    members : list of Member
        A smallest conflicting set of rule groups (empty when feasible).
    minimal : bool
        Whether the members were re-verified: together infeasible, and each one's removal
        re-solved to a result the checker accepts. ``False`` only when the time limit ran out.
    language : {"fi", "sv", "en"}
    solves : int
        Solves the diagnosis ran, the re-verification included.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    feasible: bool
    members: list[Member]
    minimal: bool
    language: Language
    solves: int

    def __str__(self) -> str:
        if self.feasible:
            return render(TEMPLATES, "lead_feasible", {}, self.language)
        lead = "lead_conflict" if self.minimal else "lead_conflict_unproven"
        if len(self.members) == 1:  # alone against the hard rules: minimal by itself
            lead = "lead_conflict_one"
        head = render(TEMPLATES, lead, {"count": len(self.members)}, self.language)
        return "\n".join([head, *(f"- {m.text}" for m in self.members)])


def diagnose(
    problem: Problem, language: Language = "en", *, time_limit: float | None = None
) -> Diagnosis:
    """Name a smallest set of overrides and side constraints that cannot all hold.

    Parameters
    ----------
    problem : Problem
        The problem; its overrides and side constraints are the rule groups examined.
    language : {"fi", "sv", "en"}
        Language of the members' texts.
    time_limit : float or None
        Seconds for the whole diagnosis. When it runs out while the conflict is being
        narrowed, the conflicting set found so far is returned with ``minimal=False``.

    Returns
    -------
    Diagnosis
        ``feasible=True`` with no members, or the members of a conflict.

    Raises
    ------
    SolveError
        If the time limit runs out before the whole problem is shown infeasible or feasible,
        or a solve's result fails the checker (a bug in the library).
    """
    problem = as_model(problem, Problem, "problem")
    issues = []
    if language not in LANGUAGES:
        issues.append(
            Issue("language", f"unknown language '{language}'", f"use one of {LANGUAGES}")
        )
    wrong_limit = limit_issue(time_limit)
    if wrong_limit is not None:
        issues.append(wrong_limit)
    if issues:
        raise ProblemError(issues, what="diagnose argument")
    if not problem.overrides.required():  # placing nobody keeps every rule
        return Diagnosis(feasible=True, members=[], minimal=True, language=language, solves=0)
    oracle = _Oracle(problem, Deadline(time_limit))
    groups = droppable(problem)
    with quiet():
        whole = oracle(groups)
        if whole is not False:
            if whole is None:
                raise SolveError(
                    "could not decide whether the overrides can all hold: the solve of the whole "
                    "problem ended 'unknown' (time limit, or no proven optimum); give more time"
                )
            return Diagnosis(
                feasible=True, members=[], minimal=True, language=language, solves=oracle.solves
            )
        core = _shrink(oracle, groups)
        # Re-verify with fresh solves: infeasible together, feasible without any one member.
        minimal = oracle(core, fresh=True) is False and all(
            oracle([g for g in core if g != member], fresh=True) is True for member in core
        )
    restricted = restrict(problem, core)
    shown = sorted(core, key=lambda g: (-KINDS.index(g[0]), g[1]))  # the team's decisions first
    members = [_member(restricted, group, language) for group in shown]
    return Diagnosis(
        feasible=False, members=members, minimal=minimal, language=language, solves=oracle.solves
    )


# -- the feasibility oracle and the deletion --------------------------------------------------
class _Oracle:
    """Solves ``problem`` restricted to some rule groups: ``True`` feasible (and checked),
    ``False`` proven infeasible, ``None`` undecided in the time left."""

    def __init__(self, problem: Problem, deadline: Deadline) -> None:
        self.problem, self.deadline, self.solves = problem, deadline, 0
        self._known: dict[frozenset[Group], bool | None] = {}

    def __call__(self, kept: Sequence[Group], *, fresh: bool = False) -> bool | None:
        """Whether ``problem`` with only ``kept`` is feasible; ``fresh`` solves again even if
        the same set was solved before (the final re-verification)."""
        key = frozenset(kept)
        if key in self._known and not fresh:
            return self._known[key]
        if self.deadline.expired():
            return None
        from placement.solve import solve  # placement.solve imports the policies, and they us

        restricted = restrict(self.problem, kept)
        self.solves += 1
        result = solve(
            restricted, policy="optimal", workers=1, time_limit=self.deadline.remaining(0.05)
        )
        answer: bool | None = None
        if result.status == Status.INFEASIBLE:
            answer = False
        elif result.status in (Status.OPTIMAL, Status.FEASIBLE):
            broken = check(restricted, result)
            if broken:
                raise SolveError(
                    f"a solve during the diagnosis broke {len(broken)} "
                    f"{'rule' if len(broken) == 1 else 'rules'}, first {broken[0]}: "
                    "please report this"
                )
            answer = True
        self._known[key] = answer
        return answer


def _shrink(oracle: _Oracle, groups: list[Group]) -> list[Group]:
    """A subset of the infeasible ``groups`` from which no group can be dropped.

    Drops chunks while the rest stays proven infeasible: first every irrelevant group, then
    halves, quarters, ..., single groups. Feasibility only grows as groups are dropped, so a
    group kept in the single pass is needed in the final set too.
    """
    needed = relevant(oracle.problem, groups)
    keep = needed if len(needed) < len(groups) and oracle(needed) is False else groups
    chunk = max(1, len(keep) // 2)
    while True:
        at = 0
        while at < len(keep):
            trial = keep[:at] + keep[at + chunk :]
            if oracle(trial) is False:
                keep = trial
            else:
                at += chunk
        if chunk == 1:
            return keep
        chunk = max(1, chunk // 2)


# -- members in words -------------------------------------------------------------------------
_CHECK_RULES = {
    "capacity": "vacancy",
    "features": "features",
    "class_not_offered": "service_class",
    "class_too_low": "service_class",
    "age": "age",
    "excluded": "excluded",
    "resident_incompatible": "resident",
    "composition": "composition",
    "area": "area",
}


def _pin_conflict(problem: Problem, client_id: str, unit_id: str) -> str | None:
    """The first hard rule (of :data:`FILTERS`) the pinned pair breaks, by the checker, or None."""
    unit, ref = problem.unit_by_id[unit_id], problem.reference_date
    days = problem.place_days[[u.id for u in problem.units].index(unit_id)]
    levels = {k.id: k.level for k in problem.service_classes}
    klass = max(unit.offers, key=lambda k: levels.get(k, 0))
    others = tuple(c.id for c in problem.clients if c.id != client_id)
    alone = Result(
        policy="diagnose",
        status=Status.FEASIBLE,
        assignments=(
            Assignment(
                client_id=client_id,
                unit_id=unit_id,
                service_class=klass,
                move_in=days[-1] if days else ref,
            ),
        ),
        unplaced=others,
    )
    free = problem.model_copy(update={"overrides": {}})
    broken = {
        _CHECK_RULES.get(v.rule) for v in check(free, alone) if v.client_id in (client_id, None)
    }
    return next((rule for rule in FILTERS if rule in broken), None)


def _member(problem: Problem, group: Group, language: Language) -> Member:
    """The member of ``group`` in ``problem`` (restricted to the conflict), in ``language``."""
    kind, ids = group
    params: dict[str, str | int | float]
    code: str = kind
    if kind == "pin":
        params = {"client": ids[0], "unit": ids[1]}
        rule = _pin_conflict(problem, ids[0], ids[1])
        if rule is None:
            j = [u.id for u in problem.units].index(ids[1])
            params["places"] = len(problem.place_days[j])
        else:
            code, params["rule"] = "pin_unfit", rule
    elif kind == "must_place":
        params = {"client": ids[0]}
        counts = filter_counts(problem, ids[0])
        rule = next((name for name, n in counts.items() if n == 0), None)
        if rule is not None:
            code, params["rule"] = "must_place_unfit", rule
    elif kind in ("forbidden",):
        params = {"client": ids[0], "unit": ids[1]}
    elif kind == "linked":
        params = {"clients": ", ".join(ids)}
    elif kind == "incompatible":
        params = {"client": ids[0], "other": ids[1]}
    else:
        unit = problem.unit_by_id[ids[0]]
        days = problem.place_days[[u.id for u in problem.units].index(unit.id)]
        params = {
            "unit": unit.id,
            "tag": ids[1],
            "at_most": tag_limits(unit)[ids[1]],
            "residents": tagged_residents(unit, ids[1], days[-1] if days else None),
        }
    shown: dict[str, object] = dict(params)
    if "unit" in shown:
        shown["unit"] = unit_label(problem, str(params["unit"]), language)
    said = params.get("rule")  # a free place is "within the horizon" only where there is one
    if said == "vacancy" and problem.horizon_days is None:
        said = "vacancy_unknown"
    if code == "pin_unfit":
        shown["rule"] = render(TEMPLATES, f"unit_{said}", {}, language)
    if code == "must_place_unfit":
        shown["rule"] = render(TEMPLATES, f"none_{said}", {}, language)
    template = "pin_open" if code == "pin" and problem.horizon_days is None else code
    return Member(code=code, params=params, text=render(TEMPLATES, template, shown, language))

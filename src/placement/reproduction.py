"""Computing a result again from its audit record, and what differs when it is not the same.

Results are reproduced byte for byte where the computation is deterministic: the exact flow
engine, the greedy and lottery policies (seeded), and CP-SAT with ``deterministic=True``. A
multi-worker CP-SAT search or a wall-clock time limit that stopped the search can end elsewhere.

This module sits above :func:`placement.solve` (it solves again); the record itself is made by
:mod:`placement.audit`, below the solver.
"""

from __future__ import annotations

import logging

from placement.audit import audit_of, mismatch, versions
from placement.errors import ProblemError
from placement.model import Problem
from placement.model.input import as_model
from placement.result import Audit, Result
from placement.solve import solve

__all__ = ["differences", "reproduce", "solve_as"]

log = logging.getLogger("placement")


def differences(before: Result, after: Result) -> list[str]:
    """What differs between two results' JSON, field by field, in a few words each.

    Parameters
    ----------
    before, after : Result
        The recorded result and the recomputed one.

    Returns
    -------
    list of str
        One entry per serialised field that differs (``"objective"``, ``"assignments (3
        clients)"``, ``"audit.versions"``); empty if the JSON content is the same.
    """
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    found = []
    for field in old.keys() | new.keys():
        if old.get(field) == new.get(field):
            continue
        if field == "assignments":
            placed_before = {a.client_id: a for a in before.assignments}
            placed_after = {a.client_id: a for a in after.assignments}
            moved = {
                c
                for c in placed_before.keys() | placed_after.keys()
                if placed_before.get(c) != placed_after.get(c)
            }
            found.append(f"assignments ({len(moved)} client{'s' if len(moved) != 1 else ''})")
        elif field == "audit" and isinstance(old.get(field), dict) and new.get(field):
            inner = old[field].keys() | new[field].keys()
            found.extend(
                f"audit.{key}"
                for key in sorted(inner)
                if old[field].get(key) != new[field].get(key)
            )
        else:
            found.append(field)
    return sorted(found)


def reproduce(problem: Problem, result_or_audit: Result | Audit) -> Result:
    """Solve ``problem`` again with the policy, engine and options an audit recorded.

    Parameters
    ----------
    problem : Problem
        The problem the result was computed from; its hash must match the audit's.
    result_or_audit : Result or Audit
        A result of :func:`placement.solve` (or its ``audit``).

    Returns
    -------
    Result
        The new result. Where the computation is deterministic (see the module's notes) its
        JSON is byte-identical to the original's.

    Raises
    ------
    ProblemError
        If the problem's hash differs from the audit's, or a result carries no audit. Nothing
        is solved then.

    Notes
    -----
    Library versions that differ from the recorded ones are logged as a warning on the
    ``placement`` logger; the solve still runs, since most upgrades change nothing.
    """
    audit = audit_of(result_or_audit)
    problem = as_model(problem, Problem, "problem")
    issue = mismatch(problem, audit)
    if issue is not None:
        raise ProblemError([issue], what="reproduce arguments")
    now = versions()
    changed = [
        f"{name} {audit.versions.get(name, 'absent')} -> {now.get(name, 'absent')}"
        for name in sorted(set(audit.versions) | set(now))
        if audit.versions.get(name) != now.get(name)
    ]
    if changed:
        log.warning(
            "reproducing with other library versions than recorded (%s); the result may differ",
            ", ".join(changed),
        )
    return solve_as(problem, audit)


def solve_as(problem: Problem, audit: Audit) -> Result:
    """Solve ``problem`` with the policy, engine, seed and options ``audit`` recorded.

    Unlike :func:`reproduce` it checks nothing: explanations use it to solve *changed*
    problems the way the result they explain was solved.
    """
    options = audit.options
    return solve(
        problem,
        audit.policy,
        engine=audit.engine,
        time_limit=options.time_limit,
        seed=audit.seed,
        workers=options.workers,
        deterministic=options.deterministic,
        max_edges=options.max_edges,
    )

"""Audit records: what a result was computed from and with, and computing it again.

A proposed placement becomes an administrative decision, so anyone reviewing it (the team, a
regional social worker, a court on appeal) must be able to recompute it from the problem it was
made from. Every result of :func:`placement.solve` carries an :class:`Audit`: the SHA-256 of the
problem's canonical JSON, the library versions, and the policy, engine and options of the call.
:func:`placement.reproduce` (in :mod:`placement.reproduction`, a layer above the solver) refuses
a problem whose hash differs and solves again with what was recorded.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import platform

from placement.encoding import PerProblem
from placement.errors import Issue, ProblemError
from placement.model import Problem
from placement.model.input import as_model
from placement.result import Audit, AuditOptions, Result, Status
from placement.version import __version__

__all__ = [
    "Audit",
    "AuditOptions",
    "audit_of",
    "canonical_json",
    "mismatch",
    "problem_hash",
    "record",
    "result_hash",
    "versions",
]

log = logging.getLogger("placement")

_LIBRARIES = ("ortools", "numpy", "scipy", "highspy", "pydantic")
"""Distributions whose version can change a result (solvers, arithmetic) or its JSON."""


def canonical_json(problem: Problem) -> bytes:
    """The problem's canonical JSON: what its audit hash is the SHA-256 of.

    It is the problem's own JSON (``Problem.model_dump_json()``) as UTF-8 bytes: every field,
    defaults filled in, in the order the model declares them; the keys of every mapping
    (offers, needs, pins, forbidden pairs, urgency weights) sorted, as the model keeps them; no
    whitespace; non-ASCII text as is. It does not depend on the key order of the file the
    problem was read from, and a problem re-read from it has the same canonical JSON.
    ``placement solve --canonical-problem FILE`` writes it, so the hash can be checked with
    nothing but SHA-256: ``sha256sum FILE``.

    Parameters
    ----------
    problem : Problem
        A validated problem.

    Returns
    -------
    bytes
        The canonical JSON, UTF-8.
    """
    return problem.__pydantic_serializer__.to_json(problem)  # model_dump_json(), as bytes


def _canonical_hash(problem: Problem) -> str:
    return hashlib.sha256(canonical_json(problem)).hexdigest()


def _sorted_hash(problem: Problem) -> str:
    """The hash of placement 0.1.0: SHA-256 of the JSON dump with keys sorted at every level."""
    data = problem.model_dump(mode="json")
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_hashes: PerProblem[str] = PerProblem(_canonical_hash)


def problem_hash(problem: Problem) -> str:
    """SHA-256 (hex) of the problem's canonical JSON (:func:`canonical_json`).

    Problems are immutable, so the hash is computed once per problem object: one serialisation
    in pydantic's compiled core and one SHA-256 (about 0.03 s at 10,000 clients x 1,500
    units, a few per cent of a solve).

    Parameters
    ----------
    problem : Problem
        A validated problem.

    Returns
    -------
    str
        64 lower-case hexadecimal digits.
    """
    return _hashes(problem)


def result_hash(result: Result) -> str:
    """SHA-256 (hex) of the result's JSON (``Result.model_dump_json()``, UTF-8).

    The JSON leaves out the measurements (``runtime``, ``phases``), so a result computed again
    from the same problem with a deterministic engine path has the same hash: the identity an
    offer written from it carries (see ``docs/pathway.md``).
    """
    return hashlib.sha256(result.model_dump_json().encode("utf-8")).hexdigest()


@functools.cache
def versions() -> dict[str, str]:
    """Versions of placement, Python and the installed numerical libraries.

    Read from the installed packages' metadata, so nothing heavy is imported; a library that
    is not installed is left out.

    Returns
    -------
    dict of str to str
        ``{"placement": ..., "python": ..., "ortools": ..., ...}``, keys sorted.
    """
    from importlib import metadata  # here: a heavy import, needed once per process

    found = {"placement": __version__, "python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return dict(sorted(found.items()))


def record(
    problem: Problem,
    policy: str,
    *,
    engine: str,
    seed: int,
    options: AuditOptions,
    status: Status,
    runtime: float,
) -> Audit:
    """The audit record of one :func:`placement.solve` call.

    Parameters
    ----------
    problem : Problem
        The problem solved.
    policy, engine : str
        The policy and the engine requested.
    seed : int
        The random seed passed.
    options : AuditOptions
        The call's other keywords.
    status : Status
        The status reached.
    runtime : float
        Wall-clock seconds of the call (kept out of the JSON).
    """
    return Audit(
        problem_sha256=problem_hash(problem),
        versions=dict(versions()),
        policy=policy,
        engine=engine,
        seed=seed,
        options=options,
        status=status,
        runtime=runtime,
    )


def audit_of(result_or_audit: Result | Audit) -> Audit:
    """The audit record itself, or the one a result carries.

    Raises
    ------
    ProblemError
        If a result carries no audit, or the argument is neither a Result nor an Audit.
    """
    if isinstance(result_or_audit, Audit):
        return result_or_audit
    result = as_model(result_or_audit, Result, "result_or_audit")
    if result.audit is None:
        issue = Issue(
            "result_or_audit.audit",
            "the result carries no audit record, so what it was computed with is unknown "
            "(it was not made by placement.solve, or by a version before audit records)",
            "solve the problem again with placement.solve; its result carries the record",
        )
        raise ProblemError([issue], what="reproduce arguments")
    return result.audit


def mismatch(problem: Problem, audit: Audit) -> Issue | None:
    """The issue that ``problem`` is not the one ``audit`` was made from, or ``None``.

    Parameters
    ----------
    problem : Problem
        The problem at hand.
    audit : Audit
        A result's audit record. One made by placement 0.1.0 holds the hash of the problem's
        JSON with its keys sorted at every level; that one is accepted too.
    """
    digest = problem_hash(problem)
    if digest == audit.problem_sha256:
        return None
    if _sorted_hash(problem) == audit.problem_sha256:  # a result of placement 0.1.0
        return None
    return Issue(
        "problem",
        f"its sha256 {digest[:12]}... differs from the audit's problem_sha256 "
        f"{audit.problem_sha256[:12]}...: the result was computed from another problem "
        "(or from this one before a change)",
        "pass the problem the result was solved from, unchanged",
    )

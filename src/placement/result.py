"""Results: the same shape for every policy and engine, so policies compare side by side."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from enum import StrEnum

from pydantic import ConfigDict, Field

from placement.model.input import InputModel
from placement.model.types import Number, WholeNumber
from placement.names import EngineName, PolicyName
from placement.schemas import SCHEMA_VERSIONS, ResultVersion

__all__ = ["Assignment", "Audit", "AuditOptions", "Result", "Status"]


class Status(StrEnum):
    """How good a result is known to be.

    ``optimal``: proven best for the policy's objective. ``feasible``: valid, not proven best
    (for instance stopped by a time limit). ``infeasible``: proven to have no valid result.
    ``unknown``: the solver stopped before finding anything, or a policy that cannot prove
    infeasibility found no result that keeps the overrides.

    A result that is ``infeasible`` or ``unknown`` because of the overrides places nobody;
    :func:`placement.diagnose` names the rules in conflict.
    """

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


class Assignment(InputModel):
    """One placed client: where, at which service class, and from which day."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "assignment"

    client_id: str
    unit_id: str
    service_class: str
    move_in: dt.date | None = None


class AuditOptions(InputModel):
    """The keywords a :func:`placement.solve` call passed besides policy, engine and seed.

    Attributes
    ----------
    time_limit : float or None
        Seconds for the whole call (CP-SAT's deterministic time units when ``deterministic``),
        as passed; ``None`` for no limit.
    workers : int
        CP-SAT search workers; 0 used every core.
    deterministic : bool
        Whether CP-SAT ran with one worker and a deterministic time limit.
    max_edges : int or None
        The candidate-edge guard, as passed (``None``: the library's default).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "audit options"

    time_limit: Number | None = Field(default=None, gt=0)
    workers: WholeNumber = Field(default=0, ge=0)
    deterministic: bool = False
    max_edges: WholeNumber | None = Field(default=None, ge=1)


class Audit(InputModel):
    """What a result was computed from and with: enough to compute it again.

    Made by :func:`placement.solve` and read by :func:`placement.reproduce`, which refuses a
    problem whose hash differs and warns when library versions differ.

    Attributes
    ----------
    problem_sha256 : str
        SHA-256 (hex) of the problem's canonical JSON: its JSON-mode dump with sorted keys,
        no spaces, UTF-8 (:func:`placement.audit.problem_hash`).
    versions : dict of str to str
        Versions of placement, Python and the numerical libraries the result depends on.
    policy, engine : str
        The policy and the engine *requested* (``auto`` stays ``auto``; ``Result.engine``
        says which engine ran).
    seed : int
        The random seed passed.
    options : AuditOptions
        Every other keyword of the call.
    status : Status
        The status the call reached.
    runtime : float
        Wall-clock seconds of the call. A measurement, so it is left out of the JSON like
        ``Result.runtime``: identical inputs give identical files.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "audit"

    problem_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    versions: dict[str, str]
    policy: PolicyName
    engine: EngineName
    seed: WholeNumber = Field(ge=0)
    options: AuditOptions = Field(default_factory=AuditOptions)
    status: Status
    runtime: float = Field(default=0.0, exclude=True)


class Result(InputModel):
    """The outcome of :func:`placement.solve`.

    Attributes
    ----------
    policy, engine : str
        What produced it.
    status : Status
        How good it is known to be.
    objective, bound, gap : number or None
        The policy's objective (points, minimised), the best proven bound and the relative gap
        between them; ``None`` where the policy has no objective.
    tiers : dict of str to float
        The objective's tiers in natural units (clients, days, ranks, km, EUR/day).
    assignments : tuple of Assignment
        Placed clients, sorted by client id.
    unplaced : tuple of str
        Ids of clients left waiting, sorted.
    runtime : float
        Wall-clock seconds. A measurement, so it is left out of the JSON: identical inputs give
        identical files.
    phases : dict of str to float
        Seconds each phase of the call used (``candidates``, ``search``, ``repair``,
        ``result``), all drawn from the call's one time limit. Left out of the JSON too.
    audit : Audit or None
        The record :func:`placement.reproduce` needs to compute this result again; set by
        :func:`placement.solve`, ``None`` on results built otherwise (e.g. by the simulator).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "result"

    schema_version: ResultVersion = SCHEMA_VERSIONS["result"]
    policy: str
    engine: str | None = None
    status: Status
    objective: int | None = None
    bound: float | None = None
    gap: float | None = None
    seed: int | None = None
    tiers: dict[str, float] = Field(default_factory=dict)
    assignments: tuple[Assignment, ...] = ()
    unplaced: tuple[str, ...] = ()
    runtime: float = Field(default=0.0, exclude=True)
    phases: dict[str, float] = Field(default_factory=dict, exclude=True)
    audit: Audit | None = None

    def assignment_of(self, client_id: str) -> Assignment | None:
        """The assignment of ``client_id``, or ``None`` if unplaced."""
        return next((a for a in self.assignments if a.client_id == client_id), None)

    def summary(self) -> str:
        """A few readable lines: status, placed, classes used and objective."""
        placed = len(self.assignments)
        total = placed + len(self.unplaced)
        classes = Counter(a.service_class for a in self.assignments)
        lines = [
            f"policy {self.policy}"
            + (f" (engine {self.engine})" if self.engine else "")
            + f": {self.status.value} in {self.runtime:.2f} s",
            f"placed {placed} of {total} clients; {len(self.unplaced)} still waiting",
        ]
        if classes:
            lines.append(
                "service classes: " + ", ".join(f"{k} {n}" for k, n in sorted(classes.items()))
            )
        if self.objective is not None:
            gap = f", gap {self.gap:.2%}" if self.gap else ""
            lines.append(f"objective {self.objective} points (bound {self.bound}{gap})")
        return "\n".join(lines)

"""The service's request and response bodies: the library's own models inside thin envelopes.

Requests are :class:`~placement.model.input.InputModel` s, read by the library's strict JSON
reader (duplicate keys, nesting depth and invalid UTF-8 refused with their position) and
refused with every issue at once, by field path, never echoing a value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from placement.explanations.language import Language
from placement.model import Client, Problem, Unit
from placement.model.input import InputModel
from placement.names import EngineName, PolicyName
from placement.result import Result
from placement.simulate.scenario import Scenario

__all__ = [
    "AnswerRequest",
    "CheckRequest",
    "CheckResponse",
    "DiagnoseRequest",
    "EventRequest",
    "ExplainAllRequest",
    "ExplainRequest",
    "Job",
    "MoveInRequest",
    "MoveOutRequest",
    "OffersRequest",
    "OpenCaseRequest",
    "ProblemDetails",
    "RoundRequest",
    "SimulateRequest",
    "SolveRequest",
    "UnitsRequest",
    "ViolationOut",
    "WaitsRequest",
]

MAX_REPLICATIONS = 2_000
"""Most replications a waits or simulation job may ask for."""


class _Request(InputModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    input_name = "request"


class SolveRequest(_Request):
    """``POST /v1/solve``: a problem and how to solve it (see :func:`placement.solve`)."""

    problem: Problem
    policy: PolicyName = "optimal"
    engine: EngineName = "auto"
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    time_limit: float | None = Field(default=None, gt=0, le=3600, description="Seconds.")
    deterministic: bool = False


class CheckRequest(_Request):
    """``POST /v1/check``: a result against its problem's hard rules."""

    problem: Problem
    result: Result


class ExplainRequest(_Request):
    """``POST /v1/explain``: why one client got their outcome, in a language."""

    problem: Problem
    result: Result
    client_id: str = Field(min_length=1, max_length=64)
    language: Language = "en"


class ExplainAllRequest(_Request):
    """``POST /v1/jobs/explanations``: every waiting client's explanation, as a job."""

    problem: Problem
    result: Result
    language: Language = "en"


class DiagnoseRequest(_Request):
    """``POST /v1/diagnose``: the smallest set of overrides and rules that cannot all hold."""

    problem: Problem
    language: Language = "en"


class WaitsRequest(_Request):
    """``POST /v1/jobs/waits``: every waiting client's estimated wait, as a job."""

    problem: Problem
    policy: PolicyName = "optimal"
    replications: int = Field(default=200, ge=1, le=MAX_REPLICATIONS)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)


class SimulateRequest(_Request):
    """``POST /v1/jobs/simulate``: a capacity-planning scenario, as a job."""

    scenario: Scenario
    replications: int = Field(default=100, ge=1, le=MAX_REPLICATIONS)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)


class UnitsRequest(_Request):
    """``POST /v1/tracker/units``: register units (new ones with their residents)."""

    units: tuple[Unit, ...] = Field(min_length=1)
    at: dt.datetime | dt.date


class OpenCaseRequest(_Request):
    """``POST /v1/tracker/cases``: open a case, with its matching profile."""

    case_id: str = Field(min_length=1, max_length=64)
    at: dt.datetime | dt.date
    municipality: str = Field(min_length=1, max_length=128)
    social_worker: str = Field(min_length=1, max_length=64)
    placement_worker: str | None = Field(default=None, min_length=1, max_length=64)
    client: Client | None = None


class EventRequest(_Request):
    """``POST /v1/tracker/cases/{case_id}/events``: the case entered a stage."""

    stage: str = Field(min_length=1, max_length=64)
    at: dt.datetime | dt.date
    resource: str = Field(min_length=1, max_length=64)
    role: str | None = Field(default=None, description="The stage's own role by default.")
    attributes: dict[str, str] = Field(default_factory=dict)


class AnswerRequest(_Request):
    """``POST /v1/tracker/cases/{case_id}/answer``: the client's answer to the open offer."""

    reply: Literal["accept", "decline"]
    at: dt.datetime | dt.date
    resource: str = Field(min_length=1, max_length=64)


class MoveInRequest(_Request):
    """``POST /v1/tracker/cases/{case_id}/move-in``: unit and class default to the offer's."""

    at: dt.datetime | dt.date
    resource: str = Field(min_length=1, max_length=64)
    unit: str | None = Field(default=None, min_length=1, max_length=64)
    service_class: str | None = Field(default=None, min_length=1, max_length=64)


class MoveOutRequest(_Request):
    """``POST /v1/tracker/residents/{resident_id}/move-out``."""

    at: dt.datetime | dt.date


class OffersRequest(_Request):
    """``POST /v1/tracker/offers``: a result's offers, written or refused case by case."""

    problem: Problem
    result: Result
    at: dt.datetime | dt.date | None = None
    resource: str | None = Field(default=None, min_length=1, max_length=64)


class RoundRequest(_Request):
    """``POST /v1/tracker/rounds``: the round of a day, once (see :func:`run_round`)."""

    as_of: dt.date
    policy: PolicyName = "optimal"
    settings: dict[str, Any] | None = Field(
        default=None,
        description="Problem fields besides units, clients and reference date (service classes, "
        "weights, municipalities, needs mapping); the last round's by default.",
    )


class ViolationOut(BaseModel):
    """One broken hard rule (rule name, message and ids; no personal details)."""

    rule: str
    message: str
    client_id: str | None = None
    unit_id: str | None = None


class CheckResponse(BaseModel):
    """The broken hard rules; empty when the result keeps every one."""

    violations: list[ViolationOut]


class Job(BaseModel):
    """A submitted job: poll ``GET /v1/jobs/{id}`` until ``status`` is ``done`` or
    ``failed``, then fetch ``GET /v1/jobs/{id}/result``."""

    id: str
    kind: Literal["waits", "simulate", "explanations"]
    status: Literal["running", "done", "failed"]
    submitted: dt.datetime
    problem_sha256: str | None = None
    error: str | None = None


class ProblemDetails(BaseModel):
    """An error as RFC 9457 ``application/problem+json``, with the library's issues."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    issues: list[dict[str, str]] = Field(default_factory=list)


JsonObject = dict[str, Any]

"""The matching endpoints: solve, check, explain, diagnose, and the jobs for long work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from placement.audit import problem_hash, result_hash
from placement.check import check
from placement.explanations import Diagnosis, Explanation, diagnose, explain
from placement.result import Result
from placement.service.calls import answer, bounded, bounded_future, read
from placement.service.config import Token
from placement.service.guard import Planner, Reader
from placement.service.models import (
    CheckRequest,
    CheckResponse,
    DiagnoseRequest,
    ExplainAllRequest,
    ExplainRequest,
    Job,
    SimulateRequest,
    SolveRequest,
    ViolationOut,
    WaitsRequest,
)
from placement.service.problems import problem
from placement.service.solving import solve_body
from placement.service.spec import documented

__all__ = ["router"]

router = APIRouter(prefix="/v1")


def _hashes(request: Request, problem: Any = None, result: Result | None = None) -> None:
    audit = request.state.audit
    if problem is not None:
        audit["problem_sha256"] = problem_hash(problem)
    if result is not None:
        audit["result_sha256"] = result_hash(result)


@router.post("/solve", summary="Solve a problem", **documented(SolveRequest, Result))
async def solve_endpoint(request: Request, _: Reader) -> Response:
    """Match the problem's clients to units (:func:`placement.solve`); the result carries its
    audit record. The time limit is capped by the service's request limit. Solves run in the
    service's pool of solver processes."""
    body = await request.body()
    cap = 0.8 * request.app.state.config.request_seconds
    pool = request.app.state.solver
    ok, payload, extra = await bounded_future(request, pool.submit(solve_body, body, cap))
    if not ok:
        return problem(422, extra["detail"], extra["issues"])
    request.state.audit.update(extra)
    return Response(payload, media_type="application/json")


@router.post("/check", summary="Check a result", **documented(CheckRequest, CheckResponse))
async def check_endpoint(request: Request, _: Reader) -> Response:
    """Every hard rule the result breaks (:func:`placement.check`); an empty list if none."""
    body = await read(request, CheckRequest)
    found = await bounded(request, check, body.problem, body.result)
    _hashes(request, body.problem, body.result)
    violations = [
        ViolationOut(rule=v.rule, message=v.message, client_id=v.client_id, unit_id=v.unit_id)
        for v in found
    ]
    return answer(CheckResponse(violations=violations))


@router.post("/explain", summary="Explain one outcome", **documented(ExplainRequest, Explanation))
async def explain_endpoint(request: Request, _: Reader) -> Response:
    """Why the client got their outcome, in Finnish, Swedish or English
    (:func:`placement.explain`)."""
    body = await read(request, ExplainRequest)
    found = await bounded(
        request, explain, body.problem, body.result, body.client_id, body.language
    )
    _hashes(request, body.problem, body.result)
    return answer(found)


@router.post("/diagnose", summary="Diagnose conflicts", **documented(DiagnoseRequest, Diagnosis))
async def diagnose_endpoint(request: Request, _: Reader) -> Response:
    """The smallest set of overrides and side rules that cannot all hold."""
    body = await read(request, DiagnoseRequest)
    found = await bounded(request, diagnose, body.problem, body.language)
    _hashes(request, body.problem)
    return answer(found)


async def _submit(request: Request, token: Token, kind: str, model: Any) -> Response:
    body = await read(request, model)
    problem = getattr(body, "problem", None)
    _hashes(request, problem)
    digest = None if problem is None else problem_hash(problem)
    job = request.app.state.jobs.submit(kind, token.id, body.model_dump_json(), digest)
    request.state.audit["job"] = job["id"]
    return answer(job, status=202)


@router.post("/jobs/waits", summary="Estimate waits (job)", **documented(WaitsRequest, Job, 202))
async def waits_job(request: Request, token: Planner) -> Response:
    """Start estimating every waiting client's wait (:func:`placement.estimate_waits`)."""
    return await _submit(request, token, "waits", WaitsRequest)


@router.post(
    "/jobs/simulate", summary="Simulate a scenario (job)", **documented(SimulateRequest, Job, 202)
)
async def simulate_job(request: Request, token: Planner) -> Response:
    """Start simulating a capacity-planning scenario (:func:`placement.simulate.run`)."""
    return await _submit(request, token, "simulate", SimulateRequest)


@router.post(
    "/jobs/explanations",
    summary="Explain every outcome (job)",
    **documented(ExplainAllRequest, Job, 202),
)
async def explanations_job(request: Request, token: Reader) -> Response:
    """Start explaining every client's outcome in a language."""
    return await _submit(request, token, "explanations", ExplainAllRequest)


@router.get("/jobs/{job_id}", summary="A job's status", **documented(response=Job))
async def job_status(job_id: str, request: Request, token: Reader) -> Response:
    """The job's status: ``running``, ``done`` or ``failed`` (with the reason)."""
    try:
        return answer(request.app.state.jobs.describe(job_id, token.id))
    except KeyError:
        raise HTTPException(404, "no such job of this token") from None


@router.get("/jobs/{job_id}/result", summary="A job's result", **documented())
async def job_result(job_id: str, request: Request, token: Reader) -> Response:
    """The finished job's result (409 while it runs or when it failed)."""
    try:
        found = request.app.state.jobs.result(job_id, token.id)
    except KeyError:
        raise HTTPException(404, "no such job of this token") from None
    if found is None:
        raise HTTPException(409, "the job has not finished, or it failed: see its status")
    return Response(found, media_type="application/json")

"""The HTTP service against a real uvicorn server: tokens and roles, limits, errors as
problem+json, jobs that outlive their client, the audit log, and the OpenAPI document."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import placement as pl
from tests.service_server import auth, config, serving

OPENAPI = Path(__file__).parents[1] / "docs" / "openapi.json"
ANNOUNCED = {"1.0": "18bb0bd683c835c42075139d91826551991c2fb9bf78f1317a3337267229605b"}
"""The shape (paths, parameters, bodies, schemas; no prose) of each released API version: a
change to the shape needs a new version here and in ``placement.service.spec.API_VERSION``."""


def _shape(node: Any) -> Any:
    """The document without its prose (descriptions, summaries, titles, examples)."""
    prose = {"description", "summary", "title", "examples", "example"}
    if isinstance(node, dict):
        return {k: _shape(v) for k, v in node.items() if k not in prose or not isinstance(v, str)}
    if isinstance(node, list):
        return [_shape(v) for v in node]
    return node


@pytest.fixture(scope="module")
def audit_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("service") / "audit.jsonl"


@pytest.fixture(scope="module")
def url(audit_log: Path) -> Iterator[str]:
    with serving(config(store=":memory:", audit_log=audit_log, max_body_bytes=1_000_000)) as base:
        yield base


@pytest.fixture(scope="module")
def luvn() -> dict[str, Any]:
    return json.loads(pl.datasets.load("luvn").model_dump_json())


def _client(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, timeout=120)


def test_no_token_is_401_and_the_wrong_role_403(url: str, luvn: dict[str, Any]) -> None:
    with _client(url) as c:
        missing = c.post("/v1/solve", json={"problem": luvn})
        wrong = c.post("/v1/solve", json={"problem": luvn}, headers={"Authorization": "Bearer x"})
        forbidden = c.post("/v1/jobs/waits", json={"problem": luvn}, headers=auth("read"))
        writer = c.post("/v1/tracker/rounds", json={"as_of": "2026-01-05"}, headers=auth("plan"))
    assert missing.status_code == wrong.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert forbidden.status_code == writer.status_code == 403
    for response in (missing, wrong, forbidden, writer):
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert set(body) == {"type", "title", "status", "detail", "issues"}
        assert body["status"] == response.status_code


def test_a_10_mb_body_is_413_before_it_is_read(url: str) -> None:
    with _client(url) as c:
        declared = c.post("/v1/solve", content=b" " * 10_000_000, headers=auth("read"))

        def chunks() -> Iterator[bytes]:
            for _ in range(100):
                yield b" " * 100_000

        streamed = c.post("/v1/solve", content=chunks(), headers=auth("read"))
    assert declared.status_code == streamed.status_code == 413
    assert declared.json()["status"] == 413


def test_bad_input_is_422_with_every_issue_and_no_value(url: str, luvn: dict[str, Any]) -> None:
    secret = "needs-are-secret"
    broken = {**luvn, "clients": [{**luvn["clients"][0], "urgency": secret, "age": secret}]}
    with _client(url) as c:
        refused = c.post("/v1/solve", json={"problem": broken}, headers=auth("read"))
        duplicate = c.post(
            "/v1/solve",
            content=b'{"problem": {}, "problem": {}}',
            headers={**auth("read"), "content-type": "application/json"},
        )
    assert refused.status_code == 422
    paths = {i["path"] for i in refused.json()["issues"]}
    assert {"problem.clients[c00001].urgency", "problem.clients[c00001].age"} <= paths
    assert secret not in refused.text
    assert duplicate.status_code == 422
    assert "duplicate key" in duplicate.json()["issues"][0]["message"]


def test_solve_check_explain_and_diagnose(url: str, luvn: dict[str, Any]) -> None:
    with _client(url) as c:
        solved = c.post("/v1/solve", json={"problem": luvn}, headers=auth("read"))
        result = solved.json()
        checked = c.post(
            "/v1/check", json={"problem": luvn, "result": result}, headers=auth("read")
        )
        waiting = result["unplaced"][0]
        told = c.post(
            "/v1/explain",
            json={"problem": luvn, "result": result, "client_id": waiting, "language": "sv"},
            headers=auth("read"),
        )
        diagnosed = c.post("/v1/diagnose", json={"problem": luvn}, headers=auth("read"))
    assert solved.status_code == 200
    problem = pl.Problem.model_validate(luvn)
    assert pl.check(problem, pl.Result.model_validate(result)) == []
    assert result["audit"]["problem_sha256"] == pl.audit.problem_hash(problem)
    assert checked.json() == {"violations": []}
    assert told.json()["language"] == "sv"
    assert told.json()["outcome"] == "waiting"
    assert diagnosed.status_code == 200


def test_a_job_outlives_the_client_that_submitted_it(url: str) -> None:
    small = json.loads(pl.datasets.synthetic(n_clients=20, n_units=4, seed=2).model_dump_json())
    with _client(url) as c:  # the submitter goes away at once
        job = c.post(
            "/v1/jobs/waits", json={"problem": small, "replications": 20}, headers=auth("plan")
        ).json()
    assert job["status"] == "running"
    with _client(url) as later:
        other = later.get(f"/v1/jobs/{job['id']}", headers=auth("read"))
        assert other.status_code == 404  # another token's job is not there
        deadline = time.monotonic() + 240
        while (status := later.get(f"/v1/jobs/{job['id']}", headers=auth("plan")).json())[
            "status"
        ] == "running":
            assert time.monotonic() < deadline
            time.sleep(0.5)
        assert status["status"] == "done", status
        rows = later.get(f"/v1/jobs/{job['id']}/result", headers=auth("plan")).json()["clients"]
    assert {r["client_id"] for r in rows} == {c["id"] for c in small["clients"]}


def test_the_audit_log_holds_no_needs_names_or_free_text(
    url: str, luvn: dict[str, Any], audit_log: Path
) -> None:
    with _client(url) as c:
        c.post("/v1/solve", json={"problem": luvn}, headers=auth("read"))
    lines = [json.loads(line) for line in audit_log.read_text(encoding="utf-8").splitlines()]
    assert lines
    allowed = {
        "time", "method", "endpoint", "status", "outcome", "token", "role",
        "problem_sha256", "result_sha256", "job",
    }  # fmt: skip
    assert all(set(line) <= allowed for line in lines)
    solved = [line for line in lines if line["endpoint"] == "/v1/solve" and line["status"] == 200]
    assert solved
    assert solved[-1]["problem_sha256"] == pl.audit.problem_hash(pl.Problem.model_validate(luvn))
    text = audit_log.read_text(encoding="utf-8")
    domains = {d for c in luvn["clients"] for d in c.get("needs", {})}
    assert domains
    assert not any(f'"{d}"' in text for d in domains)
    assert not any(u["name"] in text for u in luvn["units"] if u.get("name"))
    assert "Bearer" not in text
    assert "tok-" not in text  # no token secrets


def test_the_openapi_document_is_announced(url: str) -> None:
    """A changed API must change docs/openapi.json (placement serve --openapi) and, if it is
    not only an addition, its version."""
    with _client(url) as c:
        served = c.get("/openapi.json").json()
    assert served["openapi"].startswith("3.1")
    assert all(p.startswith(("/v1/", "/healthz", "/readyz")) for p in served["paths"])
    committed = json.loads(OPENAPI.read_text(encoding="utf-8"))
    assert served == committed, "regenerate: placement serve --openapi docs/openapi.json --force"
    shape = json.dumps(_shape(served), sort_keys=True).encode("utf-8")
    version = served["info"]["version"]
    assert hashlib.sha256(shape).hexdigest() == ANNOUNCED.get(version), (
        f"the API's shape changed under version {version}: announce a new version"
    )


def test_jobs_run_on_a_dask_cluster_named_by_address() -> None:
    """The same job board on a Dask scheduler instead of the local pool."""
    from distributed import LocalCluster

    from placement.service.jobs import JobBoard

    small = pl.datasets.synthetic(n_clients=12, n_units=3, seed=4)
    request = json.dumps({"problem": json.loads(small.model_dump_json()), "replications": 5})
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False) as cluster:
        board = JobBoard(dask_address=cluster.scheduler_address)
        try:
            job = board.submit("waits", "planner", request, None)
            deadline = time.monotonic() + 240
            while board.describe(job["id"], "planner")["status"] == "running":
                assert time.monotonic() < deadline
                time.sleep(0.2)
            assert board.describe(job["id"], "planner")["status"] == "done"
            found = board.result(job["id"], "planner")
            assert found is not None
            rows = json.loads(found)["clients"]
            assert {r["client_id"] for r in rows} == {c.id for c in small.clients}
        finally:
            board.close()

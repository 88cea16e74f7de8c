"""Versioned data contracts: every document carries its version; a schema never changes silently."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import create_model

import placement as pl
from placement.documents import documents, schema_of, unannounced_changes
from placement.schemas import SCHEMA_VERSIONS

COMMITTED = Path(__file__).parents[1] / "docs" / "schemas"


def test_the_committed_schemas_are_the_models() -> None:
    """Fails when a model's schema changes without a version bump (or the schemas are stale)."""
    assert unannounced_changes(COMMITTED) == []


def test_an_unannounced_change_is_caught() -> None:
    """A document gaining a field without a new version is reported, by name, with the fix."""
    problem = documents()["problem"]
    grown = create_model("Problem", __base__=problem, district=(str, ""))
    found = unannounced_changes(COMMITTED, {"problem": lambda: schema_of("problem", grown)})
    assert len(found) == 1
    assert found[0].startswith("problem: the schema changed but its version is still 1.2")
    assert "CHANGELOG.md" in found[0]


def test_a_bumped_version_must_be_committed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SCHEMA_VERSIONS, "week", "1.1")
    found = unannounced_changes(COMMITTED, {"week": lambda: schema_of("week")})
    assert found == [
        "week: version 1.1 is not committed yet; run placement schema --all --out docs/schemas/"
    ]


def test_every_document_carries_its_version_and_id() -> None:
    for kind, model in documents().items():
        schema = schema_of(kind)
        assert schema["$id"].endswith(f"{kind.replace('_', '-')}-{SCHEMA_VERSIONS[kind]}.json")
        assert "schema_version" in model.model_fields, kind
    problem = pl.datasets.load("luvn")
    assert json.loads(problem.model_dump_json())["schema_version"] == SCHEMA_VERSIONS["problem"]
    result = pl.solve(problem, policy="fifo")
    assert json.loads(result.model_dump_json())["schema_version"] == SCHEMA_VERSIONS["result"]


def _problem_data(version: str | None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(pl.datasets.load("luvn").model_dump_json())
    if version is None:
        del data["schema_version"]
    else:
        data["schema_version"] = version
    return data


def test_readers_accept_the_previous_minor_version_and_refuse_others() -> None:
    assert pl.Problem.model_validate(_problem_data("1.1")).schema_version == "1.1"
    assert pl.Problem.model_validate(_problem_data(None)).schema_version == "1.2"
    for version in ("0.9", "2.0", "1.0", "1.3", "one"):
        with pytest.raises(pl.ProblemError) as refused:
            pl.Problem.model_validate(_problem_data(version))
        assert refused.value.issues[0].path == "schema_version"
        assert "1.1 or 1.2" in refused.value.issues[0].message or "MAJOR.MINOR" in str(
            refused.value
        )


def test_cli_version_exit_codes_and_schemas(tmp_path: Path) -> None:
    """--version; 64 for a usage error, 2 for bad data; schema --all writes the committed files."""
    command = [sys.executable, "-m", "placement.cli"]
    out = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
    assert out.returncode == 0
    assert out.stdout.startswith(f"placement {pl.__version__} (schemas: problem 1.2")
    usage = subprocess.run([*command, "solve"], capture_output=True, text=True, check=False)
    assert usage.returncode == 64
    assert "Missing argument" in usage.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    data = subprocess.run(
        [*command, "solve", str(bad)], capture_output=True, text=True, check=False
    )
    assert data.returncode == 2
    assert data.stderr.startswith("error: invalid problem")
    written = subprocess.run(
        [*command, "schema", "--all", "--out", str(tmp_path / "schemas")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert written.returncode == 0, written.stderr
    for path in COMMITTED.glob("*.schema.json"):
        assert (tmp_path / "schemas" / path.name).read_text(encoding="utf-8") == path.read_text(
            encoding="utf-8"
        )


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    path = COMMITTED / f"{kind.replace('_', '-')}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _planned(week: Any) -> Any:
    from placement.kipina import schedule

    return schedule(week, time_limit=2, deterministic=True, seed=0)


def test_what_the_library_writes_validates_against_its_schemas() -> None:
    """Problems, results, explanations, scenarios, weeks and stage graphs as the library
    writes them, and the test data and bundled files, pass a standard validator."""
    from placement.kipina import load_week
    from placement.pathway import LUVN_GRAPH
    from placement.simulate import Scenario

    luvn = pl.datasets.load("luvn")
    result = pl.solve(luvn, policy="fifo")
    written = {
        "problem": [luvn, pl.datasets.synthetic(n_clients=30, n_units=8, seed=4)],
        "result": [result],
        "explanation": [pl.explain(luvn, result, c.id, resolve=False) for c in luvn.clients[:5]],
        "scenario": [Scenario.from_problem(luvn)],
        "week": [load_week()],
        "schedule": [_planned(load_week())],
        "stage_graph": [LUVN_GRAPH],
    }
    for kind, documents_ in written.items():
        check = _validator(kind)
        for document in documents_:
            errors = [e.message for e in check.iter_errors(json.loads(document.model_dump_json()))]
            assert errors == [], kind
    tiny = json.loads((Path(__file__).parent / "data" / "tiny.json").read_text())
    assert list(_validator("problem").iter_errors(tiny)) == []


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("units", 0, "offers", "*"), -5.0),
        (("clients", 0, "age"), -1),
        (("clients", 0, "age"), 500),
        (("clients", 0, "max_distance_km"), -3.0),
        (("clients", 0, "needs", "mobility"), 99),
        (("units", 0, "capacity"), -1),
        (("clients", 0, "id"), "c" * 65),
    ],
)
def test_the_schema_refuses_what_the_library_refuses(where: tuple[Any, ...], value: Any) -> None:
    """Bounds the library enforces are standard keywords a validator enforces too."""
    data = json.loads(pl.datasets.load("luvn").model_dump_json())
    node = data
    for key in where[:-1]:
        node = node[key]
    for key in list(node) if where[-1] == "*" else [where[-1]]:
        node[key] = value
    with pytest.raises(pl.ProblemError):
        pl.Problem.model_validate(data)
    assert list(_validator("problem").iter_errors(data)), where

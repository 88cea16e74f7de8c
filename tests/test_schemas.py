"""Versioned data contracts: every document carries its version; a schema never changes silently."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

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

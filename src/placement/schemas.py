"""Versioned data contracts: every top-level JSON document says which schema it follows.

Problem, Result, Explanation, Scenario, Week and StageGraph carry ``schema_version``
(``"MAJOR.MINOR"``). A reader accepts its own version and the previous minor version of the same
major one: a field added in a minor release has a default, so an older document still reads. A
change that is not backward compatible bumps the major version.

``placement schema --all --out docs/schemas/`` writes every schema with its ``$id``; the tests
compare the committed schemas with the models and fail when a schema changes without a version
bump (:func:`unannounced_changes`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field

__all__ = [
    "SCHEMA_VERSIONS",
    "ExplanationVersion",
    "ProblemVersion",
    "ResultVersion",
    "ScenarioVersion",
    "StageGraphVersion",
    "WeekVersion",
    "documents",
    "schema_of",
    "unannounced_changes",
    "write_schemas",
]

SCHEMA_VERSIONS: dict[str, str] = {
    "problem": "1.1",
    "result": "1.1",
    "explanation": "1.0",
    "scenario": "1.0",
    "week": "1.0",
    "stage_graph": "1.0",
}
"""The current schema version of each top-level document. Bump the minor version when a field
is added (with a default), the major version when a change breaks older readers."""

ID_BASE = "https://placement.readthedocs.io/schemas"
"""Base of every schema's ``$id``: ``{ID_BASE}/{kind}-{version}.json``."""

_VERSION = re.compile(r"^(\d+)\.(\d+)$")


def _accept(kind: str, value: str) -> str:
    """``value`` if a reader of the current version of ``kind`` can read it; else a clear error."""
    current = SCHEMA_VERSIONS[kind]
    given, now = _VERSION.match(value), _VERSION.match(current)
    assert now is not None
    if given is None:
        raise ValueError(
            f"'{value}' is not a schema version; write it as MAJOR.MINOR, e.g. {current}"
        )
    major, minor = int(given[1]), int(given[2])
    if major != int(now[1]) or not int(now[2]) - 1 <= minor <= int(now[2]):
        raise ValueError(
            f"version {value} cannot be read by this release, which reads {kind} documents of "
            f"version {_readable(current)}; convert the document or use a matching release"
        )
    return value


def _readable(current: str) -> str:
    major, minor = (int(x) for x in current.split("."))
    return current if minor == 0 else f"{major}.{minor - 1} or {current}"


_DESCRIPTION = "Schema version of the document (MAJOR.MINOR): placement.schemas.SCHEMA_VERSIONS."

ProblemVersion = Annotated[
    str, Field(description=_DESCRIPTION), AfterValidator(partial(_accept, "problem"))
]
ResultVersion = Annotated[
    str, Field(description=_DESCRIPTION), AfterValidator(partial(_accept, "result"))
]
ExplanationVersion = Annotated[
    str, Field(description=_DESCRIPTION), AfterValidator(partial(_accept, "explanation"))
]
ScenarioVersion = Annotated[
    str, Field(description=_DESCRIPTION), AfterValidator(partial(_accept, "scenario"))
]
WeekVersion = Annotated[
    str, Field(description=_DESCRIPTION), AfterValidator(partial(_accept, "week"))
]
StageGraphVersion = Annotated[
    str, Field(description=_DESCRIPTION), AfterValidator(partial(_accept, "stage_graph"))
]


def documents() -> dict[str, type[BaseModel]]:
    """The model of every top-level document, by kind (imports the adapters' models)."""
    from placement.explain.explanation import Explanation
    from placement.kipina.model import Week
    from placement.model import Problem
    from placement.pathway.graph import StageGraph
    from placement.result import Result
    from placement.simulate.scenario import Scenario

    return {
        "problem": Problem,
        "result": Result,
        "explanation": Explanation,
        "scenario": Scenario,
        "week": Week,
        "stage_graph": StageGraph,
    }


def schema_of(kind: str, model: type[BaseModel] | None = None) -> dict[str, Any]:
    """The JSON Schema of ``kind`` with its ``$id`` and version (``model`` overrides the model)."""
    version = SCHEMA_VERSIONS[kind]
    schema = (model or documents()[kind]).model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{ID_BASE}/{kind.replace('_', '-')}-{version}.json",
        "x-schema-version": version,
        **schema,
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write every document's schema to ``folder/{kind}.schema.json``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in SCHEMA_VERSIONS:
        path = folder / f"{kind.replace('_', '-')}.schema.json"
        path.write_text(json.dumps(schema_of(kind), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def unannounced_changes(
    folder: Path,
    current: Mapping[str, Callable[[], dict[str, Any]]] | None = None,
) -> list[str]:
    """Schemas that differ from the committed ones in ``folder`` while keeping their version.

    Parameters
    ----------
    folder : Path
        The committed schemas (``placement schema --all --out folder``).
    current : mapping, optional
        Kind to a function giving its schema now; by default :func:`schema_of` of each model.

    Returns
    -------
    list of str
        One line per document whose schema changed without a new version (or whose schema is
        not committed yet); empty when every change was announced.
    """
    makers = current or {kind: partial(schema_of, kind) for kind in SCHEMA_VERSIONS}
    found = []
    for kind, make in makers.items():
        path = folder / f"{kind.replace('_', '-')}.schema.json"
        now = make()
        if not path.exists():
            found.append(f"{kind}: no committed schema at {path}; run placement schema --all")
            continue
        before = json.loads(path.read_text(encoding="utf-8"))
        if before == now:
            continue
        if before.get("x-schema-version") == now.get("x-schema-version"):
            found.append(
                f"{kind}: the schema changed but its version is still {now['x-schema-version']}; "
                "bump it in placement.schemas.SCHEMA_VERSIONS, note it in CHANGELOG.md and run "
                "placement schema --all --out docs/schemas/"
            )
        else:
            found.append(
                f"{kind}: version {now['x-schema-version']} is not committed yet; run "
                "placement schema --all --out docs/schemas/"
            )
    return found

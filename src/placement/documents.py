"""The registry of every top-level JSON document and its schema: the face of ``placement schema``.

``placement schema --all --out docs/schemas/`` writes every schema with its ``$id``; the tests
compare the committed schemas with the models and fail when a schema changes without a version
bump (:func:`unannounced_changes`). It imports every document's model, the adapters' included,
so it sits in the top layer; the versions themselves are :mod:`placement.schemas`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from placement.explanations.explanation import Explanation
from placement.kipina.model import Week
from placement.kipina.result import Schedule
from placement.model import Problem
from placement.pathway.graph import StageGraph
from placement.result import Result
from placement.schemas import ID_BASE, SCHEMA_VERSIONS, standard_keywords
from placement.simulate.scenario import Scenario

__all__ = ["documents", "schema_of", "unannounced_changes", "write_schemas"]


def documents() -> dict[str, type[BaseModel]]:
    """The model of every top-level document, by kind."""
    return {
        "problem": Problem,
        "result": Result,
        "explanation": Explanation,
        "scenario": Scenario,
        "week": Week,
        "schedule": Schedule,
        "stage_graph": StageGraph,
    }


def schema_of(kind: str, model: type[BaseModel] | None = None) -> dict[str, Any]:
    """The JSON Schema of ``kind`` with its ``$id`` and version (``model`` overrides the model)."""
    version = SCHEMA_VERSIONS[kind]
    schema = standard_keywords((model or documents()[kind]).model_json_schema())
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

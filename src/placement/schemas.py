"""Versioned data contracts: every top-level JSON document says which schema it follows.

Problem, Result, Explanation, Scenario, Week and StageGraph carry ``schema_version``
(``"MAJOR.MINOR"``). A reader accepts its own version and the previous minor version of the same
major one: a field added in a minor release has a default, so an older document still reads. A
change that is not backward compatible bumps the major version.

This module is the base layer's part: the versions and the fields that check them, imported by
every document's model. The registry of the documents themselves, which imports every model
(the adapters' too), is :mod:`placement.documents`, beside the command that serves it.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Annotated, Any

from pydantic import AfterValidator, Field

__all__ = [
    "ID_BASE",
    "SCHEMA_VERSIONS",
    "ExplanationVersion",
    "ProblemVersion",
    "ResultVersion",
    "ScenarioVersion",
    "ScheduleVersion",
    "StageGraphVersion",
    "WeekVersion",
    "standard_keywords",
]

SCHEMA_VERSIONS: dict[str, str] = {
    "problem": "1.2",
    "result": "1.2",
    "explanation": "1.0",
    "scenario": "1.2",
    "week": "1.0",
    "stage_graph": "1.1",
    "schedule": "1.0",
}
"""The current schema version of each top-level document. Bump the minor version when a field
is added (with a default), the major version when a change breaks older readers."""

ID_BASE = "https://placement.readthedocs.io/schemas"
"""Base of every schema's ``$id``: ``{ID_BASE}/{kind}-{version}.json``."""

_VERSION = re.compile(r"^(\d+)\.(\d+)$")

_KEYWORDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def standard_keywords(schema: Any) -> Any:
    """``schema`` with pydantic's ``ge``/``le``/``gt``/``lt`` written as JSON Schema's
    ``minimum``/``maximum``/``exclusiveMinimum``/``exclusiveMaximum``.

    Pydantic emits its own names where a bound sits on a type it wraps in a validator (the
    library's finite-number types); validators ignore unknown keywords, so such a schema would
    accept a negative price. Property names are left alone.
    """
    if isinstance(schema, list):
        return [standard_keywords(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = _keys_in_property_names(schema)
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: standard_keywords(sub) for name, sub in value.items()}
        elif key in _KEYWORDS and isinstance(value, int | float) and not isinstance(value, bool):
            out[_KEYWORDS[key]] = value
        else:
            out[key] = standard_keywords(value)
    return out


def _keys_in_property_names(schema: dict[str, Any]) -> dict[str, Any]:
    """A mapping whose keys pydantic constrains by one ``patternProperties`` pattern lets any
    other key through; the pattern belongs in ``propertyNames`` (which also carries the keys'
    lengths), and the values' schema in ``additionalProperties``."""
    patterns = schema.get("patternProperties")
    if (
        not isinstance(patterns, dict)
        or len(patterns) != 1
        or "properties" in schema
        or "additionalProperties" in schema
    ):
        return schema
    ((pattern, values),) = patterns.items()
    names = {**schema.get("propertyNames", {}), "pattern": pattern}
    out = {k: v for k, v in schema.items() if k != "patternProperties"}
    return {**out, "propertyNames": names, "additionalProperties": values}


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


def _version(kind: str) -> Any:
    """The ``schema_version`` type of ``kind``: its schema lists the versions this release
    reads, so a validator refuses what the library would."""
    major, minor = (int(x) for x in SCHEMA_VERSIONS[kind].split("."))
    readable: list[Any] = [f"{major}.{m}" for m in range(max(minor - 1, 0), minor + 1)]
    return Annotated[
        str,
        Field(description=_DESCRIPTION, json_schema_extra={"enum": readable}),
        AfterValidator(partial(_accept, kind)),
    ]


ProblemVersion = _version("problem")
ResultVersion = _version("result")
ExplanationVersion = _version("explanation")
ScenarioVersion = _version("scenario")
WeekVersion = _version("week")
ScheduleVersion = _version("schedule")
StageGraphVersion = _version("stage_graph")

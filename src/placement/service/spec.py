"""The OpenAPI 3.1 document, from the same pydantic models the library validates with.

Request bodies are read by the library's strict reader (not by FastAPI), so each route declares
its body and its response with :func:`documented`, and :func:`openapi` puts the models' JSON
Schemas (the ones ``placement schema`` prints) under ``components.schemas``. Every error is
documented as ``application/problem+json`` (:class:`~placement.service.models.ProblemDetails`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from placement.service.models import ProblemDetails

__all__ = ["API_VERSION", "PROBLEM_JSON", "documented", "openapi"]

API_VERSION = "1.0"
"""The ``/v1`` API's version: a change to the document without a bump fails the tests."""

PROBLEM_JSON = "application/problem+json"

_MODELS: dict[str, type[BaseModel]] = {"ProblemDetails": ProblemDetails}


def _ref(model: type[BaseModel]) -> dict[str, str]:
    _MODELS[model.__name__] = model
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def documented(
    request: type[BaseModel] | None = None,
    response: type[BaseModel] | dict[str, Any] | None = None,
    status: int = 200,
) -> dict[str, Any]:
    """Route keywords that document a body read by hand and a response written by hand."""
    errors = {
        "description": "An error (RFC 9457)",
        "content": {PROBLEM_JSON: {"schema": _ref(ProblemDetails)}},
    }
    schema = response if isinstance(response, dict) or response is None else _ref(response)
    content = {"application/json": {"schema": schema or {"type": "object"}}}
    keywords: dict[str, Any] = {
        "responses": {status: {"description": "Done", "content": content}, "default": errors},
        "status_code": status,
    }
    if request is not None:
        keywords["openapi_extra"] = {
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref(request)}},
            }
        }
    return keywords


def openapi(app: FastAPI) -> dict[str, Any]:
    """The document, built once: FastAPI's paths plus the registered models' schemas."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title="placement",
        version=API_VERSION,
        openapi_version="3.1.0",
        summary="Housing placement for wellbeing services counties.",
        description="Matching, explanations, waits, simulation and the weekly round. "
        "Bearer tokens with roles read, plan and place; errors are application/problem+json.",
        routes=app.routes,
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, model in sorted(_MODELS.items()):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for inner, sub in schema.pop("$defs", {}).items():
            schemas.setdefault(inner, sub)
        schemas[name] = schema
    app.openapi_schema = document
    return document

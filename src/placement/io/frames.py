"""pandas DataFrames in and out: :func:`from_frames`, :func:`problem_frames`, :func:`result_frame`
and :func:`metrics_frame`.

Thin methods on the models (``Problem.to_frames()``, ``Result.to_frame()``) would delegate here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from placement.io.assemble import build_problem
from placement.io.table import Table
from placement.io.tables import problem_rows
from placement.model import Problem
from placement.model.input import as_model
from placement.result import Result

__all__ = ["from_frames", "metrics_frame", "problem_frames", "result_frame"]


def frame_table(sheet: str, frame: pd.DataFrame) -> Table:
    """A DataFrame as a :class:`Table`; row numbers as a spreadsheet would show them.

    NaN, NaT and ``None`` are empty cells; numpy scalars become Python numbers and pandas
    timestamps become datetimes.
    """
    rows = [
        [v.item() if hasattr(v, "item") and not isinstance(v, str) else v for v in row]
        for row in frame.astype(object).itertuples(index=False, name=None)
    ]
    rows = [[v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in row] for row in rows]
    return Table(sheet, [str(c) for c in frame.columns], rows)


def from_frames(
    clients: pd.DataFrame,
    units: pd.DataFrame,
    residents: pd.DataFrame | None = None,
    preferences: pd.DataFrame | None = None,
    service_classes: pd.DataFrame | None = None,
    settings: pd.DataFrame | Mapping[str, Any] | None = None,
    *,
    needs_mapping: pd.DataFrame | None = None,
    check_region: bool = True,
) -> Problem:
    """A problem from DataFrames in the column layout of ``docs/io.md``.

    Parameters
    ----------
    clients, units, residents, preferences, service_classes : DataFrame
        One frame per sheet; ``residents`` and ``preferences`` may be left out (none),
        ``service_classes`` too (the default ladder).
    settings : DataFrame or mapping
        A frame with columns ``key`` and ``value``, or a mapping such as
        ``{"reference_date": "2025-01-31"}``; ``reference_date`` is required.
    needs_mapping : DataFrame, optional
        The needs rules (``domain``, ``at_least``, ``features``, ``min_level``); the default
        rules if left out.
    check_region : bool
        Refuse points outside Finland's bounding box (default ``True``).

    Raises
    ------
    ProblemError
        Listing every issue at once, each with its sheet, row (the header is row 1, so a
        frame's first row is row 2) and column; no problem is returned if there is any.
    """
    if isinstance(settings, Mapping):
        settings = pd.DataFrame({"key": list(settings), "value": list(settings.values())})
    given = {
        "clients": clients,
        "units": units,
        "residents": residents,
        "preferences": preferences,
        "service_classes": service_classes,
        "needs_mapping": needs_mapping,
        "settings": settings,
    }
    tables = {k: frame_table(k, v) if v is not None else None for k, v in given.items()}
    return build_problem(tables, check_region=check_region, what="frames")


def problem_frames(problem: Problem, language: str = "en") -> dict[str, pd.DataFrame]:
    """Every sheet of ``problem`` as a DataFrame, by sheet name; :func:`from_frames` reads them
    back to an equal problem."""
    problem = as_model(problem, Problem, "problem")
    return {
        key: pd.DataFrame(rows, columns=headers, dtype=object)
        for key, (headers, rows) in problem_rows(problem, language).items()
    }


def result_frame(result: Result) -> pd.DataFrame:
    """One row per client: ``client_id``, ``placed``, ``unit_id``, ``service_class``,
    ``move_in`` (empty for waiting clients), placed clients first, each part by client id."""
    result = as_model(result, Result, "result")
    rows: list[dict[str, Any]] = [
        {
            "client_id": a.client_id,
            "placed": True,
            "unit_id": a.unit_id,
            "service_class": a.service_class,
            "move_in": a.move_in,
        }
        for a in result.assignments
    ]
    rows += [
        {"client_id": c, "placed": False, "unit_id": None, "service_class": None, "move_in": None}
        for c in result.unplaced
    ]
    columns = ["client_id", "placed", "unit_id", "service_class", "move_in"]
    return pd.DataFrame(rows, columns=columns)


def metrics_frame(problem: Problem, result: Result) -> pd.DataFrame:
    """:func:`placement.metrics` as one tidy frame: ``scope``, ``group``, ``metric``, ``value``.

    ``scope`` is ``overall`` (``group`` empty), ``municipality`` or ``service_class``; one row
    per number, so ``frame.pivot(...)`` gives any wide view.
    """
    from placement.metrics import metrics

    found = metrics(problem, result)
    rows: list[tuple[str, str, str, Any]] = [
        ("overall", "", k, v) for k, v in found["overall"].items()
    ]
    for scope, key in (("municipality", "by_municipality"), ("service_class", "by_service_class")):
        for group, values in found[key].items():
            rows += [(scope, str(group), k, v) for k, v in values.items()]
    return pd.DataFrame(rows, columns=["scope", "group", "metric", "value"])

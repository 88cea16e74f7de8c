"""The house plan (docs/architecture.md): no import cycles below the faces, modules of at most
400 lines, every module importable by its path, and the public API as it was before the plan.

The layers themselves are import-linter contracts in pyproject.toml, run by ``make lint``.
"""

from __future__ import annotations

import importlib
import types
import warnings
from pathlib import Path

import grimp
import networkx as nx
import pytest

import placement as pl
from placement import kipina

SRC = Path(__file__).resolve().parents[1] / "src" / "placement"
FACES = ("placement.cli", "placement.report", "placement.documents")
"""The top layer: it may hold import cycles of its own (a command module and its app)."""

MAX_LINES = 400

PUBLIC_BEFORE = {
    "placement": [
        "Assignment", "Client", "CompositionRule", "Issue", "NeedRule", "NeedsMapping",
        "Overrides", "PlacementError", "Point", "Problem", "ProblemError", "Resident", "Result",
        "ServiceClass", "SolveError", "Status", "Unit", "UnsupportedProblemError", "Vacancy",
        "Violation", "Weights", "__version__", "check", "compare", "datasets", "diagnose",
        "estimate_waits", "explain", "io", "metrics", "plotting", "reproduce", "solve",
    ],
    "placement.kipina": [
        "Activity", "ActivityType", "Entitlement", "Participant", "Pin", "Room", "Run",
        "Schedule", "Session", "Staff", "Stop", "Unmet", "Vehicle", "Week", "Window", "schedule",
    ],
    "placement.pathway": [
        "Case", "Deadline", "Event", "LUVN_GRAPH", "PathwayError", "Role", "Stage", "StageGraph",
        "Tracker", "Transaction", "luvn_graph",
    ],
    "placement.simulate": [
        "AddPlaces", "Change", "ChangeArrivalRate", "ChangePolicy", "ChangeRoundInterval",
        "CloseUnit", "Distribution", "Empirical", "Exponential", "Fit", "Fixed", "LogNormal",
        "SCENARIO_VERSION",
        "MoveIns", "PlacesNeeded", "Scenario", "SimulationResult", "Stage", "estimate_waits",
        "event_log", "fit_history", "places_needed", "run", "simulate_move_ins",
    ],
}  # fmt: skip
"""Each package's ``__all__`` before the layers were enforced (0.1.0)."""

MOVED_IN = {
    "placement.kipina": {"kipina_mikkeli", "load_week", "plot_timetable"},
    "placement.pathway": {"plot_stage_flow"},
}
"""Names an adapter gained when its plot and its bundled week moved into it."""
ADDED = {
    "placement.simulate": {"Weibull", "WhatIf", "what_if"},
    "placement.pathway": {
        "OfferReport",
        "Refusal",
        "Round",
        "State",
        "reproduce_rounds",
        "run_round",
    },
}
"""Names added since, each with its issue: the Weibull stays and what-ifs of issue 21, the
weekly round of issue 25."""


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("placement", exclude_type_checking_imports=True)


def _cycles_below_the_faces(graph: grimp.ImportGraph) -> list[list[str]]:
    """The import cycles of ``graph`` outside the face layer (and the package root)."""
    below = nx.DiGraph()
    for module in graph.modules:
        if module == "placement" or module.startswith(FACES):
            continue
        below.add_node(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported != "placement" and not imported.startswith(FACES):
                below.add_edge(module, imported)
    return [sorted(c) for c in nx.strongly_connected_components(below) if len(c) > 1]


def test_no_import_cycle_below_the_faces() -> None:
    """Run-time imports (function-level ones included) form no cycle outside the face layer.

    Imports under ``if TYPE_CHECKING`` are left out: they never run.
    """
    assert _cycles_below_the_faces(_graph()) == []


def test_the_cycle_check_sees_a_cycle() -> None:
    """The same check finds the cycle the plan removed, planted back into the real graph
    (``solve`` records the audit, and the audit once imported ``solve`` to reproduce)."""
    graph = _graph()
    assert len(graph.modules) > 100  # the real graph was built from the package
    graph.add_import(importer="placement.audit", imported="placement.solve")
    assert ["placement.audit", "placement.solve"] in _cycles_below_the_faces(graph)


def test_no_module_over_400_lines() -> None:
    sizes = {
        str(path.relative_to(SRC)): len(path.read_text(encoding="utf-8").splitlines())
        for path in SRC.rglob("*.py")
    }
    assert len(sizes) > 100
    assert {path: n for path, n in sizes.items() if n > MAX_LINES} == {}


def test_every_module_imports_by_its_path() -> None:
    """``import a.b.c as m`` works for every module, and binds a module for every package.

    (A module named for the one function it defines, like ``placement.solve``, binds that
    function under ``import ... as``, as the package re-exports it; it imports all the same.)
    """
    for name in sorted(_graph().modules):
        if name.endswith("__main__"):
            continue
        namespace: dict[str, object] = {}
        exec(f"import {name} as module", namespace)
        if (SRC.parent / name.replace(".", "/") / "__init__.py").exists():
            assert isinstance(namespace["module"], types.ModuleType), name
        assert isinstance(importlib.import_module(name), types.ModuleType)


def test_explanation_submodules_by_path() -> None:
    """The clash the plan removed: the function and its package no longer share a name."""
    import placement.explanations.diagnosis as diagnosis

    assert diagnosis.diagnose is pl.diagnose
    assert callable(pl.explain)
    assert pl.explain.__module__ == "placement.explanations.outcome"


@pytest.mark.parametrize("package", sorted(PUBLIC_BEFORE))
def test_public_api_unchanged(package: str) -> None:
    module = importlib.import_module(package)
    now = set(module.__all__)
    if package == "placement":
        assert sorted(now) == sorted(PUBLIC_BEFORE[package])
    else:
        assert set(PUBLIC_BEFORE[package]) <= now
        new = MOVED_IN.get(package, set()) | ADDED.get(package, set())
        assert now - set(PUBLIC_BEFORE[package]) == new
    for name in now:
        getattr(module, name)  # every listed name resolves


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (("placement.plotting", "plot_stage_flow"), ("placement.pathway", "plot_stage_flow")),
        (("placement.plotting", "plot_timetable"), ("placement.kipina", "plot_timetable")),
        (("placement.datasets", "kipina_mikkeli"), ("placement.kipina", "kipina_mikkeli")),
    ],
)
def test_moved_names_warn_and_still_work(old: tuple[str, str], new: tuple[str, str]) -> None:
    with pytest.warns(DeprecationWarning, match=new[0]):
        found = getattr(importlib.import_module(old[0]), old[1])
    assert found is getattr(importlib.import_module(new[0]), new[1])


def test_the_old_kipina_dataset_name_warns_and_loads() -> None:
    with pytest.warns(DeprecationWarning, match="placement.kipina.load_week"):
        week = pl.datasets.load("kipina-mikkeli")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the new name does not warn
        assert week == kipina.load_week()
    assert pl.datasets.names() == ["luvn"]

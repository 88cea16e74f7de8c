"""placement: match disability-services clients to housing places and service classes.

The public API, re-exported explicitly::

    import placement as pl
    problem = pl.datasets.load("luvn")
    result = pl.solve(problem, policy="optimal")
    assert pl.check(problem, result) == []

``import placement`` stays light (no adapter, scipy, SQLAlchemy, matplotlib, pandas or CP-SAT):
``datasets``, ``io`` and ``plotting`` load on first use, and the engines when a solve needs
them.
"""

import importlib
from typing import TYPE_CHECKING, Any

from placement.check import Violation, check
from placement.compare import compare
from placement.errors import (
    Issue,
    PlacementError,
    ProblemError,
    SolveError,
    UnsupportedProblemError,
)
from placement.explanations import diagnose, explain
from placement.metrics import metrics
from placement.model import (
    Client,
    CompositionRule,
    NeedRule,
    NeedsMapping,
    Overrides,
    Point,
    Problem,
    Resident,
    ServiceClass,
    Unit,
    Vacancy,
    Weights,
)
from placement.reproduction import reproduce
from placement.result import Assignment, Result, Status
from placement.solve import solve
from placement.version import __version__

__all__ = [
    "Assignment",
    "Client",
    "CompositionRule",
    "Issue",
    "NeedRule",
    "NeedsMapping",
    "Overrides",
    "PlacementError",
    "Point",
    "Problem",
    "ProblemError",
    "Resident",
    "Result",
    "ServiceClass",
    "SolveError",
    "Status",
    "Unit",
    "UnsupportedProblemError",
    "Vacancy",
    "Violation",
    "Weights",
    "__version__",
    "check",
    "compare",
    "datasets",
    "diagnose",
    "estimate_waits",
    "explain",
    "io",
    "metrics",
    "plotting",
    "reproduce",
    "solve",
]


if TYPE_CHECKING:
    from concurrent.futures import Executor

    import pandas as pd

    from placement import datasets, io, plotting
    from placement.simulate.scenario import Scenario

_LAZY_MODULES = ("datasets", "io", "plotting")


def __getattr__(name: str) -> Any:
    """Load ``datasets``, ``io`` and ``plotting`` on first use."""
    if name in _LAZY_MODULES:
        return importlib.import_module(f"placement.{name}")
    raise AttributeError(f"module 'placement' has no attribute '{name}'")


def estimate_waits(
    problem: Problem,
    policy: str = "optimal",
    scenario: "Scenario | None" = None,
    replications: int = 200,
    seed: int = 0,
    executor: "Executor | None" = None,
    progress: bool = False,
) -> "pd.DataFrame":
    """Per-client waiting-time estimates; see :func:`placement.simulate.waits.estimate_waits`.

    A thin wrapper that imports the simulation adapter only when called, so that importing
    the core never imports an adapter.
    """
    from placement.simulate.waits import estimate_waits as estimate

    return estimate(problem, policy, scenario, replications, seed, executor, progress)

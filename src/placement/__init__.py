"""placement: match disability-services clients to housing places and service classes.

The public API, re-exported explicitly::

    import placement as pl
    problem = pl.datasets.load("luvn")
    result = pl.solve(problem, policy="optimal")
    assert pl.check(problem, result) == []
"""

from typing import TYPE_CHECKING

from placement import datasets, io
from placement.audit import reproduce
from placement.check import Violation, check
from placement.compare import compare
from placement.errors import (
    Issue,
    PlacementError,
    ProblemError,
    SolveError,
    UnsupportedProblemError,
)
from placement.explain import diagnose, explain
from placement.metrics import metrics
from placement.model import (
    Client,
    CompositionRule,
    NeedRule,
    NeedsMapping,
    Point,
    Problem,
    Resident,
    ServiceClass,
    Unit,
    Vacancy,
    Weights,
)
from placement.result import Assignment, Result, Status
from placement.solve import solve

__version__ = "0.1.0"

__all__ = [
    "Assignment",
    "Client",
    "CompositionRule",
    "Issue",
    "NeedRule",
    "NeedsMapping",
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
    "reproduce",
    "solve",
]


if TYPE_CHECKING:
    from concurrent.futures import Executor

    import pandas as pd

    from placement.simulate.scenario import Scenario


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

"""placement: match disability-services clients to housing places and service classes.

The public API, re-exported explicitly::

    import placement as pl
    problem = pl.datasets.load("luvn")
    result = pl.solve(problem, policy="optimal")
    assert pl.check(problem, result) == []
"""

from placement import datasets, io
from placement.check import Violation, check
from placement.compare import compare
from placement.errors import (
    Issue,
    PlacementError,
    ProblemError,
    SolveError,
    UnsupportedProblemError,
)
from placement.explain import explain
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
    "explain",
    "io",
    "metrics",
    "solve",
]

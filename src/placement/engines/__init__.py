"""Solvers of the assignment model: ``flow`` (exact, fast), ``cpsat`` and ``highs`` (MILP)."""

from placement.engines.base import EngineSolution, Network
from placement.names import EngineName

ENGINES: tuple[EngineName, ...] = ("auto", "flow", "cpsat", "highs")
"""Engine names accepted by :func:`placement.solve`."""

__all__ = ["ENGINES", "EngineName", "EngineSolution", "Network"]

"""Solvers of the assignment model: ``flow`` (exact, fast), ``cpsat`` and ``highs`` (MILP)."""

from placement.engines.base import EngineSolution, Network

ENGINES = ("auto", "flow", "cpsat", "highs")
"""Engine names accepted by :func:`placement.solve`."""

__all__ = ["ENGINES", "EngineSolution", "Network"]

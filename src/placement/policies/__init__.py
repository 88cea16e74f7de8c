"""Matching policies: one module each, one :class:`~placement.policies.base.Policy` protocol."""

from placement.policies.base import Policy, build_result, priority_key
from placement.policies.optimal import optimal

POLICIES: dict[str, Policy] = {"optimal": optimal}
"""Policies by name, as accepted by :func:`placement.solve`."""

__all__ = ["POLICIES", "Policy", "build_result", "optimal", "priority_key"]

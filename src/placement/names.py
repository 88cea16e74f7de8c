"""The names of the policies and engines, as types: a typo is a type error, not a run-time one.

:func:`placement.solve` still checks the name at run time (command lines and files pass plain
strings), and lists the valid names.
"""

from typing import Literal

__all__ = ["DEFAULT_POLICY", "EngineName", "PolicyName"]

PolicyName = Literal[
    "optimal", "fifo", "priority", "deferred_acceptance", "random_serial_dictatorship"
]
"""A matching policy of :data:`placement.policies.POLICIES`."""

DEFAULT_POLICY: PolicyName = "optimal"
"""The policy of :func:`placement.solve`, :func:`~placement.simulate.estimate_waits` and of a
simulated scenario unless another is named."""

EngineName = Literal["auto", "flow", "cpsat", "highs"]
"""A solver of the optimal policy, :data:`placement.engines.ENGINES`."""

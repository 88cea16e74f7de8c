"""Matching policies: one module each, one :class:`~placement.policies.base.Policy` protocol.

========================== =================================================================
``optimal``                the lexicographic objective, solved exactly (min-cost flow)
``fifo``                   queue order; each client takes the best place still free
``priority``               urgency, then queue date; each takes the best place still free
``deferred_acceptance``    client-proposing deferred acceptance with unit priorities (stable)
``random_serial_dictatorship`` a seeded lottery order; each takes the best place still free
========================== =================================================================
"""

from placement.names import PolicyName
from placement.policies.base import Policy, SolveOptions, build_result, priority_key
from placement.policies.deferred_acceptance import deferred_acceptance
from placement.policies.fifo import fifo
from placement.policies.optimal import optimal
from placement.policies.priority import priority
from placement.policies.random_serial_dictatorship import random_serial_dictatorship

POLICIES: dict[str, Policy] = {
    "optimal": optimal,
    "fifo": fifo,
    "priority": priority,
    "deferred_acceptance": deferred_acceptance,
    "random_serial_dictatorship": random_serial_dictatorship,
}
"""Policies by name, as accepted by :func:`placement.solve` and :func:`placement.compare`."""

__all__ = [
    "POLICIES",
    "Policy",
    "PolicyName",
    "SolveOptions",
    "build_result",
    "deferred_acceptance",
    "fifo",
    "optimal",
    "priority",
    "priority_key",
    "random_serial_dictatorship",
]

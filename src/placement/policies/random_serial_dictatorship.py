"""Random serial dictatorship: a seeded lottery orders the clients; each takes their best place.

Chosen over top trading cycles because with no initial endowments (clients in the queue hold
no place to trade) TTC reduces to a serial dictatorship anyway; RSD is the plain lottery
benchmark against which priority rules are judged. Run several seeds for its distribution.
"""

from __future__ import annotations

import numpy as np

from placement.policies.serial import SerialPolicy

__all__ = ["random_serial_dictatorship"]

random_serial_dictatorship = SerialPolicy(
    "random_serial_dictatorship", lambda mk: np.argsort(mk.lottery, kind="stable")
)

"""First come, first served: clients in queue order each take their best place still free.

Queue order is the earliest ``queued_since`` first, ties broken by the seeded lottery.
"""

from __future__ import annotations

import numpy as np

from placement.policies.serial import SerialPolicy

__all__ = ["fifo"]

fifo = SerialPolicy("fifo", lambda mk: np.lexsort((mk.lottery, mk.queued)))

"""Serial dictatorship: clients in a given order each take their best place still free.

FIFO, priority and random serial dictatorship are this one procedure with different orders.
Linear in the number of candidate edges.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from placement.candidates import Candidates
from placement.policies.market import Market

__all__ = ["serial_dictatorship"]


def serial_dictatorship(
    mk: Market, cands: Candidates, clients: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Chosen edge indices when ``clients`` pick in turn (best remaining place each)."""
    left = mk.capacity.copy()
    unit = cands.unit
    chosen = []
    order, indptr = mk.order, mk.indptr
    for i in clients.tolist():
        for e in order[indptr[i] : indptr[i + 1]].tolist():
            u = unit[e]
            if left[u] > 0:
                left[u] -= 1
                chosen.append(e)
                break
    return np.array(sorted(chosen), np.int64)

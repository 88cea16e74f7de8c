"""Most urgent first: clients by urgency, then queue date, each take their best place left.

Ties are broken by the seeded lottery.
"""

from __future__ import annotations

import numpy as np

from placement.policies.serial import SerialPolicy

__all__ = ["priority"]

priority = SerialPolicy("priority", lambda mk: np.lexsort((mk.lottery, mk.queued, -mk.urgency)))

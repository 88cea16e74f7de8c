"""One time budget for a whole call, drawn on by each of its phases.

A limit given to :func:`placement.solve` or :func:`placement.kipina.schedule` bounds the whole
call: building candidates, search, repair, routing and result building all draw from one
:class:`Deadline`. Each phase runs inside :meth:`Deadline.phase`, which records how many seconds
it used, so a caller (and a test) can see where the budget went without timing anything itself.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from placement.errors import Issue

__all__ = ["Deadline", "limit_issue"]


log = logging.getLogger("placement")


def limit_issue(seconds: object) -> Issue | None:
    """The issue with a time limit that is neither ``None`` nor a positive, finite number of
    seconds; ``None`` when it is fine. Every entry point that takes a limit reports it so."""
    if seconds is None or (
        isinstance(seconds, int | float)
        and not isinstance(seconds, bool)
        and math.isfinite(seconds)
        and seconds > 0
    ):
        return None
    return Issue(
        "time_limit",
        f"must be a positive, finite number of seconds, got {seconds!r}",
        "leave it out (None) for no limit",
    )


class Deadline:
    """A wall-clock budget (seconds) started on construction; ``None`` means no limit.

    Parameters
    ----------
    seconds : float or None
        The whole budget in seconds, or ``None`` for no limit.
    clock : callable, optional
        Monotonic clock in seconds (tests pass a fake one).
    on_phase : callable, optional
        Called with each phase's name and seconds as it ends.

    Attributes
    ----------
    used : dict of str to float
        Seconds each named phase took, in the order the phases first ran (a phase run twice
        adds up).
    """

    def __init__(
        self,
        seconds: float | None,
        *,
        clock: Callable[[], float] | None = None,
        on_phase: Callable[[str, float], None] | None = None,
    ) -> None:
        if limit_issue(seconds) is not None:
            raise ValueError("a deadline needs a positive, finite number of seconds or None")
        self._clock = clock or time.perf_counter
        self.seconds = seconds
        self.started = self._clock()
        self.used: dict[str, float] = {}
        self.on_phase = on_phase

    def elapsed(self) -> float:
        """Seconds since the deadline started."""
        return float(self._clock() - self.started)

    def remaining(self, floor: float = 0.0) -> float | None:
        """Seconds left (at least ``floor``), or ``None`` when there is no limit."""
        if self.seconds is None:
            return None
        return max(floor, self.seconds - self.elapsed())

    def expired(self) -> bool:
        """Whether the budget is spent (never, without a limit)."""
        left = self.remaining()
        return left is not None and left <= 0.0

    def share(self, fraction: float, floor: float = 0.0) -> float | None:
        """A ``fraction`` of the seconds left (at least ``floor``), or ``None`` without a limit."""
        left = self.remaining()
        return None if left is None else max(floor, fraction * left)

    @contextmanager
    def phase(self, name: str) -> Iterator[Deadline]:
        """Run a phase of the call, adding the seconds it takes to ``used[name]``.

        Each phase ends with an INFO record on the ``placement`` logger (its name and seconds)
        and a call of ``on_phase(name, seconds)``, when given (a progress bar, say).
        """
        begin = self._clock()
        try:
            yield self
        finally:
            took = float(self._clock() - begin)
            self.used[name] = self.used.get(name, 0.0) + took
            log.info("phase %s: %.3f s", name, took)
            if self.on_phase is not None:
                self.on_phase(name, took)

    def __repr__(self) -> str:
        limit = "no limit" if self.seconds is None else f"{self.seconds:g} s"
        return f"Deadline({limit}, elapsed {self.elapsed():.3f} s, phases {self.used})"

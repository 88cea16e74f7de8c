"""Feedback while a week is planned: a tqdm bar on stderr, only when asked.

The Mikkeli week runs a minute with nothing to show for it. With ``progress=True``,
:func:`placement.kipina.schedule` shows one bar: the phase running (model, hint, search, result,
routing), the seconds of the time limit used so far, and, during the search, how many improving
solutions CP-SAT has found and the gap of the best one. A ticker thread redraws it twice a
second, so the bar moves while the search finds nothing new. Without ``progress`` nothing is
drawn and no thread starts. Either way the run ends with one INFO record on the ``placement``
logger giving every phase's seconds and the solutions found.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from placement.deadline import Deadline

__all__ = ["TICK_S", "Feedback"]

logger = logging.getLogger("placement")

TICK_S = 0.5
"""Seconds between redraws of the bar while a phase runs."""


class Feedback:
    """The bar (when ``show``) and the run's log record, around one :func:`schedule` call.

    Use as a context manager; :meth:`phase` wraps :meth:`Deadline.phase`, and :meth:`solution`
    is called from CP-SAT's solution callback.

    Parameters
    ----------
    clock : Deadline
        The call's deadline: its limit is the bar's total (seconds).
    show : bool
        Draw the bar (on stderr).
    label : str
        The bar's name (the week's name).
    """

    def __init__(self, clock: Deadline, show: bool, label: str = "") -> None:
        self.clock = clock
        self.label = label
        self.name = f"schedule {label}".strip()
        self.solutions = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self.bar: Any = None
        if show:
            from tqdm.auto import tqdm  # only when asked

            known = clock.seconds is not None
            self.bar = tqdm(
                total=clock.seconds,
                desc=self.name,
                leave=False,
                bar_format=(
                    "{desc}: {percentage:3.0f}%|{bar}| {n:.1f}/{total:.0f} s{postfix}"
                    if known
                    else "{desc}: {n:.1f} s{postfix}"
                ),
            )

    def __enter__(self) -> Feedback:
        if self.bar is not None:
            self._ticker = threading.Thread(target=self._tick, name="kipina-progress", daemon=True)
            self._ticker.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self.bar is not None:
            self._draw()
            self.bar.close()
        logger.info(
            "kipina: %s in %.2f s (%s); %d improving solutions found",
            "stopped by an error" if kind is not None else f"planned {self.label or 'the week'}",
            self.clock.elapsed(),
            ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.clock.used.items()),
            self.solutions,
        )

    @contextmanager
    def phase(self, name: str) -> Iterator[Deadline]:
        """Run phase ``name`` on the deadline, showing its name on the bar meanwhile."""
        if self.bar is not None:
            with self._lock:
                self.bar.set_description_str(f"{self.name} [{name}]", refresh=False)
            self._draw()
        with self.clock.phase(name) as clock:
            yield clock

    def solution(self, objective: float, bound: float) -> None:
        """CP-SAT found an improving solution: count it and show its gap."""
        self.solutions += 1
        if self.bar is not None:
            gap = (bound - objective) / max(1.0, abs(objective))
            shown = f"{gap:.1%}" if gap < 10 else "over 1000%"
            with self._lock:
                self.bar.set_postfix_str(f"{self.solutions} solutions, gap {shown}", refresh=False)
            self._draw()

    def _draw(self) -> None:
        """Move the bar to the seconds used and redraw it."""
        with self._lock:
            used = self.clock.elapsed()
            total = self.bar.total
            self.bar.n = min(used, total) if total is not None else used
            self.bar.refresh()

    def _tick(self) -> None:
        while not self._stop.wait(TICK_S):
            self._draw()

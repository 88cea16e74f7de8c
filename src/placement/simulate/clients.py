"""The simulated clients of one replication: their attributes as parallel lists, and outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Clients", "Outcome"]


class Outcome:
    """Final state of a simulated client (codes in the records)."""

    WAITING, PLACED, EXITED, BEFORE_QUEUE, OFFERED = 0, 1, 2, 3, 4


@dataclass
class Clients:
    """Every simulated client of one replication, one list per attribute (index = client)."""

    key: list[str] = field(default_factory=list)
    profile: list[int] = field(default_factory=list)
    town: list[int] = field(default_factory=list)
    klass: list[int] = field(default_factory=list)
    applied: list[float] = field(default_factory=list)
    decided: list[float] = field(default_factory=list)
    state: list[int] = field(default_factory=list)
    end: list[float] = field(default_factory=list)
    reason: list[int] = field(default_factory=list)
    unit: list[int] = field(default_factory=list)
    placed_class: list[int] = field(default_factory=list)
    offers: list[int] = field(default_factory=list)
    initial: list[bool] = field(default_factory=list)
    exit_draw: list[int] = field(default_factory=list)
    search_start: list[float] = field(default_factory=list)

    def add(
        self, key: str, profile: int, town: int, klass: int, applied: float, initial: bool
    ) -> int:
        """Append a client who applied at day ``applied``; return their index."""
        for name, value in (
            ("key", key),
            ("profile", profile),
            ("town", town),
            ("klass", klass),
            ("applied", applied),
            ("decided", np.nan),
            ("state", Outcome.BEFORE_QUEUE),
            ("end", np.nan),
            ("reason", -1),
            ("unit", -1),
            ("placed_class", -1),
            ("offers", 0),
            ("initial", initial),
            ("exit_draw", 0),
            ("search_start", np.nan),
        ):
            getattr(self, name).append(value)
        return len(self.key) - 1

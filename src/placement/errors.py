"""The one exception family of :mod:`placement`.

Every message says what is wrong, where (an id or a field path) and what to do. Messages never
carry needs or health data: they name ids, fields and rule names only.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Issue", "PlacementError", "ProblemError", "SolveError", "UnsupportedProblemError"]


class PlacementError(Exception):
    """Base class of every error raised by :mod:`placement`."""


@dataclass(frozen=True)
class Issue:
    """One thing wrong with an input.

    Attributes
    ----------
    path : str
        Where: a field path such as ``clients[c007].preferences[2]`` (ids, not list positions,
        wherever the object has an id).
    message : str
        What is wrong.
    hint : str
        What to do about it.
    """

    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ProblemError(PlacementError, ValueError):
    """A problem (or other input) is invalid; ``issues`` lists every problem found at once.

    Raised before any solving, so nothing is half-done when it is seen.
    """

    def __init__(self, issues: list[Issue] | tuple[Issue, ...], what: str = "problem") -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        self.what = what
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        count = len(self.issues)
        super().__init__(f"invalid {what}: {count} issue{'s' if count != 1 else ''}\n{lines}")

    def __reduce__(self) -> tuple[type[ProblemError], tuple[tuple[Issue, ...], str]]:
        return (type(self), (self.issues, self.what))


class SolveError(PlacementError):
    """Solving could not be started or finished for a reason other than invalid input."""


class UnsupportedProblemError(SolveError, ValueError):
    """The chosen engine or policy cannot express this problem (e.g. side constraints in a flow)."""

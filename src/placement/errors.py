"""The one exception family of :mod:`placement`.

Every message says what is wrong, where (an id or a field path) and what to do. Messages never
carry needs or health data: they name ids, fields and rule names only. A value echoed in an
issue is shortened to :data:`MAX_SHOWN_CHARS` characters, so a 50 MB id does not become a 50 MB
message (or a terminal full of it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "MAX_SHOWN_CHARS",
    "MAX_SHOWN_ISSUES",
    "Issue",
    "PlacementError",
    "ProblemError",
    "SolveError",
    "UnsupportedProblemError",
    "shortened",
]


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

    def __post_init__(self) -> None:
        for name in ("path", "message", "hint"):
            object.__setattr__(self, name, shortened(getattr(self, name)))

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


MAX_SHOWN_CHARS = 80
"""The most characters of one value (a run of text without spaces, such as an id) an issue
shows; the rest is cut and counted."""
_LONG_RUN = re.compile(rf"[^\s\[\]'\"]{{{MAX_SHOWN_CHARS + 1},}}")


def shortened(text: str) -> str:
    """``text`` with every run of more than :data:`MAX_SHOWN_CHARS` characters other than
    spaces, brackets and quotes (a value) cut to its first 50 and last 30, with how many were
    left out between them."""
    if len(text) <= MAX_SHOWN_CHARS:
        return text
    head, tail = MAX_SHOWN_CHARS * 5 // 8, MAX_SHOWN_CHARS * 3 // 8  # a file name is at the end
    return _LONG_RUN.sub(
        lambda m: f"{m[0][:head]}...({len(m[0]) - head - tail:,} more)...{m[0][-tail:]}", text
    )


MAX_SHOWN_ISSUES = 50
"""How many issues a :class:`ProblemError`'s message lists; the rest are counted, not shown."""


class ProblemError(PlacementError, ValueError):
    """A problem (or other input) is invalid; ``issues`` lists every problem found at once.

    Raised before any solving, so nothing is half-done when it is seen. The message shows the
    first :data:`MAX_SHOWN_ISSUES` issues and counts the rest ("... and 199,950 more"), so a
    broken national-scale file does not become a 10 MB message; ``issues`` holds all of them.
    """

    def __init__(self, issues: list[Issue] | tuple[Issue, ...], what: str = "problem") -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        self.what = what
        count = len(self.issues)
        lines = [f"  - {issue}" for issue in self.issues[:MAX_SHOWN_ISSUES]]
        if count > MAX_SHOWN_ISSUES:
            lines.append(f"  ... and {count - MAX_SHOWN_ISSUES:,} more (see .issues)")
        text = "\n".join(lines)
        super().__init__(f"invalid {what}: {count:,} issue{'s' if count != 1 else ''}\n{text}")

    def __reduce__(self) -> tuple[type[ProblemError], tuple[tuple[Issue, ...], str]]:
        return (type(self), (self.issues, self.what))


class SolveError(PlacementError):
    """Solving could not be started or finished for a reason other than invalid input."""


class UnsupportedProblemError(SolveError, ValueError):
    """The chosen engine or policy cannot express this problem (e.g. side constraints in a flow)."""

"""Output files: refuse paths that cannot be written before anything is written.

One rule for every command and adapter that writes (the Kipinä calendars, the tracker's
exports and charts): a failure names every bad path at once, and no output is half written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from placement.errors import Issue, ProblemError

__all__ = ["check_writable"]


def check_writable(paths: Iterable[Path]) -> None:
    """Refuse, before anything is written, output paths that cannot be written.

    A path is writable when it is not a directory and the nearest existing directory on its way
    takes a new file (probed with a temporary file that is removed at once). Missing directories
    are created only when writing.

    Raises
    ------
    ProblemError
        One issue per path that cannot be written.
    """
    issues: list[Issue] = []
    probed: dict[Path, str | None] = {}
    for path in paths:
        if path.is_dir():
            issues.append(Issue(str(path), "is a directory", "give a file name"))
            continue
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if folder not in probed:
            probed[folder] = _probe(folder)
        reason = probed[folder]
        if reason is not None:
            issues.append(Issue(str(path), f"cannot be written: {reason}", "choose another path"))
    if issues:
        raise ProblemError(issues, what="output paths")


def _probe(folder: Path) -> str | None:
    """Why a new file cannot be made in ``folder``, or ``None`` if it can."""
    if not folder.is_dir():
        return f"{folder} is not a directory"
    try:
        with tempfile.TemporaryFile(dir=folder):
            return None
    except OSError as exc:
        return exc.strerror or type(exc).__name__

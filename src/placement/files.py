"""Output files: refuse paths that cannot be written before anything is written, and create
the files that hold personal data readable by their owner only.

One rule for every command and adapter that writes (the Kipinä calendars, the tracker's
exports and charts): a failure names every bad path at once, and no output is half written.
Results, explanations, waiting-time estimates, exports and simulation tables are created with
mode 0600 (folders 0700) whatever the umask; ``PLACEMENT_FILE_MODE`` relaxes it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from placement.errors import Issue, ProblemError

__all__ = [
    "PRIVATE_DIR_MODE",
    "PRIVATE_FILE_MODE",
    "check_writable",
    "file_mode",
    "open_private",
    "private_dir",
    "write_private",
]


def check_writable(paths: Iterable[Path], *, force: bool = True) -> None:
    """Refuse, before anything is written, output paths that cannot be written.

    A path is writable when it is not a directory and the nearest existing directory on its way
    takes a new file (probed with a temporary file that is removed at once). Missing directories
    are created only when writing.

    ``force=False`` also refuses a path that exists (a command without ``--force``).

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
        if not force and path.exists():
            issues.append(Issue(str(path), "exists; pass --force to overwrite it", ""))
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


PRIVATE_FILE_MODE = 0o600
"""Mode of every file the library creates that holds personal data: its owner reads it."""
PRIVATE_DIR_MODE = 0o700
"""Mode of the folders the library creates for such files."""


def file_mode() -> int:
    """The mode new personal-data files get: :data:`PRIVATE_FILE_MODE`, or the octal mode in
    the environment variable ``PLACEMENT_FILE_MODE`` (e.g. ``640`` to let a group read them)."""
    given = os.environ.get("PLACEMENT_FILE_MODE")
    if not given:
        return PRIVATE_FILE_MODE
    try:
        mode = int(given, 8)
    except ValueError:
        raise ProblemError(
            [Issue("PLACEMENT_FILE_MODE", f"'{given[:12]}' is not an octal mode", "e.g. 640")],
            what="environment",
        ) from None
    return mode & 0o666


def private_dir(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) readable by its owner only; return it.

    An existing folder keeps its mode: it is the user's.
    """
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    readable = file_mode() & 0o044  # who else may read the files may list their folder
    dir_mode = PRIVATE_DIR_MODE | readable | readable >> 2
    for created in missing:
        os.chmod(created, dir_mode)
    return folder


def open_private(path: Path) -> BinaryIO:
    """Open ``path`` for writing bytes, created (or truncated) with :func:`file_mode`.

    The mode is set on creation (no moment where the file is readable by others) and again
    on an existing file, so overwriting a world-readable output makes it private. Missing
    folders on the way are created private (:func:`private_dir`).
    """
    if not path.parent.exists():
        private_dir(path.parent)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, file_mode())
    os.fchmod(descriptor, file_mode())  # an existing file keeps its mode through os.open
    return os.fdopen(descriptor, "wb")


def write_private(path: Path, data: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to ``path`` through :func:`open_private`; return the path.

    An error names the path (a full disk's error does not by itself).
    """
    path = Path(path)
    try:
        with open_private(path) as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    return path

"""What every ``placement`` command shares: one ``error:`` line and exit code 2 for any
failure, output paths checked before any work, and reading a problem from any format."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from placement.errors import Issue, PlacementError, ProblemError
from placement.files import write_private
from placement.model import Problem

__all__ = [
    "Force",
    "ProblemFile",
    "cannot_write",
    "check_out_dir",
    "check_outputs",
    "fail",
    "guarded",
    "read_problem",
    "write_text",
]

Force = Annotated[
    bool, typer.Option("--force", help="Overwrite output files that exist (refused otherwise).")
]
"""Every writing command's ``--force``: without it, an existing output is never replaced."""

ProblemFile = Annotated[
    Path, typer.Argument(help="Problem JSON, workbook (.xlsx) or folder of CSV files.")
]
"""A command's problem argument: every format :func:`read_problem` reads."""

_P = ParamSpec("_P")
_R = TypeVar("_R")
_log = logging.getLogger("placement")
_CHART_SUFFIXES = (".png", ".pdf", ".svg", ".jpg", ".jpeg")


def fail(error: Exception | str) -> typer.Exit:
    """Print ``error: ...`` on stderr and return the exit (code 2) to raise."""
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(code=2)


def guarded(command: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn every failure of a command into one ``error:`` line and exit code 2.

    The library's errors and the operating system's (a full disk, a path that vanished) are
    printed as they are; anything else is a bug, reported by its type only (its text could
    hold input data) unless ``PLACEMENT_DEBUG=1`` asks for the traceback.
    """

    @functools.wraps(command)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except PlacementError as exc:
            raise fail(exc) from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise fail(f"{where}{exc.strerror or type(exc).__name__}") from None
        except MemoryError:
            raise fail("out of memory; try a smaller problem or a machine with more") from None
        except Exception as exc:
            if os.environ.get("PLACEMENT_DEBUG") or _is_cli_exception(exc):
                raise
            _log.debug("unexpected %s in placement %s", type(exc).__name__, command.__name__)
            raise fail(
                f"unexpected {type(exc).__name__} (a bug in placement; "
                "run again with PLACEMENT_DEBUG=1 for the traceback and report it)"
            ) from None

    return run


def _is_cli_exception(exc: Exception) -> bool:
    """Whether ``exc`` is the command-line framework's own (a usage error, an exit): let it be."""
    return type(exc).__module__.split(".")[0] in ("typer", "click")


def cannot_write(exc: OSError) -> str:
    """The one line for an output the system refused: the path and the reason, never None."""
    where = exc.filename if exc.filename is not None else "the output"
    return f"cannot write {where}: {exc.strerror or type(exc).__name__}"


def check_outputs(
    *outputs: tuple[Path, str] | tuple[Path, str, tuple[str, ...]], force: bool = False
) -> None:
    """Refuse, before any work, output paths that cannot be written; one issue per path.

    Parameters
    ----------
    outputs : tuple of (Path, str) or (Path, str, tuple of str)
        Each path with the option that named it (``-o``, ``--chart``, ...) and, where the
        format follows the file's extension, the extensions the command writes: any other is
        refused rather than written in a format the name does not say.
    force : bool
        Whether existing files may be overwritten (``--force``); refused otherwise, so a filled
        workbook or last week's results are never lost to a repeated command.
    """
    issues = []
    for path, option, *formats in outputs:
        suffixes = formats[0] if formats else ()
        parent = path.parent if str(path.parent) else Path(".")
        if path.is_dir():
            problem = "is a directory"
        elif parent.exists() and not parent.is_dir():
            problem = f"its folder {parent} is a file"
        elif not parent.is_dir():
            problem = f"its folder {parent} does not exist"
        elif not os.access(parent, os.W_OK | os.X_OK):
            problem = f"its folder {parent} is not writable"
        elif path.exists() and not os.access(path, os.W_OK):
            problem = "is not writable"
        elif path.exists() and not force:
            problem = "exists; pass --force to overwrite it"
        elif option == "--chart" and path.suffix.lower() not in _CHART_SUFFIXES:
            problem = f"is not a chart format; end it in one of {', '.join(_CHART_SUFFIXES)}"
        elif suffixes and path.suffix.lower() not in suffixes:
            problem = f"names no format this command writes; end it in {' or '.join(suffixes)}"
        else:
            continue
        hint = "choose another output path"
        issues.append(
            Issue(f"{option} {path}", problem, "or " + hint if "--force" in problem else hint)
        )
    if issues:
        raise ProblemError(issues, what="output")


def check_out_dir(out_dir: Path) -> None:
    """Refuse an output folder that exists as a file or cannot be created or written."""
    existing = next((p for p in (out_dir, *out_dir.parents) if p.exists()), Path("."))
    if existing != out_dir and not existing.is_dir():
        problem = f"{existing} is a file, not a folder"
    elif not existing.is_dir():
        problem = "is a file, not a folder"
    elif not os.access(existing, os.W_OK | os.X_OK):
        problem = f"{existing} is not writable"
    else:
        return
    raise ProblemError([Issue(f"--out-dir {out_dir}", problem, "choose another folder")], "output")


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text to a new private file (mode 0600: every output holds personal data);
    an error names the path (a full disk's does not by itself)."""
    write_private(path, text)


def read_problem(path: Path) -> Problem:
    """A problem from JSON, a workbook (``.xlsx``) or a folder of CSV files."""
    if path.suffix.lower() == ".xlsx" or path.is_dir():
        from placement import io

        return io.read_excel(path) if path.suffix.lower() == ".xlsx" else io.read_csv(path)
    return Problem.from_json_file(path)

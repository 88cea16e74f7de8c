"""What every ``placement`` command shares: one ``error:`` line and exit code 2 for any
failure, output paths checked before any work, and reading a problem from any format."""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar, get_args

import typer

from placement.errors import MAX_SHOWN_ISSUES, Issue, PlacementError, ProblemError
from placement.files import write_private
from placement.model import Problem
from placement.names import PolicyName

__all__ = [
    "ENGINES",
    "LANGUAGE_CHOICES",
    "POLICIES",
    "POLICY_CHOICES",
    "Force",
    "Policy",
    "ProblemFile",
    "cannot_write",
    "check_out_dir",
    "check_outputs",
    "fail",
    "guarded",
    "is_stdio",
    "json_errors",
    "read_problem",
    "readable_help",
    "say",
    "terminal",
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


def readable_help() -> None:
    """Show flags as flags in ``--help`` (typer's rich help writes ``<bool>`` after each one,
    which reads as if the flag took a value); a typer without the hook is left as it is."""
    from typer.core import TyperOption

    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "_placement", False):
        return

    def display(self: TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    display._placement = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display  # type: ignore[method-assign]


POLICY_CHOICES = ", ".join(get_args(PolicyName))
"""The policies, as ``--help`` lists them (the library checks the name and lists them too)."""
POLICIES = "<policy>"
"""A policy option's value in ``--help`` (its help lists the choices: they do not fit here)."""
Policy = Annotated[str, typer.Option(metavar=POLICIES, help=f"Matching policy: {POLICY_CHOICES}.")]
"""Every command's ``--policy``: one of the library's policies (checked by the library)."""
ENGINES = "<auto|flow|cpsat|highs>"
LANGUAGE_CHOICES = "<fi|sv|en>"


def terminal() -> bool:
    """Whether stderr is a terminal: progress bars are shown there, never in logs or pipes."""
    return sys.stderr.isatty()


STDIO = ("-", "/dev/stdout", "/dev/stdin")
"""File arguments that mean standard input or output."""

_json_errors = [False]


def json_errors(on: bool | None = None) -> bool:
    """Whether errors are printed as a JSON list of issues (``placement --json``); set it with
    ``on``."""
    if on is not None:
        _json_errors[0] = on
    return _json_errors[0]


def is_stdio(path: Path | str) -> bool:
    """Whether a file argument means standard input or output (``-``)."""
    return str(path) in STDIO


def fail(error: Exception | str) -> typer.Exit:
    """Print the error on stderr and return the exit (code 2) to raise.

    As text: ``error: ...``, a refused input's issues under it (the first
    :data:`~placement.errors.MAX_SHOWN_ISSUES`, then how many more: ``--json`` lists every
    one). With ``placement --json``: a JSON list of ``{"path", "message", "hint"}`` objects,
    every issue.
    """
    issues = error.issues if isinstance(error, ProblemError) else None
    if json_errors():
        listed = issues or (Issue("", str(error), ""),)
        typer.echo(
            json.dumps([dataclasses.asdict(i) for i in listed], ensure_ascii=False), err=True
        )
    elif issues is not None and len(issues) > MAX_SHOWN_ISSUES:
        assert isinstance(error, ProblemError)
        shown = [f"  - {i}" for i in issues[:MAX_SHOWN_ISSUES]]
        more = f"  ... and {len(issues) - MAX_SHOWN_ISSUES:,} more (placement --json lists all)"
        head = f"invalid {error.what}: {len(issues):,} issues"
        typer.echo("\n".join([f"error: {head}", *shown, more]), err=True)
    else:
        typer.echo(f"error: {error}", err=True)
    return typer.Exit(code=2)


def say(text: str, *, quiet_stdout: bool = False) -> None:
    """Print a human message: on stdout, or on stderr when stdout carries the command's data
    (``-o -``)."""
    typer.echo(text, err=quiet_stdout)


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
        text = not suffixes or {".json", ".csv"} & set(suffixes)
        if is_stdio(path) and option != "--chart" and text:
            continue  # written through write_text, to standard output
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


def write_text(path: Path, text: str | bytes) -> None:
    """Write UTF-8 text to a new private file (mode 0600: every output holds personal data),
    or to standard output for ``-``; an error names the path (a full disk's does not by
    itself)."""
    if is_stdio(path):
        data = text.encode("utf-8") if isinstance(text, str) else text
        sys.stdout.buffer.write(data)  # exactly the bytes: a canonical JSON stays canonical
        sys.stdout.buffer.flush()
        return
    write_private(path, text)


def read_problem(path: Path) -> Problem:
    """A problem from JSON, a workbook (``.xlsx``) or a folder of CSV files."""
    if path.suffix.lower() == ".xlsx" or path.is_dir():
        from placement import io

        return io.read_excel(path) if path.suffix.lower() == ".xlsx" else io.read_csv(path)
    return Problem.from_json_file(path)

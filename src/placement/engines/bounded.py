"""Run a solver call that cannot be interrupted, and stop it at a deadline all the same.

HiGHS honours its time limit only between iterations: inside presolve and the root LP of a large
model it ran for minutes past the limit (a 60 s limit took 135 s at 10,000 x 1,500). Such calls
run in a forked child process that is killed when the time is up, so the caller keeps its limit
and falls back to what it already has. Where ``fork`` is not available the call runs in-process,
as before (and may overrun).
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

__all__ = ["call_within", "own_limit"]

log = logging.getLogger("placement")

_T = TypeVar("_T")

_GRACE_S = 0.5
"""At most this many seconds (and a tenth of the limit) of the limit are kept back from the
solver's own time limit, so it can stop by itself with the best solution it has before the child
is killed at the limit."""


def own_limit(seconds: float | None) -> float | None:
    """The time limit to give the solver inside :func:`call_within` ``(seconds)``."""
    return None if seconds is None else max(0.01, seconds - min(_GRACE_S, 0.1 * seconds))


def _child(out: Connection, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: Any) -> None:
    try:
        out.send((True, fn(*args, **kwargs)))
    except BaseException as exc:  # hand the error to the parent, whatever it is
        out.send((False, exc))
    finally:
        out.close()


def call_within(
    seconds: float | None, fn: Callable[..., _T], *args: Any, **kwargs: Any
) -> _T | None:
    """``fn(*args, **kwargs)``, or ``None`` if it has not returned within ``seconds``.

    Parameters
    ----------
    seconds : float or None
        Wall-clock seconds to wait; ``None`` runs ``fn`` in-process without a limit.
    fn : callable
        A module-level function; its arguments and result are sent between processes.

    Returns
    -------
    The result of ``fn``, or ``None`` when it was stopped. Exceptions in ``fn`` are re-raised.
    """
    if seconds is None or "fork" not in multiprocessing.get_all_start_methods():
        return fn(*args, **kwargs)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, fn, args, kwargs), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(max(0.0, seconds)):
            log.info("stopped %s after %.1f s: it did not return in time", fn.__name__, seconds)
            return None
        try:
            ok, value = receive.recv()
        except EOFError:  # the child died without an answer
            return None
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()

"""What every explanation of one result shares, computed once: a memo by object identity.

Explaining every waiting client of a 10,000-client result asks the same questions of the same
problem and result thousands of times (does the result pass the check, in what order did the
policy serve, what are the units' priorities). Problems and results are frozen, so an answer
keyed by their identity stays true; the memo keeps the last few, and holds the objects, so an
identity is never reused while its answer is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["memo"]

T = TypeVar("T")
_KEEP = 4
_MEMO: dict[str, list[tuple[tuple[Any, ...], Any]]] = {}


def memo(kind: str, objects: tuple[Any, ...], make: Callable[[], T]) -> T:
    """The answer ``make()`` gave for these ``objects`` (the same objects), or a new one."""
    kept = _MEMO.setdefault(kind, [])
    for held, answer in kept:
        if len(held) == len(objects) and all(a is b for a, b in zip(held, objects, strict=True)):
            return answer  # type: ignore[no-any-return]
    answer = make()
    kept[:] = [*kept[-(_KEEP - 1) :], (objects, answer)]
    return answer

"""Explaining every client of a result at once, on several processes when asked."""

from __future__ import annotations

from functools import partial

from placement.explanations.explanation import Explanation
from placement.explanations.language import Language
from placement.explanations.outcome import explain
from placement.model import Problem
from placement.result import Result

__all__ = ["explain_all"]


def explain_all(
    problem: Problem, result: Result, language: Language = "en", *, workers: int = 1
) -> list[Explanation]:
    """:func:`~placement.explanations.explain` for every client, in ``problem.clients`` order.

    Parameters
    ----------
    workers : int
        Processes to spread the clients over (each explanation solves changed problems, so
        they are independent); 1 explains them here, in order.
    """
    ids = [c.id for c in problem.clients]
    if workers <= 1 or len(ids) < 2:
        return _explain_chunk(problem, result, language, ids)
    from concurrent.futures import ProcessPoolExecutor  # only when asked: a heavy import

    chunks = [ids[k::workers] for k in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(partial(_explain_chunk, problem, result, language), chunks))
    by_id = {e.client_id: e for part in parts for e in part}
    return [by_id[cid] for cid in ids]


def _explain_chunk(
    problem: Problem, result: Result, language: Language, ids: list[str]
) -> list[Explanation]:
    return [explain(problem, result, cid, language) for cid in ids]

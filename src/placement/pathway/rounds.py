"""The weekly round: take the state, solve, write the offers; once per date, re-runnable later.

:func:`run_round` sends expired offers back to search, takes the state at the start of the day
(:meth:`Tracker.to_problem`), solves it on the deterministic engine path and writes the offers
(:func:`~placement.pathway.offers.record_offers`) together with a round record: the run id, the
policy, both hashes and the problem's settings. A second run for the same date finds the record
and writes nothing. :func:`reproduce_rounds` rebuilds every recorded round from the store alone
and solves it again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from placement.audit import problem_hash, result_hash
from placement.pathway import store
from placement.pathway.offers import OfferReport, record_offers
from placement.pathway.queue import problem_of, settings_of
from placement.pathway.rules import refuse
from placement.solve import solve

if TYPE_CHECKING:
    from placement.model import Problem
    from placement.pathway.tracker import Tracker
    from placement.result import Result

__all__ = ["Round", "last_settings", "recorded", "reproduce_rounds", "run_round"]


@dataclass
class Round:
    """One round's record and, when it ran now, what it did.

    Attributes
    ----------
    as_of : date
        The round's day.
    run_id, policy, problem_sha256, result_sha256 : str
        Its identity (the offers it wrote carry the run id and both hashes).
    offers : int
        Offers it wrote.
    new : bool
        Whether this call ran it (``False``: it had run before, nothing was written).
    report : OfferReport or None
        The offers written and refused (this call only).
    expired : int
        Unanswered offers sent back to search first (this call only).
    notices : list of str
        References dropped and other notices of the state (this call only).
    result, problem : Result and Problem, or None
        What was solved and its result (this call only).
    """

    as_of: dt.date
    run_id: str
    policy: str
    problem_sha256: str
    result_sha256: str
    offers: int
    new: bool
    report: OfferReport | None = None
    expired: int = 0
    notices: list[str] = field(default_factory=list)
    result: Result | None = None
    problem: Problem | None = None

    def summary(self) -> str:
        """What the round did, for the person who ran it."""
        if not self.new:
            return (
                f"the round of {self.as_of} already ran (run {self.run_id}, {self.offers} "
                "offers); nothing written"
            )
        lines = [
            f"round of {self.as_of}: run {self.run_id}, policy {self.policy}",
            f"problem {self.problem_sha256}",
            f"result  {self.result_sha256}",
            f"{self.expired} unanswered offers back in search",
        ]
        if self.result is not None:
            lines.append(self.result.summary())
        if self.report is not None:
            lines.append(self.report.summary())
        lines += [f"notice: {n}" for n in self.notices]
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """The round as plain JSON data."""
        return {
            "as_of": self.as_of.isoformat(),
            "run_id": self.run_id,
            "policy": self.policy,
            "problem_sha256": self.problem_sha256,
            "result_sha256": self.result_sha256,
            "offers": self.offers,
            "new": self.new,
            "expired": self.expired,
            "notices": self.notices,
            "report": None if self.report is None else self.report.to_json(),
            "result": None if self.result is None else self.result.model_dump(mode="json"),
        }


def run_round(
    tracker: Tracker,
    as_of: dt.date | str,
    *,
    policy: str = "optimal",
    resource: str | None = None,
    **problem_fields: Any,
) -> Round:
    """Run the round of ``as_of`` once; see the module docstring.

    A searching case without a matching profile cannot be matched: it is left out of the round,
    named in its notices, rather than stopping the whole round.

    Parameters
    ----------
    tracker : Tracker
        A tracker whose store holds the county's units (:meth:`Tracker.add_units`).
    as_of : date or ISO date string
        The round's day; the state is taken at its start (00:00 Finnish time).
    policy : str
        Matching policy.
    resource : str, optional
        Who writes the offers and expiries (each case's placement-team worker by default;
        ``"placement_team"`` for expiries).
    **problem_fields
        Problem settings (service classes, weights, ...), stored with the round; the last
        round's by default (the library's defaults before the first round).
    """
    as_of = _day(as_of)
    done = recorded(tracker, as_of)
    if done is not None:
        return done
    problem_fields = problem_fields or last_settings(tracker)
    expired = tracker.expire_offers(as_of, resource=resource or "placement_team")
    problem, notices = problem_of(tracker, as_of=as_of, missing="skip", **problem_fields)
    result = solve(problem, policy=policy, deterministic=True)  # type: ignore[arg-type]
    run_id = uuid.uuid4().hex

    def keep(conn: Connection, report: OfferReport) -> None:
        conn.execute(
            insert(store.rounds).values(
                as_of=as_of.isoformat(),
                run_id=run_id,
                policy=policy,
                problem_sha256=problem_hash(problem),
                result_sha256=result_hash(result),
                settings=settings_of(problem),
                offers=len(report.written),
            )
        )

    try:
        report = record_offers(
            tracker, result, problem, resource=resource, run_id=run_id, then=keep
        )
    except IntegrityError:  # another process ran the same round first
        again = recorded(tracker, as_of)
        assert again is not None
        return again
    return Round(
        as_of,
        run_id,
        policy,
        problem_hash(problem),
        result_hash(result),
        len(report.written),
        new=True,
        report=report,
        expired=len(expired),
        notices=notices,
        result=result,
        problem=problem,
    )


def _day(value: object) -> dt.date:
    """The round's day from a date or an ISO date string; anything else is refused."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise refuse("as_of", "is not a date", "give the round's day, e.g. 2026-01-05") from None


def last_settings(tracker: Tracker) -> dict[str, Any]:
    """The problem settings of the latest recorded round (none before the first)."""
    with tracker.engine.connect() as conn:
        row = conn.execute(
            select(store.rounds.c.settings).order_by(store.rounds.c.as_of.desc()).limit(1)
        ).first()
    return {} if row is None else dict(row.settings)


def recorded(tracker: Tracker, as_of: dt.date) -> Round | None:
    """The stored round of ``as_of``, if it ran."""
    with tracker.engine.connect() as conn:
        row = conn.execute(
            select(store.rounds).where(store.rounds.c.as_of == as_of.isoformat())
        ).first()
    if row is None:
        return None
    return Round(
        as_of,
        row.run_id,
        row.policy,
        row.problem_sha256,
        row.result_sha256,
        row.offers,
        new=False,
    )


def reproduce_rounds(tracker: Tracker) -> list[str]:
    """Rebuild every recorded round from the store alone, solve it again and compare.

    Returns
    -------
    list of str
        One line per difference (a problem or result hash, or the offers written); empty when
        every round is reproduced exactly.
    """
    with tracker.engine.connect() as conn:
        rows = conn.execute(select(store.rounds).order_by(store.rounds.c.as_of)).all()
    offers: dict[str, set[tuple[str, str]]] = {}
    for e in tracker.events():
        if e.stage == tracker.graph.offer_stage and "run_id" in e.attributes:
            offers.setdefault(e.attributes["run_id"], set()).add((e.case_id, e.attributes["unit"]))
    differences = []
    for row in rows:
        day = dt.date.fromisoformat(row.as_of)
        problem, _ = problem_of(tracker, as_of=day, missing="skip", **row.settings)
        if problem_hash(problem) != row.problem_sha256:
            differences.append(f"round {day}: the problem rebuilt from the store differs")
            continue
        result = solve(problem, policy=row.policy, deterministic=True)
        if result_hash(result) != row.result_sha256:
            differences.append(f"round {day}: the result computed again differs")
            continue
        proposed = {(a.client_id, a.unit_id) for a in result.assignments}
        written = offers.get(row.run_id, set())
        if not written <= proposed or len(written) != row.offers:
            differences.append(f"round {day}: the offers stored are not the result's")
    return differences

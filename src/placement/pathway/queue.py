"""The tracker's state and matching problem at a moment, read from the store.

:func:`load_state` reads the rows :func:`placement.pathway.places.state_at` needs;
:func:`to_problem` turns the state into a :class:`~placement.Problem`: the stored units with
their residents and held places, and the queue with its stored profiles. References to clients
who are no longer in search (a partner who moved in, a withdrawn case) are dropped with a
notice: they are history, not an error in the data.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import select

from placement.errors import Issue, ProblemError
from placement.model import Client, Problem, Unit
from placement.pathway import store
from placement.pathway.places import State, Stay, state_at
from placement.pathway.rules import LOCAL_TIME, Event, as_time
from placement.pathway.transaction import loaded

if TYPE_CHECKING:
    from placement.pathway.tracker import Tracker

__all__ = ["latest_moment", "load_state", "moment_of", "problem_of", "settings_of", "to_problem"]

logger = logging.getLogger("placement")

_STATE_FIELDS = frozenset({"units", "clients", "reference_date"})


def moment_of(as_of: dt.date | dt.datetime | str | None) -> dt.datetime:
    """The state's moment: 00:00 Finnish time of a date (a day's round sees the state at its
    start), a given time as it is, or now."""
    if as_of is None:
        return dt.datetime.now(dt.UTC)
    return as_time(as_of, "as_of")


def latest_moment(tracker: Tracker, when: dt.datetime) -> dt.datetime:
    """A moment after ``when`` and after every recorded event: the state as it now stands,
    events recorded for later days included (a write checks against it)."""
    last = max([when, *(e.start for e in tracker.events())])
    return last + dt.timedelta(microseconds=1)


def settings_of(problem: Problem) -> dict[str, Any]:
    """A problem's fields besides units, clients and reference date (service classes, weights,
    needs mapping, ...): what a round stores to rebuild its problem later."""
    return problem.model_dump(mode="json", exclude=set(_STATE_FIELDS))


def load_state(tracker: Tracker, at: dt.datetime) -> State:
    """The tracker's places and queue at ``at`` (see :mod:`placement.pathway.places`)."""
    histories: dict[str, list[Event]] = {}
    for e in tracker.events():
        histories.setdefault(e.case_id, []).append(e)
    with tracker.engine.connect() as conn:
        definitions = [
            (r.unit_id, _aware(r.valid_from), r.unit) for r in conn.execute(select(store.units))
        ]
        stays = [
            Stay(
                r.resident_id,
                r.unit_id,
                tuple(r.tags or ()),
                _aware(r.moved_in),
                loaded(r.moved_out),
            )
            for r in conn.execute(select(store.residents).order_by(store.residents.c.stay_id))
        ]
    tags = {c: p.tags for c, p in tracker.profiles().items()}
    return state_at(
        tracker.graph,
        histories,
        definitions,
        stays,
        at,
        tags=tags,
        offer_days=tracker.offer_days,
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC)


def to_problem(
    tracker: Tracker,
    units: Sequence[Unit] | None = None,
    *,
    as_of: dt.date | dt.datetime | str | None = None,
    reference_date: dt.date | None = None,
    clients: Mapping[str, Client] | None = None,
    missing: Literal["raise", "skip"] = "raise",
    **problem_fields: Any,
) -> Problem:
    """The tracker's matching problem at ``as_of``; see :meth:`Tracker.to_problem`."""
    problem, notices = problem_of(
        tracker,
        units,
        as_of=as_of,
        reference_date=reference_date,
        clients=clients,
        missing=missing,
        **problem_fields,
    )
    for notice in notices:
        logger.info("to_problem: %s", notice)
    return problem


def problem_of(
    tracker: Tracker,
    units: Sequence[Unit] | None = None,
    *,
    as_of: dt.date | dt.datetime | str | None = None,
    reference_date: dt.date | None = None,
    clients: Mapping[str, Client] | None = None,
    missing: Literal["raise", "skip"] = "raise",
    **problem_fields: Any,
) -> tuple[Problem, list[str]]:
    """:func:`to_problem` and its notices (dropped references, offers naming no unit)."""
    at = moment_of(as_of if as_of is not None else reference_date)
    state = load_state(tracker, at)
    if units is None:
        if not state.units:
            raise ProblemError(
                [Issue("units", "the store holds no units", "register them with add_units")],
                what="pathway cases",
            )
        units = state.units
    day = reference_date or (at.astimezone(LOCAL_TIME).date() if as_of is not None else None)
    given = dict(clients or {})
    wrong = sorted(k for k, v in given.items() if not isinstance(v, Client))
    if wrong:
        raise ProblemError(
            [
                Issue(f"clients[{k}]", "is not a Client", "pass placement.Client objects")
                for k in wrong
            ],
            what="pathway cases",
        )
    profiles = {**tracker.profiles(), **given}
    waiting = sorted(state.queue)
    lacking = [c for c in waiting if c not in profiles]
    if lacking and missing == "raise":
        raise ProblemError(
            [
                Issue(f"cases[{c}]", "in search but has no matching profile", "pass clients=")
                for c in lacking
            ],
            what="pathway cases",
        )
    notices = list(state.notices)
    if lacking:
        shown = ", ".join(lacking[:20]) + (
            f" and {len(lacking) - 20} more" if len(lacking) > 20 else ""
        )
        notices.append(
            f"{len(lacking)} searching cases without a matching profile left out: {shown}"
        )
    chosen = [c for c in waiting if c in profiles]
    searching = set(chosen)
    housed = {r.id for u in units for r in u.incumbents}
    kept: list[Client] = []
    for c in chosen:
        profile = profiles[c]
        linked = tuple(x for x in profile.linked_with if x in searching)
        apart = tuple(x for x in profile.incompatible_with if x in searching | housed)
        for ref in sorted(set(profile.linked_with) - set(linked)):
            notices.append(f"cases[{c}].linked_with: '{ref}' is no longer in search; dropped")
        for ref in sorted(set(profile.incompatible_with) - set(apart)):
            notices.append(
                f"cases[{c}].incompatible_with: '{ref}' is neither in search nor a resident; "
                "dropped"
            )
        kept.append(
            profile.model_copy(
                update={
                    "queued_since": state.queue[c],
                    "linked_with": linked,
                    "incompatible_with": apart,
                }
            )
        )
    problem = Problem(
        reference_date=day or dt.date.today(),
        units=tuple(units),
        clients=tuple(kept),
        **problem_fields,
    )
    return problem, notices

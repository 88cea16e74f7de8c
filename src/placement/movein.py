"""Move-in days within a unit: who takes which free place, so every composition limit holds.

A unit's free places open on known days (free now, when it opens, or when a resident leaves).
Its newcomers take them in priority order, the most pressing first. A composition limit holds
*at once*: on every day, the residents carrying a tag who still live there plus the tagged
newcomers who have moved in by then are at most the limit. A tagged newcomer may therefore have
to wait for a tagged resident to leave, while a newcomer without the tag takes the earlier place.

The engines decide *how many* tagged newcomers a unit takes (the room left on its last place's
day, :func:`placement.model.problem.tag_room`); this module decides *when* each moves in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from placement.model import Unit
from placement.model.problem import tag_limits, tagged_residents

__all__ = ["move_in_dates"]


def move_in_dates(
    unit: Unit, places: Sequence[dt.date], tags: Sequence[AbstractSet[str]]
) -> list[dt.date | None]:
    """The move-in day of each newcomer of ``unit``, keeping its composition limits every day.

    Parameters
    ----------
    unit : Unit
        The unit, with its residents and composition rules.
    places : sequence of date
        Opening days of the unit's free places within the horizon, earliest first.
    tags : sequence of set of str
        Tags of each newcomer (their required features and own tags), most pressing first.

    Returns
    -------
    list of date or None
        Per newcomer, in the order given: the day they move in, or ``None`` when no place keeps
        the limits (only possible when more newcomers than places are given, or when one
        leaving resident's room is wanted by newcomers of two different tags).

    Notes
    -----
    Places are filled earliest first; each goes to the most pressing newcomer still waiting
    whose tags all have room on its day. Without composition limits this is simply the
    ``k``-th place for the ``k``-th newcomer.
    """
    limits = tag_limits(unit)
    if not limits:
        return [places[k] if k < len(places) else None for k in range(len(tags))]
    limited = [frozenset(t & limits.keys()) for t in tags]
    moved = dict.fromkeys(limits, 0)
    days: list[dt.date | None] = [None] * len(tags)
    waiting = list(range(len(tags)))
    for day in places:
        for pos, k in enumerate(waiting):
            if all(
                tagged_residents(unit, tag, day) + moved[tag] < limits[tag] for tag in limited[k]
            ):
                days[k] = day
                for tag in limited[k]:
                    moved[tag] += 1
                del waiting[pos]
                break
        if not waiting:
            break
    return days

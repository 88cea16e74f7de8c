"""Statutory deadlines in Finnish working days, and each case's status against them."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
import numpy as np
import pandas as pd
from dateutil.relativedelta import relativedelta

from placement.pathway.graph import Deadline, StageGraph

__all__ = [
    "STATUSES",
    "add_working_days",
    "deadline_status",
    "due_date",
    "is_working_day",
    "working_days_between",
]

STATUSES = ("met", "late", "breached", "at_risk", "pending", "ended")
"""Deadline statuses: met on time; met after the due date; not met and past due; not met and
due within the warning window; not met and not yet near; the case ended before it was met."""


CALENDAR_YEARS = (1990, 2100)
"""Years (inclusive) the working-day calendar covers."""


@lru_cache(maxsize=1)
def _calendar() -> np.busdaycalendar:
    first, last = CALENDAR_YEARS
    finland = holidays.country_holidays("FI", years=range(first, last + 1))
    return np.busdaycalendar(holidays=sorted(finland))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a Finnish public holiday (Christmas and Midsummer Eve included)."""
    return bool(np.is_busday(np.datetime64(day, "D"), busdaycal=_calendar()))


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``day``; ``n = 0`` gives ``day`` itself or, if it is not a
    working day, the next one."""
    start = np.datetime64(day, "D")
    if n == 0:
        result = np.busday_offset(start, 0, roll="forward", busdaycal=_calendar())
    else:
        result = np.busday_offset(start, n, roll="backward", busdaycal=_calendar())
    return dt.date.fromisoformat(str(result))


def working_days_between(first: dt.date, last: dt.date) -> int:
    """Working days after ``first`` up to and including ``last`` (negative if ``last`` is
    earlier)."""
    if last < first:
        return -working_days_between(last, first)
    one = np.timedelta64(1, "D")
    begin, stop = np.datetime64(first, "D") + one, np.datetime64(last, "D") + one
    return int(np.busday_count(begin, stop, busdaycal=_calendar()))


def due_date(rule: Deadline, clock_start: dt.date) -> dt.date:
    """When ``rule`` falls due for a clock started on ``clock_start``.

    Working-day rules count working days after the start day; month rules add calendar months
    (the last day of a shorter month if needed) and move a due date on a non-working day to the
    next working day.
    """
    if rule.working_days is not None:
        return add_working_days(clock_start, rule.working_days)
    assert rule.months is not None
    return add_working_days(clock_start + relativedelta(months=rule.months), 0)


def _first(events: pd.DataFrame, column: str) -> dict[tuple[str, str], pd.Timestamp]:
    """(case, stage) to the earliest non-missing ``column`` time."""
    rows = events.dropna(subset=[column]).groupby(["case_id", "stage"], as_index=False)[column]
    firsts = rows.min()
    return {
        (str(c), str(s)): pd.Timestamp(t)
        for c, s, t in zip(firsts["case_id"], firsts["stage"], firsts[column], strict=True)
    }


def deadline_status(events: pd.DataFrame, graph: StageGraph, as_of: dt.date) -> pd.DataFrame:
    """Every case's status against every deadline of the graph on day ``as_of``.

    Parameters
    ----------
    events : DataFrame
        Events as from :meth:`Tracker.frame` (``case_id``, ``stage``, ``start``, ``end``).
    graph : StageGraph
        The path and its deadlines.
    as_of : date
        The day of the report; events after it are ignored.

    Returns
    -------
    DataFrame
        One row per case and deadline whose clock has started: ``case_id``, ``deadline``,
        ``clock_start``, ``due``, ``met_on`` (date or NaT), ``status`` (see :data:`STATUSES`),
        ``working_days_left`` (working days from ``as_of`` to ``due``; negative when overdue),
        ``days_over`` (calendar days past ``due``: to ``as_of`` when breached, to ``met_on``
        when late, else 0). Sorted with the most urgent open cases first (breached ones by due
        date, so the longest overdue leads).
    """
    cutoff = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    seen = events[events["start"] < cutoff]
    ends = set(graph.exits)
    first_start = _first(seen, "start")
    first_end = _first(seen, "end")
    exited = seen[seen["stage"].isin(ends)].groupby("case_id")["start"].min()
    rows = []
    for rule in graph.deadlines:
        clock = first_start if rule.from_edge == "start" else first_end
        for (case_id, stage), started in clock.items():
            if stage != rule.from_stage or started >= cutoff:
                continue
            start_day = started.date()
            due = due_date(rule, start_day)
            met = first_start.get((case_id, rule.to_stage))
            met_on = None if met is None else met.date()
            left = working_days_between(as_of, due)
            over = 0
            if met_on is not None:
                status = "met" if met_on <= due else "late"
                over = max(0, (met_on - due).days)
            elif case_id in exited.index:
                status = "ended"
            elif as_of > due:
                status = "breached"
                over = (as_of - due).days
            elif left <= rule.warn_working_days:
                status = "at_risk"
            else:
                status = "pending"
            rows.append((case_id, rule.name, start_day, due, met_on, status, left, over))
    table = pd.DataFrame(
        rows,
        columns=[
            "case_id",
            "deadline",
            "clock_start",
            "due",
            "met_on",
            "status",
            "working_days_left",
            "days_over",
        ],
    )
    order = {s: k for k, s in enumerate(("breached", "at_risk", "pending", "late", "met", "ended"))}
    rank = np.array([order[s] for s in table["status"]], dtype=int)
    table = table.assign(_rank=rank).sort_values(["_rank", "due", "case_id"], kind="stable")
    return table.drop(columns="_rank").reset_index(drop=True)

"""A simulated replication as a process-mining event log, in the columns ``pathway`` exports.

Each stay in a stage is one row: ``start_timestamp`` when it began, ``time:timestamp`` when it
ended (``lifecycle:transition`` ``complete``); a stay still open at the horizon is stamped at
its start (``start``), as the tracker's export does. Stages: ``application``, the scenario's
stages before search, ``search``, ``offer`` (with ``unit`` and ``service_class``), ``move_in``,
the exit reasons, and ``moved_out`` (a resident leaving; the tracker has no such stage, so a
county's own log lacks it and :func:`~placement.simulate.calibrate.fit_history` then keeps the
default stays). Cases are pseudonymous ids; ``org:resource`` is ``simulation``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from placement.simulate.engine import replicate
from placement.simulate.records import pseudonyms
from placement.simulate.replications import compiled
from placement.simulate.scenario import Scenario

__all__ = ["COLUMNS", "event_log"]

COLUMNS = (
    "case:concept:name",
    "concept:name",
    "time:timestamp",
    "start_timestamp",
    "org:resource",
    "lifecycle:transition",
    "case:municipality",
    "unit",
    "service_class",
)


def event_log(scenario: Scenario, seed: int = 0) -> pd.DataFrame:
    """Run one replication of ``scenario`` from ``seed`` and return its event log.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`, sorted by case, then start.
    """
    c = compiled(scenario.model_dump_json())
    raw = replicate(c, np.random.SeedSequence(seed), trace=True)
    trace = raw["trace"]
    horizon = float(scenario.horizon_days)
    case, stage, start, end, unit, klass = (
        (list(x) for x in zip(*trace, strict=True)) if trace else ([],) * 6
    )
    start_days = np.array(start, np.float64)
    end_days = np.array(end, np.float64)
    open_ = ~np.isfinite(end_days) | (end_days > horizon)
    origin = pd.Timestamp(c.start)
    began = origin + pd.to_timedelta(start_days, unit="D")
    ended = origin + pd.to_timedelta(np.where(open_, start_days, end_days), unit="D")
    units = np.array([u.id for u in c.units] + [""], dtype=object)
    classes = np.array([*c.classes, ""], dtype=object)
    cases = np.asarray(case, np.int64)
    names = pseudonyms(c)  # no simulated event is written against a real client id
    log = pd.DataFrame(
        {
            "case:concept:name": [names.get(k, k) for k in raw["key"][cases].tolist()]
            if trace
            else [],
            "concept:name": stage,
            "time:timestamp": ended,
            "start_timestamp": began,
            "org:resource": "simulation",
            "lifecycle:transition": np.where(open_, "start", "complete"),
            "case:municipality": np.array(c.towns, dtype=object)[raw["town"][cases]]
            if trace
            else [],
            "unit": units[np.asarray(unit, np.int64)],
            "service_class": classes[np.asarray(klass, np.int64)],
        },
        columns=list(COLUMNS),
    )
    keep = log["start_timestamp"] <= origin + pd.Timedelta(days=horizon)
    log = log[keep].sort_values(["case:concept:name", "start_timestamp"], kind="stable")
    return log.reset_index(drop=True)

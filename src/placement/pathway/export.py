"""Event-log export for process mining: a flat log (pm4py's column convention) and OCEL 2.0.

In the flat log each stay in a stage is one row: ``start_timestamp`` is when the stage began and
``time:timestamp`` when it ended (``lifecycle:transition`` ``complete``); a stage still open is
stamped at its start (``lifecycle:transition`` ``start``). Only pseudonymous ids and the case
attributes the tracker holds are exported: never a matching profile (needs).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from placement import csv_cells
from placement.files import write_private
from placement.pathway.measures import event_times
from placement.pathway.tracker import Tracker

__all__ = ["event_log", "ocel", "write_csv", "write_ocel"]


def event_log(tracker: Tracker) -> pd.DataFrame:
    """The tracker's events as a process-mining event log.

    Returns
    -------
    DataFrame
        Columns ``case:concept:name``, ``concept:name``, ``time:timestamp``, ``start_timestamp``,
        ``org:resource``, ``org:role``, ``lifecycle:transition``, ``case:municipality``,
        ``case:social_worker``, ``case:placement_worker``, one ``case:<name>`` per case
        attribute, and one column per event attribute (``unit``, ``meeting``, ...). Sorted by
        case and time.
    """
    events = tracker.frame()
    cases = pd.DataFrame([c.model_dump() for c in tracker.cases()])
    log = pd.DataFrame(
        {
            "case:concept:name": events["case_id"],
            "concept:name": events["stage"],
            "time:timestamp": event_times(events),
            "start_timestamp": events["start"],
            "org:resource": events["resource"],
            "org:role": events["role"],
            "lifecycle:transition": events["end"].notna().map({True: "complete", False: "start"}),
            "event_id": events["event_id"],
        }
    )
    extra = pd.DataFrame(list(events["attributes"]), index=events.index)
    log = pd.concat([log, extra], axis=1)
    if not cases.empty:
        table = pd.DataFrame(
            {
                "case:concept:name": cases["id"],
                "case:municipality": cases["municipality"],
                "case:social_worker": cases["social_worker"],
                "case:placement_worker": cases["placement_worker"],
            }
        )
        attrs = pd.DataFrame(list(cases["attributes"])).add_prefix("case:")
        log = log.merge(pd.concat([table, attrs], axis=1), on="case:concept:name", how="left")
    log = log.sort_values(["case:concept:name", "time:timestamp", "event_id"], kind="stable")
    return log.drop(columns="event_id").reset_index(drop=True)


def write_csv(tracker: Tracker, path: str | Path) -> Path:
    """Write :func:`event_log` as CSV (ISO timestamps); returns the path."""
    log = event_log(tracker)
    return csv_cells.write_csv(path, list(log.columns), log.itertuples(index=False, name=None))


def ocel(tracker: Tracker) -> dict[str, Any]:
    """The log as an OCEL 2.0 JSON document.

    Object types: ``client`` (one per case), ``unit`` (from offers' ``unit`` attribute) and
    ``panel_meeting`` (from housing-panel events' ``meeting`` attribute). Every event relates to
    its client; offers to their unit; panel events to their meeting.
    """
    events = tracker.frame()
    cases = {c.id: c for c in tracker.cases()}
    stamps = event_times(events)
    objects: dict[tuple[str, str], dict[str, Any]] = {}
    for case in cases.values():
        objects[("client", case.id)] = {
            "id": case.id,
            "type": "client",
            "attributes": [
                {"name": "municipality", "time": _iso(None), "value": case.municipality}
            ],
        }
    ocel_events = []
    for row, stamp in zip(events.to_dict("records"), stamps, strict=True):
        related = [{"objectId": row["case_id"], "qualifier": "case"}]
        for key, kind in (("unit", "unit"), ("meeting", "panel_meeting")):
            value = row["attributes"].get(key)
            if value:
                objects.setdefault((kind, value), {"id": value, "type": kind, "attributes": []})
                related.append({"objectId": value, "qualifier": kind})
        ocel_events.append(
            {
                "id": f"e{row['event_id']}",
                "type": row["stage"],
                "time": _iso(stamp),
                "attributes": [
                    {"name": "start_timestamp", "value": _iso(row["start"])},
                    {"name": "org:resource", "value": row["resource"]},
                    {"name": "org:role", "value": row["role"]},
                ],
                "relationships": related,
            }
        )
    stage_attrs = [
        {"name": name, "type": "string"} for name in ("start_timestamp", "org:resource", "org:role")
    ]
    return {
        "objectTypes": [
            {"name": "client", "attributes": [{"name": "municipality", "type": "string"}]},
            {"name": "unit", "attributes": []},
            {"name": "panel_meeting", "attributes": []},
        ],
        "eventTypes": [
            {"name": stage, "attributes": stage_attrs} for stage in tracker.graph.order()
        ],
        "objects": list(objects.values()),
        "events": ocel_events,
    }


def write_ocel(tracker: Tracker, path: str | Path) -> Path:
    """Write :func:`ocel` as JSON; returns the path."""
    target = Path(path)
    write_private(target, json.dumps(ocel(tracker), indent=1, ensure_ascii=False))
    return target


def _iso(value: Any) -> str:
    if value is None:
        return "1970-01-01T00:00:00"
    return str(pd.Timestamp(value).isoformat())

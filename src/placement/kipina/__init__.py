"""Weekly activity scheduling for the Kipinä disability competence centre (Etelä-Savo)."""

from typing import TYPE_CHECKING

from placement import lazy

if TYPE_CHECKING:
    from placement.kipina.datasets import kipina_mikkeli, load_week
    from placement.kipina.model import (
        Activity,
        ActivityType,
        Entitlement,
        Participant,
        Pin,
        Room,
        Staff,
        Vehicle,
        Week,
        Window,
    )
    from placement.kipina.plots import plot_timetable
    from placement.kipina.result import Run, Schedule, Session, Stop, Unmet
    from placement.kipina.solve import schedule

__all__ = [
    "Activity",
    "ActivityType",
    "Entitlement",
    "Participant",
    "Pin",
    "Room",
    "Run",
    "Schedule",
    "Session",
    "Staff",
    "Stop",
    "Unmet",
    "Vehicle",
    "Week",
    "Window",
    "kipina_mikkeli",
    "load_week",
    "plot_timetable",
    "schedule",
]

__getattr__, __dir__ = lazy.exports(
    __name__,
    {
        "kipina_mikkeli": "datasets",
        "load_week": "datasets",
        "plot_timetable": "plots",
        "Activity": "model",
        "ActivityType": "model",
        "Entitlement": "model",
        "Participant": "model",
        "Pin": "model",
        "Room": "model",
        "Run": "result",
        "Schedule": "result",
        "Session": "result",
        "Staff": "model",
        "Stop": "result",
        "Unmet": "result",
        "Vehicle": "model",
        "Week": "model",
        "Window": "model",
        "schedule": "solve",
    },
)

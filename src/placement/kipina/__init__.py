"""Weekly activity scheduling for the Kipinä disability competence centre (Etelä-Savo)."""

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
    "schedule",
]

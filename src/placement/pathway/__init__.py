"""Housing-path tracking: stages, durable case events, timing measures, deadlines and export."""

from placement.pathway.graph import LUVN_GRAPH, Deadline, Role, Stage, StageGraph, luvn_graph
from placement.pathway.rules import Case, Event, PathwayError
from placement.pathway.tracker import Tracker, Transaction

__all__ = [
    "LUVN_GRAPH",
    "Case",
    "Deadline",
    "Event",
    "PathwayError",
    "Role",
    "Stage",
    "StageGraph",
    "Tracker",
    "Transaction",
    "luvn_graph",
]

"""Housing-path tracking: stages, durable case events, the county's places, weekly rounds,
timing measures, deadlines and export."""

from typing import TYPE_CHECKING

from placement import lazy

if TYPE_CHECKING:
    from placement.pathway.graph import LUVN_GRAPH, Deadline, Role, Stage, StageGraph, luvn_graph
    from placement.pathway.offers import OfferReport, Refusal
    from placement.pathway.places import State
    from placement.pathway.plots import plot_stage_flow
    from placement.pathway.rounds import Round, reproduce_rounds, run_round
    from placement.pathway.rules import Case, Event, PathwayError
    from placement.pathway.tracker import Tracker
    from placement.pathway.transaction import Transaction

__all__ = [
    "LUVN_GRAPH",
    "Case",
    "Deadline",
    "Event",
    "OfferReport",
    "PathwayError",
    "Refusal",
    "Role",
    "Round",
    "Stage",
    "StageGraph",
    "State",
    "Tracker",
    "Transaction",
    "luvn_graph",
    "plot_stage_flow",
    "reproduce_rounds",
    "run_round",
]

__getattr__, __dir__ = lazy.exports(
    __name__,
    {
        "plot_stage_flow": "plots",
        "Case": "rules",
        "Deadline": "graph",
        "Event": "rules",
        "LUVN_GRAPH": "graph",
        "PathwayError": "rules",
        "Role": "graph",
        "Stage": "graph",
        "StageGraph": "graph",
        "Tracker": "tracker",
        "Transaction": "transaction",
        "luvn_graph": "graph",
        "OfferReport": "offers",
        "Refusal": "offers",
        "Round": "rounds",
        "State": "places",
        "reproduce_rounds": "rounds",
        "run_round": "rounds",
    },
)

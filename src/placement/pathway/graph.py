"""The housing path as a stage graph: which stage may follow which.

The default is Western Uusimaa's housing path (asumisen polku). A county with another path
writes its own graph as JSON (the same fields as :class:`StageGraph`) and loads it with
:meth:`StageGraph.from_file`; the graph is validated on load: one start, every stage reaches an
end, every edge names known stages.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import networkx as nx
from pydantic import ConfigDict, Field, model_validator

from placement.errors import Issue, ProblemError
from placement.model.input import InputModel, read_json_file
from placement.schemas import SCHEMA_VERSIONS, StageGraphVersion

__all__ = ["LUVN_GRAPH", "MAX_STAGE_ID", "Deadline", "Role", "Stage", "StageGraph", "luvn_graph"]

MAX_STAGE_ID = 64
"""Longest stage id (characters): the store keeps stage ids in 64-character columns."""
MAX_WORKING_DAYS = 2_610
"""Longest deadline in working days (ten years): longer ones leave the calendar's range."""
MAX_MONTHS = 120
"""Longest deadline in months (ten years)."""


class Role(StrEnum):
    """Who is responsible for a stage event; both stay on the case throughout."""

    SOCIAL_WORKER = "regional_social_worker"
    PLACEMENT_WORKER = "placement_team_worker"


class Stage(InputModel):
    """One stage of the path.

    Attributes
    ----------
    id : str
        Stage id used in events and exports (``concept:name``).
    label : str
        Human-readable name (Finnish in the bundled path).
    instant : bool
        The stage has no duration (an exit such as ``withdrawn``): its end is its start.
    parallel_group : str or None
        Stages sharing a group may run at the same time for one case (complementary
        assessments); any other new stage ends every open stage of the case.
    role : Role
        Role that usually records the stage; a default for tooling, not a rule.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "stage"

    id: str = Field(min_length=1)
    label: str = ""
    instant: bool = False
    parallel_group: str | None = None
    role: Role = Role.PLACEMENT_WORKER


class Deadline(InputModel):
    """A statutory deadline between two stage boundaries of one case.

    The clock starts at ``from_stage``'s ``from_edge`` (its first occurrence) and is met when
    ``to_stage`` first starts. Exactly one of ``working_days`` or ``months`` is set. A due date
    that falls on a weekend or a Finnish public holiday moves to the next working day (Act on the
    calculation of statutory time limits 150/1930).

    Attributes
    ----------
    name : str
        Deadline id in reports.
    from_stage, to_stage : str
        Stage ids.
    from_edge : {"start", "end"}
        Which boundary of ``from_stage`` starts the clock.
    working_days : int or None
        Due on the n-th working day after the clock starts (days, Mon-Fri, no public holidays).
    months : int or None
        Due this many calendar months after the clock starts.
    warn_working_days : int
        A pending case is *at risk* from this many working days before its due date.
    source : str
        Where the rule comes from.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "deadline"

    name: str = Field(min_length=1)
    from_stage: str
    from_edge: Literal["start", "end"] = "start"
    to_stage: str
    working_days: Annotated[int, Field(ge=1, le=MAX_WORKING_DAYS)] | None = None
    months: Annotated[int, Field(ge=1, le=MAX_MONTHS)] | None = None
    warn_working_days: int = Field(default=5, ge=0)
    source: str = ""

    @model_validator(mode="after")
    def _one_length(self) -> Deadline:
        if (self.working_days is None) == (self.months is None):
            raise ValueError("set exactly one of working_days or months")
        return self


class StageGraph(InputModel):
    """A validated stage graph with the milestones the reports use.

    Attributes
    ----------
    name : str
        Name of the path.
    stages : tuple of Stage
        Every stage, exits included.
    edges : tuple of (str, str)
        Allowed transitions ``(from, to)``.
    exits : tuple of str
        Stages that may follow any non-terminal stage (withdrawn, moved away, deceased); their
        edges are added automatically.
    throughput_from, throughput_to : str
        Throughput time of a case runs from the first start of one to the first start of the
        other (needs assessment to move-in on the LUVN path).
    search_stage : str
        Cases open in this stage are the clients of a matching problem.
    offer_stage : str
        Stage recorded when a matching result offers a place.
    deadlines : tuple of Deadline
        Statutory deadlines reported for every case.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "stage graph"

    schema_version: StageGraphVersion = SCHEMA_VERSIONS["stage_graph"]
    name: str = "housing path"
    stages: tuple[Stage, ...]
    edges: tuple[tuple[str, str], ...]
    exits: tuple[str, ...] = ()
    throughput_from: str
    throughput_to: str
    search_stage: str
    offer_stage: str
    deadlines: tuple[Deadline, ...] = ()

    @model_validator(mode="after")
    def _valid(self) -> StageGraph:
        issues = _graph_issues(self)
        if issues:
            raise ProblemError(issues, what="stage graph")
        return self

    @classmethod
    def from_file(cls, path: str | Path) -> StageGraph:
        """Read a stage graph from a JSON file; every problem is reported with its field path.

        The file goes through the library's strict JSON reader: invalid UTF-8, invalid JSON,
        repeated keys and too-deep nesting are one :class:`ProblemError` naming the file and
        position.
        """
        return cls.from_dict(read_json_file(path, cls.input_name))

    @classmethod
    def from_dict(cls, data: Any) -> StageGraph:
        """Validate a stage graph from plain data; every problem is one :class:`ProblemError`."""
        return cls.model_validate(data)

    @cached_property
    def graph(self) -> nx.DiGraph[str]:
        """The stage graph as a networkx DiGraph (stage attributes on the nodes)."""
        return _digraph(self)

    @cached_property
    def stage_by_id(self) -> dict[str, Stage]:
        """Stage id to stage."""
        return {s.id: s for s in self.stages}

    @property
    def start(self) -> str:
        """The one stage every case begins in."""
        return str(next(n for n, d in self.graph.in_degree() if d == 0))

    def ends(self) -> list[str]:
        """Stages with no successor (where a case's path ends)."""
        return [n for n, d in self.graph.out_degree() if d == 0]

    def allows(self, before: str, after: str) -> bool:
        """Whether ``after`` may follow ``before``."""
        return bool(self.graph.has_edge(before, after))

    def order(self) -> list[str]:
        """Stage ids in declaration order (the order reports use)."""
        return [s.id for s in self.stages]


def _digraph(spec: StageGraph) -> nx.DiGraph[str]:
    graph: nx.DiGraph[str] = nx.DiGraph(name=spec.name)
    for stage in spec.stages:
        graph.add_node(stage.id, **stage.model_dump())
    graph.add_edges_from(spec.edges)
    exits = set(spec.exits)
    terminal = {n for n, d in graph.out_degree() if d == 0} - exits
    for node in list(graph.nodes):
        if node not in exits and node not in terminal:
            graph.add_edges_from((node, e) for e in spec.exits)
    return graph


def _graph_issues(spec: StageGraph) -> list[Issue]:
    """Every problem of a stage graph, in time linear in stages and edges.

    Duplicates are found with one counter; stages that never reach an end with one reverse
    search from the ends (not one descendants search per stage, which was quadratic).
    """
    ids = [s.id for s in spec.stages]
    known = set(ids)
    issues = [
        Issue(f"stages[{label(i, k)}]", "duplicate stage id", "give every stage its own id")
        for k, (i, n) in enumerate(Counter(ids).items())
        if n > 1
    ]
    for k, s in enumerate(spec.stages):
        if not s.id.isprintable() or len(s.id) > MAX_STAGE_ID:
            issues.append(
                Issue(
                    f"stages[#{k}].id",
                    f"stage ids are at most {MAX_STAGE_ID} printable characters",
                    "use a short id without control characters",
                )
            )
    for k, (a, b) in enumerate(spec.edges):
        for end in (a, b):
            if end not in known:
                issues.append(
                    Issue(f"edges[{k}]", f"unknown stage '{label(end, k)}'", "declare it in stages")
                )
    for dup in (e for e, n in Counter(spec.edges).items() if n > 1):
        issues.append(Issue(f"edges[{label(dup[0], 0)}->{label(dup[1], 0)}]", "listed twice"))
    for field in ("exits", "throughput_from", "throughput_to", "search_stage", "offer_stage"):
        value = getattr(spec, field)
        for k, stage in enumerate(value if isinstance(value, tuple) else (value,)):
            if stage not in known:
                issues.append(
                    Issue(field, f"unknown stage '{label(stage, k)}'", "declare it in stages")
                )
    for field in ("search_stage", "offer_stage", "throughput_from", "throughput_to"):
        if getattr(spec, field) in spec.exits:
            issues.append(
                Issue(
                    field,
                    f"'{label(getattr(spec, field), 0)}' is an exit: a case ends there",
                    "name a stage on the path itself",
                )
            )
    names = Counter(d.name for d in spec.deadlines)
    for k, d in enumerate(spec.deadlines):
        where = f"deadlines[{label(d.name, k)}]"
        if names[d.name] > 1:
            issues.append(Issue(where, "duplicate deadline name", "name each deadline once"))
            names[d.name] = 1
        for stage in (d.from_stage, d.to_stage):
            if stage not in known:
                issues.append(Issue(where, f"unknown stage '{label(stage, k)}'"))
    if issues:
        return issues
    graph = _digraph(spec)
    starts = [n for n, d in graph.in_degree() if d == 0]
    if len(starts) != 1:
        shown = sorted(starts)[:10]
        issues.append(
            Issue(
                "edges",
                f"{len(starts)} stages have no predecessor ({shown}"
                f"{', ...' if len(starts) > 10 else ''}); a path has one start",
                "connect every stage but the first from another stage",
            )
        )
    ends = [n for n, d in graph.out_degree() if d == 0]
    reach = set(ends)
    frontier = list(ends)
    while frontier:  # stages that reach an end: a reverse search from all ends at once
        node = frontier.pop()
        for before in graph.predecessors(node):
            if before not in reach:
                reach.add(before)
                frontier.append(before)
    stuck = [n for n in ids if n not in reach]
    if stuck:
        more = f" and {len(stuck) - 10} more" if len(stuck) > 10 else ""
        issues.append(
            Issue(
                "edges",
                f"stages {stuck[:10]}{more} never reach an end",
                "give them a way out of the loop",
            )
        )
    return issues


def label(value: str, position: int) -> str:
    """``value`` for a message path, or ``#position`` when it is unprintable or too long."""
    if value and value.isprintable() and len(value) <= MAX_STAGE_ID:
        return value
    return f"#{position}"


def luvn_graph() -> StageGraph:
    """Western Uusimaa's housing path (DOMAIN.md, sources/000), with statutory deadlines."""
    sw = Role.SOCIAL_WORKER
    extra = ("ot_assessment", "home_coaching", "unit_coaching", "capacity_description")
    stages = (
        Stage(id="application", label="hakemus vireille", role=sw),
        Stage(id="needs_assessment", label="palvelutarpeen arviointi", role=sw),
        Stage(
            id="ot_assessment", label="toimintaterapeutin arvio", parallel_group="extra", role=sw
        ),
        Stage(id="home_coaching", label="kotiin tuotava asumisvalmennus", parallel_group="extra"),
        Stage(id="unit_coaching", label="yksikköasumisvalmennus", parallel_group="extra"),
        Stage(id="capacity_description", label="toimintakyvyn kuvaus", parallel_group="extra"),
        Stage(id="housing_panel", label="Asumisen SAS"),
        Stage(id="search", label="sopivan paikan etsiminen"),
        Stage(id="offer", label="paikkatarjous"),
        Stage(id="introduction_visit", label="tutustuminen"),
        Stage(id="client_plan", label="asiakassuunnitelma", role=sw),
        Stage(id="service_class_negotiation", label="palveluluokkaneuvottelu"),
        Stage(id="move_in", label="asuttaminen"),
        Stage(id="follow_up", label="seuranta"),
        Stage(id="withdrawn", label="peruttu", instant=True, role=sw),
        Stage(id="moved_away", label="muuttanut pois", instant=True, role=sw),
        Stage(id="deceased", label="kuollut", instant=True, role=sw),
    )
    edges = [
        ("application", "needs_assessment"),
        ("needs_assessment", "housing_panel"),
        *(("needs_assessment", e) for e in extra),
        *((a, b) for a in extra for b in extra if a != b),
        *((e, "housing_panel") for e in extra),
        ("housing_panel", "search"),
        ("search", "offer"),
        ("offer", "introduction_visit"),
        ("offer", "search"),
        ("introduction_visit", "search"),
        ("introduction_visit", "client_plan"),
        ("client_plan", "service_class_negotiation"),
        ("service_class_negotiation", "move_in"),
        ("move_in", "follow_up"),
    ]
    deadlines = (
        Deadline(
            name="assessment_started",
            from_stage="application",
            to_stage="needs_assessment",
            working_days=7,
            warn_working_days=2,
            source="Social Welfare Act 1301/2014 s. 36: start by the 7th working day",
        ),
        Deadline(
            name="decision",
            from_stage="application",
            to_stage="search",
            months=3,
            warn_working_days=10,
            source="decision within 3 months of the application (THL, Valvira) [the housing "
            "decision is taken as the start of search: assumed]",
        ),
        Deadline(
            name="implementation",
            from_stage="search",
            to_stage="move_in",
            months=3,
            warn_working_days=10,
            source="implemented within 3 months of the decision (THL, Valvira)",
        ),
    )
    return StageGraph(
        name="LUVN housing path",
        stages=stages,
        edges=tuple(edges),
        exits=("withdrawn", "moved_away", "deceased"),
        throughput_from="needs_assessment",
        throughput_to="move_in",
        search_stage="search",
        offer_stage="offer",
        deadlines=deadlines,
    )


LUVN_GRAPH = luvn_graph()

"""The matching problem: clients, units, service classes, weights and a reference date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, NamedTuple, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from placement.errors import Issue, ProblemError
from placement.model.client import Client
from placement.model.input import InputModel
from placement.model.needs import DEFAULT_NEEDS_MAPPING, NeedsMapping
from placement.model.overrides import Overrides
from placement.model.service_class import DEFAULT_SERVICE_CLASSES, ServiceClass
from placement.model.types import MAX_HORIZON_DAYS, Day, Name, WholeNumber
from placement.model.unit import Unit, Vacancy
from placement.model.weights import Weights
from placement.schemas import SCHEMA_VERSIONS, ProblemVersion

__all__ = ["Problem", "Requirements", "tag_limits", "tag_room", "tagged_residents"]


class Requirements(NamedTuple):
    """What a client's needs require of a unit: features and a minimum service-class level."""

    features: frozenset[str]
    min_level: int


class Problem(InputModel):
    """A complete matching instance.

    Construct it from Python objects or JSON (:meth:`model_validate_json`); every invalid
    input, field-level or cross-reference, raises one :class:`~placement.errors.ProblemError`
    listing every issue with its id-based path, before any solving.

    Attributes
    ----------
    reference_date : date
        "Today" of the instance: waits are counted to it and places free now open on it.
    horizon_days : int or None
        Places that open more than this many days after the reference date are ignored
        (at most ``MAX_HORIZON_DAYS``, 100 years).
    municipalities : tuple of str or None
        The region's municipalities. Municipality names elsewhere are checked against it
        (against those of the units and clients when it is not given), so typos are caught.
    overrides : Overrides
        Decisions the placement team has already made (pins, forbidden pairs, clients who
        must be placed); every policy keeps them and :func:`placement.check` enforces them.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "problem"

    schema_version: ProblemVersion = SCHEMA_VERSIONS["problem"]
    name: Name = ""
    reference_date: Day
    horizon_days: WholeNumber | None = Field(default=None, ge=0, le=MAX_HORIZON_DAYS)
    municipalities: tuple[Name, ...] | None = None
    service_classes: tuple[ServiceClass, ...] = DEFAULT_SERVICE_CLASSES
    needs_mapping: NeedsMapping = DEFAULT_NEEDS_MAPPING
    weights: Weights = Field(default_factory=Weights)
    units: tuple[Unit, ...]
    clients: tuple[Client, ...]
    overrides: Overrides = Field(default_factory=Overrides)

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate a mapping; one :class:`ProblemError` lists every issue.

        Field errors in some units, clients or service classes do not hide the cross-reference
        issues of the rest: those records are set aside, the others are checked against each
        other, and the issues that do not involve a set-aside record are reported too.
        """
        try:
            return super().model_validate(obj, **kwargs)
        except ProblemError as refused:
            more = _issues_of_the_rest(cls, obj, refused.issues, kwargs)
            if not more:
                raise
            raise ProblemError([*refused.issues, *more], what=refused.what) from None

    @model_validator(mode="after")
    def _cross_references(self) -> Self:
        from placement.model.validation import cross_reference_issues

        issues = cross_reference_issues(self)
        if issues:
            raise ProblemError(issues)
        return self

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with ``update``, the changed problem is validated again, as a whole.

        pydantic's ``model_copy(update=...)`` skips validation, so a copy with a negative
        capacity or a duplicated client would reach the solver. Here every field of the result,
        nested units and clients included, is checked as when the problem was first built, and
        one :class:`~placement.errors.ProblemError` lists every issue. Prefer
        :meth:`with_changes` for edits.
        """
        if update:
            data = self.model_dump()
            data.update({key: _plain(value) for key, value in update.items()})
            return type(self).model_validate(data)
        copy = super().model_copy(deep=deep)
        for key in _CACHED:  # a copy computes its own views
            copy.__dict__.pop(key, None)
        return copy

    def with_changes(
        self,
        *,
        add_units: Sequence[Unit | Mapping[str, Any]] = (),
        remove_units: Sequence[str] = (),
        add_clients: Sequence[Client | Mapping[str, Any]] = (),
        remove_clients: Sequence[str] = (),
        update: Mapping[str, Any] | None = None,
    ) -> Self:
        """A validated edit: units and clients added or removed, other fields replaced.

        Parameters
        ----------
        add_units, add_clients : sequence of Unit or Client (or their fields as mappings)
            Appended after the existing ones.
        remove_units, remove_clients : sequence of str
            Ids to drop; an id that is not in the problem is an issue.
        update : mapping, optional
            Other fields to replace (``reference_date``, ``weights``, ...).

        Returns
        -------
        Problem
            The edited problem, validated as a whole (references to a removed unit or client,
            duplicate ids, bad values: one :class:`~placement.errors.ProblemError`).
        """
        issues = [
            Issue(f"remove_{kind}[{ident}]", f"no {kind[:-1]} '{ident}' in the problem", "")
            for kind, ids, known in (
                ("units", remove_units, self.unit_by_id),
                ("clients", remove_clients, self.client_by_id),
            )
            for ident in ids
            if ident not in known
        ]
        if issues:
            raise ProblemError(issues, what="change")
        gone_units, gone_clients = set(remove_units), set(remove_clients)
        changes: dict[str, Any] = dict(update or {})
        changes["units"] = [
            *(u for u in self.units if u.id not in gone_units),
            *add_units,
        ]
        changes["clients"] = [
            *(c for c in self.clients if c.id not in gone_clients),
            *add_clients,
        ]
        return self.model_copy(update=changes)

    # -- derived views (cached: the model is frozen) -----------------------------------------
    @cached_property
    def client_by_id(self) -> dict[str, Client]:
        """Clients by id."""
        return {c.id: c for c in self.clients}

    @cached_property
    def unit_by_id(self) -> dict[str, Unit]:
        """Units by id."""
        return {u.id: u for u in self.units}

    @cached_property
    def class_by_id(self) -> dict[str, ServiceClass]:
        """Service classes by id."""
        return {k.id: k for k in self.service_classes}

    @property
    def horizon_end(self) -> dt.date | None:
        """Last day a place may open and still count, or ``None`` for no limit."""
        if self.horizon_days is None:
            return None
        return self.reference_date + dt.timedelta(days=self.horizon_days)

    @cached_property
    def client_requirements(self) -> tuple[Requirements, ...]:
        """Requirements of every client, in ``clients`` order (computed once, vectorised)."""
        features, levels = self.needs_mapping.requirements([c.needs for c in self.clients])
        out = []
        for c, f, level in zip(self.clients, features, levels.tolist(), strict=True):
            if c.required_features is not None:
                f = frozenset(c.required_features)
            if c.min_service_class is not None:
                level = self.class_by_id[c.min_service_class].level
            out.append(Requirements(f, level))
        return tuple(out)

    @cached_property
    def place_days(self) -> tuple[tuple[dt.date, ...], ...]:
        """Opening day of each free place within the horizon, earliest first, per unit (in
        ``units`` order): :meth:`Unit.vacancies`, computed once."""
        end = self.horizon_end
        return tuple(
            tuple(v.available_from for v in u.vacancies(self.reference_date, end))
            for u in self.units
        )

    @cached_property
    def client_index(self) -> dict[str, int]:
        """Position of each client id in ``clients``."""
        return {c.id: i for i, c in enumerate(self.clients)}

    def requirements(self, client: Client) -> Requirements:
        """Required features and minimum level of ``client`` (explicit overrides win).

        The needs mapping derives them; a client's ``required_features`` and
        ``min_service_class``, where given, replace what the mapping derived.
        """
        return self.client_requirements[self.client_index[client.id]]

    def vacancies(self) -> list[Vacancy]:
        """Every free place within the horizon, by unit then date."""
        end = self.horizon_end
        return [v for u in self.units for v in u.vacancies(self.reference_date, end)]

    def linked_groups(self) -> list[list[str]]:
        """Groups of clients who must live together (links are symmetric), each sorted."""
        known = self.client_by_id
        links = [(c.id, other) for c in self.clients for other in c.linked_with if other in known]
        if not links:
            return []
        import networkx as nx  # here, not at import: ``import placement`` stays light

        return sorted(sorted(group) for group in nx.connected_components(nx.Graph(links)))

    def side_constraints(self) -> dict[str, list[str]]:
        """Constraints a network flow cannot express, by kind, with the ids involved.

        ``linked``: clients in linked groups; ``incompatible``: clients incompatible with
        another client (incompatibility with a resident is a plain feasibility rule);
        ``composition``: units whose composition limit can bind (room left for a tag is
        positive but below the unit's free places).
        """
        found: dict[str, list[str]] = {}
        linked = [cid for group in self.linked_groups() for cid in group]
        if linked:
            found["linked"] = linked
        clients = self.client_by_id
        incompatible = sorted(
            c.id for c in self.clients if any(o in clients for o in c.incompatible_with)
        )
        if incompatible:
            found["incompatible"] = incompatible
        binding = []
        for unit, places in zip(self.units, self.place_days, strict=True):
            last = places[-1] if places else None
            if any(0 < room < len(places) for room in tag_room(unit, last).values()):
                binding.append(unit.id)
        if binding:
            found["composition"] = binding
        return found


_CACHED = (
    "client_by_id",
    "unit_by_id",
    "class_by_id",
    "client_requirements",
    "client_index",
    "place_days",
)


_RECORD = re.compile(r"^(units|clients|service_classes)\[([^\]]+)\]")


def _issues_of_the_rest(
    cls: type[Problem], raw: Any, issues: Sequence[Issue], kwargs: Mapping[str, Any]
) -> list[Issue]:
    """Cross-reference issues among the records of ``raw`` that have no field error."""
    if not isinstance(raw, Mapping):
        return []
    bad: dict[str, set[str]] = {}
    for issue in issues:
        found = _RECORD.match(issue.path)
        if found is None:
            return []  # a field outside the records (say the reference date): nothing to check
        bad.setdefault(found[1], set()).add(found[2])
    rest = dict(raw)
    for field, names in bad.items():
        items = raw.get(field)
        if not isinstance(items, list | tuple):
            return []
        rest[field] = [
            item
            for k, item in enumerate(items)
            if not (
                f"#{k}" in names or (isinstance(item, Mapping) and str(item.get("id")) in names)
            )
        ]
    try:
        super(Problem, cls).model_validate(rest, **kwargs)
    except ProblemError as refused:
        gone = [re.compile(rf"(?<![\w-]){re.escape(n)}(?![\w-])") for v in bad.values() for n in v]
        return [
            issue
            for issue in refused.issues
            if not any(g.search(issue.path) or g.search(issue.message) for g in gone)
        ]
    return []


def _plain(value: Any) -> Any:
    """``value`` with every model in it dumped to plain data, so validation sees all of it."""
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


def tag_limits(unit: Unit) -> dict[str, int]:
    """The composition limit of each tag of ``unit``: the least ``at_most`` of its rules.

    Several rules on one tag (``cb <= 3`` and ``cb <= 5``, or one rule written twice) are one
    limit, the tightest.
    """
    limits: dict[str, int] = {}
    for rule in unit.composition:
        limits[rule.tag] = min(limits.get(rule.tag, rule.at_most), rule.at_most)
    return limits


def tagged_residents(unit: Unit, tag: str, on: dt.date | None) -> int:
    """Residents of ``unit`` carrying ``tag`` who still live there on day ``on``.

    A resident lives there until the day before ``leaves_on``: the day they leave frees their
    place and their tag room. ``on=None`` counts those with no known move-out day.
    """
    return sum(
        1
        for r in unit.incumbents
        if tag in r.tags and (r.leaves_on is None or (on is not None and r.leaves_on > on))
    )


def tag_room(unit: Unit, on: dt.date | None) -> dict[str, int]:
    """Room for tagged newcomers per composition tag on day ``on``: limit less residents there.

    Each tag's limit is counted once, however many rules name it, and each resident once.
    Callers pass the last day a newcomer can move in (the unit's last place within the
    horizon): tagged newcomers then live there together with every tagged resident still
    there, so this is how many tagged newcomers the unit can take in all. *When* each may move
    in, so that the limit holds on every day, is decided by :mod:`placement.movein`.
    """
    return {tag: limit - tagged_residents(unit, tag, on) for tag, limit in tag_limits(unit).items()}

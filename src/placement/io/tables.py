"""A :class:`~placement.Problem` as the rows of its sheets: what every writer writes.

The cells are those the readers read back to an equal problem: lists joined by ``"; "``, tied
units by ``"|"``, a ``-`` for an empty list where it differs from "not given", dates as dates,
numbers as numbers (floats exactly).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from placement.errors import Issue, ProblemError
from placement.io.cells import EMPTY_LIST
from placement.io.layout import NEEDS_PREFIXES, Sheet
from placement.io.needs_sheet import NEEDS_RULES, rule_rows
from placement.io.sheets import CLIENTS, PREFERENCES, RESIDENTS, SERVICE_CLASSES, SETTINGS, UNITS
from placement.model import Problem

__all__ = ["Rows", "problem_rows"]

Rows = tuple[list[str], list[list[Any]]]
"""A sheet's headers and rows."""


class _Joiner:
    """Joins lists into cells, collecting items that a cell cannot hold."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def items(self, where: str, values: Iterable[str], empty: str | None = None) -> str | None:
        values = list(values)
        for value in values:
            if any(ch in value for ch in ";|=") or value != value.strip() or value == EMPTY_LIST:
                self.issues.append(
                    Issue(
                        where,
                        f"'{value}' cannot be written in a list cell",
                        "ids and names in lists must not contain ';', '|' or '=', "
                        "nor start or end with a space",
                    )
                )
        return "; ".join(values) if values else empty


def _header(sheet: Sheet, language: str) -> list[str]:
    return [c.header(language) for c in sheet.columns if c.kind != "needs"]


def problem_rows(problem: Problem, language: str = "en") -> dict[str, Rows]:
    """Every sheet of ``problem`` as headers and rows, by sheet key.

    Raises
    ------
    ProblemError
        If an id or name cannot be written in a list cell (it holds ``;``, ``|`` or ``=``).
    """
    j = _Joiner()
    domains = list(problem.needs_mapping.domains)
    for c in problem.clients:
        domains += [d for d in c.needs if d not in domains]
    prefix = NEEDS_PREFIXES[("en", "fi", "sv").index(language)]
    clients = []
    preferences = []
    for c in problem.clients:
        at = f"clients[{c.id}]"
        clients.append(
            [
                c.id,
                c.municipality,
                c.location.lat,
                c.location.lon,
                c.queued_since,
                c.urgency,
                c.min_service_class,
                None
                if c.required_features is None
                else j.items(f"{at}.required_features", c.required_features, EMPTY_LIST),
                None
                if c.acceptable_municipalities is None
                else j.items(
                    f"{at}.acceptable_municipalities", c.acceptable_municipalities, EMPTY_LIST
                ),
                c.only_ranked or None,
                c.max_distance_km,
                j.items(f"{at}.excluded_units", c.excluded_units),
                j.items(f"{at}.linked_with", c.linked_with),
                j.items(f"{at}.incompatible_with", c.incompatible_with),
                c.age,
                j.items(f"{at}.tags", c.tags),
                *[c.needs.get(d) for d in domains],
            ]
        )
        if c.preferences:
            groups = ["|".join(g) for g in c.preferences]
            j.items(f"{at}.preferences", [u for g in c.preferences for u in g])
            preferences.append([c.id, "; ".join(groups)])
    units = []
    residents = []
    for u in problem.units:
        at = f"units[{u.id}]"
        j.items(f"{at}.offers", list(u.offers))
        offers = "; ".join(k if p is None else f"{k}={p!r}" for k, p in u.offers.items())
        composition = j.items(f"{at}.composition", [r.tag for r in u.composition])
        if composition is not None:
            composition = "; ".join(f"{r.tag}={r.at_most}" for r in u.composition)
        units.append(
            [
                u.id,
                u.name or None,
                u.provider or None,
                u.municipality,
                u.location.lat,
                u.location.lon,
                u.capacity,
                offers,
                j.items(f"{at}.features", u.features),
                u.opens_on,
                u.age_min,
                u.age_max,
                composition,
                j.items(f"{at}.priority", u.priority),
            ]
        )
        for r in u.incumbents:
            tags = j.items(f"{at}.incumbents[{r.id}].tags", r.tags)
            residents.append([u.id, r.id, tags, r.age, r.leaves_on])
    classes = [
        [k.id, k.name or None, k.level, k.daily_price, k.staffing or None]
        for k in problem.service_classes
    ]
    w = problem.weights
    settings: list[list[Any]] = [
        ["name", problem.name or None],
        ["reference_date", problem.reference_date],
        ["horizon_days", problem.horizon_days],
        [
            "municipalities",
            None
            if problem.municipalities is None
            else j.items("municipalities", problem.municipalities, EMPTY_LIST),
        ],
        ["weights.urgency", "; ".join(f"{k}={v}" for k, v in w.urgency.items())],
        ["weights.waited_per_day", w.waited_per_day],
        ["weights.delay_per_day", w.delay_per_day],
        ["weights.rank_step", w.rank_step],
        ["weights.per_km", w.per_km],
        ["weights.per_eur_day", w.per_eur_day],
    ]
    scored = [d for c in problem.clients for d in c.needs]
    rules = rule_rows(problem.needs_mapping, scored)
    if rules is None:  # domains no rule and no client names: only the JSON setting keeps them
        rules = []
        settings.append(
            ["needs_mapping", json.dumps(problem.needs_mapping.model_dump(mode="json"))]
        )
    settings = [row for row in settings if row[1] is not None]
    if j.issues:
        raise ProblemError(j.issues, what="problem to write")
    return {
        "clients": (_header(CLIENTS, language) + [f"{prefix}{d}" for d in domains], clients),
        "units": (_header(UNITS, language), units),
        "residents": (_header(RESIDENTS, language), residents),
        "preferences": (_header(PREFERENCES, language), preferences),
        "service_classes": (_header(SERVICE_CLASSES, language), classes),
        "needs_mapping": (_header(NEEDS_RULES, language), rules),
        "settings": (_header(SETTINGS, language), settings),
    }

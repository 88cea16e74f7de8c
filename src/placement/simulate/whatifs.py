"""What-ifs written as text: the command line's flags and the workbook's ``scenario`` sheet.

Both give the same ``(key, value)`` entries, read here by one parser, so a what-if typed as
flags and the same what-if typed in the sheet give identical scenarios. Keys (English, Finnish
or Swedish) and values:

==================  ============================  ===============================================
key                 value                         meaning
==================  ============================  ===============================================
``add_places``      ``WHERE:CLASS:N`` or          ``N`` more places of ``CLASS`` from the start:
                    ``UNIT:N``                    in unit ``WHERE`` or in a new unit in
                                                  municipality ``WHERE``; ``UNIT:N`` when the
                                                  unit offers one class
``close_unit``      ``UNIT``                      the unit admits no one from the start
``arrival_rate``    ``X`` or ``MUNICIPALITY:X``   applications multiplied by ``X``
``policy``          a policy name                 the policy of both runs
``years``           a number                      simulated years of both runs
``length_of_stay``  ``DAYS`` or ``CLASS:DAYS``    mean stay (exponential) of every class or of
                                                  one, in both runs: needed when a history
                                                  without move-outs is fitted
==================  ============================  ===============================================

``add_places``, ``close_unit`` and ``arrival_rate`` make the what-if; ``policy``, ``years`` and
``length_of_stay`` set the base and the what-if alike, so the two stay comparable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from placement.errors import Issue, ProblemError
from placement.model import Problem
from placement.policies import POLICIES
from placement.simulate.changes import AddPlaces, Change, ChangeArrivalRate, CloseUnit
from placement.simulate.distributions import Exponential

__all__ = ["KEYS", "WhatIf", "what_if"]

KEYS: dict[str, tuple[str, ...]] = {
    "add_places": ("add_places", "lisää_paikkoja", "fler_platser"),
    "close_unit": ("close_unit", "sulje_yksikkö", "stäng_enhet"),
    "arrival_rate": ("arrival_rate", "hakemuskerroin", "ansökningsfaktor"),
    "policy": ("policy", "periaate", "princip"),
    "years": ("years", "vuotta", "år"),
    "length_of_stay": ("length_of_stay", "asumisaika", "boendetid"),
}
"""Each key and the names it is also written as (Finnish, Swedish)."""

_BY_NAME = {name.casefold(): key for key, names in KEYS.items() for name in names}


@dataclass(frozen=True)
class WhatIf:
    """A base and a what-if, as read from flags or a ``scenario`` sheet.

    Attributes
    ----------
    policy : str or None
        Policy of both runs (``None``: the scenario's own).
    years : float or None
        Simulated years of both runs (``None``: the scenario's own).
    changes : tuple of Change
        The what-if's changes; empty means no what-if.
    stays : dict of str to Exponential
        Mean stay per service class, for both runs (empty: the scenario's own).
    """

    policy: str | None = None
    years: float | None = None
    changes: tuple[Change, ...] = ()
    stays: dict[str, Exponential] = field(default_factory=dict)


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", ".").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _add_places(problem: Problem, value: str, where: str) -> AddPlaces | Issue:
    parts = [p.strip() for p in value.split(":")]
    units = problem.unit_by_id
    towns = {u.municipality for u in problem.units} | {c.municipality for c in problem.clients}
    hint = "write UNIT:CLASS:N or MUNICIPALITY:CLASS:N, e.g. u0012:24h-3:4"
    if len(parts) == 2 and parts[0] in units and len(units[parts[0]].offers) == 1:
        parts = [parts[0], next(iter(units[parts[0]].offers)), parts[1]]
    if len(parts) != 3:
        return Issue(where, f"'{value}' is not WHERE:CLASS:N", hint)
    place, klass, count_text = parts
    count = _number(count_text)
    if count is None or count != int(count) or not 1 <= count <= 10_000:
        return Issue(where, f"'{count_text}' is not a whole number of places (1-10000)", hint)
    if klass not in problem.class_by_id:
        known = ", ".join(problem.class_by_id)
        return Issue(where, f"unknown service class '{klass}'", f"use one of {known}")
    start = problem.reference_date
    if place in units:
        if klass not in units[place].offers:
            return Issue(where, f"unit '{place}' does not offer {klass}", "name a class it offers")
        return AddPlaces(unit=place, service_class=klass, count=int(count), from_date=start)
    if place in towns:
        return AddPlaces(municipality=place, service_class=klass, count=int(count), from_date=start)
    return Issue(where, f"'{place}' is neither a unit nor a municipality of the problem", hint)


def what_if(problem: Problem, entries: Iterable[tuple[str, object, str]]) -> WhatIf:
    """Read ``(key, value, where)`` entries (``where`` names the flag or the sheet cell).

    Parameters
    ----------
    problem : Problem
        The county whose units, classes and municipalities the values name.
    entries : iterable of (str, object, str)
        Key (see :data:`KEYS`), value (text or a number) and where it was written, for the
        messages (``--add-places``, ``scenario!B3``).

    Returns
    -------
    WhatIf

    Raises
    ------
    ProblemError
        Listing every entry that cannot be read, each with where it was written.
    """
    issues: list[Issue] = []
    policy: str | None = None
    years: float | None = None
    changes: list[Change] = []
    stays: dict[str, Exponential] = {}
    for key, raw, where in entries:
        value = str(raw).strip() if raw is not None else ""
        kind = _BY_NAME.get(str(key).strip().casefold())
        if kind is None:
            issues.append(Issue(where, f"unknown key '{key}'", f"use one of {', '.join(KEYS)}"))
        elif kind == "add_places":
            made = _add_places(problem, value, where)
            (issues if isinstance(made, Issue) else changes).append(made)  # type: ignore[arg-type]
        elif kind == "close_unit":
            if value in problem.unit_by_id:
                changes.append(CloseUnit(unit=value, on=problem.reference_date))
            else:
                issues.append(Issue(where, f"unknown unit '{value}'", "name a unit of the problem"))
        elif kind == "arrival_rate":
            town, _, factor_text = value.rpartition(":")
            factor = _number(factor_text)
            if factor is None or factor < 0:
                issues.append(
                    Issue(where, f"'{value}' is not a factor", "write 1.2 or MUNICIPALITY:1.2")
                )
            else:
                changes.append(ChangeArrivalRate(factor=factor, municipality=town.strip() or None))
        elif kind == "policy":
            if value in POLICIES:
                policy = value
            else:
                issues.append(
                    Issue(where, f"unknown policy '{value}'", f"use one of {', '.join(POLICIES)}")
                )
        elif kind == "years":
            number = _number(value)
            if number is None or not 0 < number <= 50:
                issues.append(Issue(where, f"'{value}' is not a number of years", "e.g. 5"))
            else:
                years = number
        else:
            klass, _, days_text = value.rpartition(":")
            days = _number(days_text)
            classes = [klass.strip()] if klass.strip() else list(problem.class_by_id)
            if days is None or days <= 0:
                hint = "write DAYS or CLASS:DAYS, e.g. 24h-1:3650"
                issues.append(Issue(where, f"'{value}' is not a mean stay in days", hint))
            elif any(k not in problem.class_by_id for k in classes):
                known = ", ".join(problem.class_by_id)
                issues.append(Issue(where, f"unknown service class '{klass}'", f"use {known}"))
            else:
                stays.update({k: Exponential(mean=days) for k in classes})
    if issues:
        raise ProblemError(issues, what="what-if")
    return WhatIf(policy=policy, years=years, changes=tuple(changes), stays=stays)

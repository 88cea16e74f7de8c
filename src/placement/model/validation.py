"""Cross-reference checks of a :class:`~placement.model.problem.Problem`.

Field-level rules (types, ranges) live on the models; the rules here need the whole problem:
ids that must exist or be unique, dates in order, groups that could never fit. Every rule adds
an :class:`~placement.errors.Issue`; the caller raises them together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from placement.errors import Issue

if TYPE_CHECKING:
    from placement.model.problem import Problem

__all__ = ["cross_reference_issues"]


def _duplicates(ids: list[str]) -> list[str]:
    return sorted(i for i, n in Counter(ids).items() if n > 1)


def cross_reference_issues(problem: Problem) -> list[Issue]:
    """Every cross-reference issue of ``problem``, in a stable order."""
    issues: list[Issue] = []
    add = issues.append
    ref = problem.reference_date

    class_ids = [k.id for k in problem.service_classes]
    for dup in _duplicates(class_ids):
        add(Issue(f"service_classes[{dup}]", "duplicate service-class id", "ids must be unique"))
    levels = [k.level for k in problem.service_classes]
    for level in sorted({lv for lv in levels if levels.count(lv) > 1}):
        add(Issue("service_classes", f"two classes share level {level}", "give each its own level"))
    known_levels = set(levels)
    for i, rule in enumerate(problem.needs_mapping.rules):
        if rule.domain not in problem.needs_mapping.domains:
            add(
                Issue(
                    f"needs_mapping.rules[#{i}].domain",
                    f"unknown domain '{rule.domain}'",
                    "add it to needs_mapping.domains",
                )
            )
        if rule.min_level > max(known_levels, default=0):
            add(
                Issue(
                    f"needs_mapping.rules[#{i}].min_level",
                    f"no service class has level {rule.min_level} or above",
                    "lower min_level or add a class",
                )
            )

    unit_ids = [u.id for u in problem.units]
    client_ids = [c.id for c in problem.clients]
    for dup in _duplicates(unit_ids):
        add(Issue(f"units[{dup}]", "duplicate unit id", "ids must be unique"))
    for dup in _duplicates(client_ids):
        add(Issue(f"clients[{dup}]", "duplicate client id", "ids must be unique"))
    resident_ids = [r.id for u in problem.units for r in u.incumbents]
    for dup in _duplicates(resident_ids + client_ids):
        if dup in resident_ids:
            add(
                Issue(
                    f"residents[{dup}]",
                    "id used by more than one resident or client",
                    "residents and clients share one id space",
                )
            )

    units = set(unit_ids)
    classes = set(class_ids)
    if problem.municipalities is not None:
        municipalities = set(problem.municipalities)
        for where, name in [(f"units[{u.id}]", u.municipality) for u in problem.units] + [
            (f"clients[{c.id}]", c.municipality) for c in problem.clients
        ]:
            if name not in municipalities:
                add(
                    Issue(
                        f"{where}.municipality",
                        f"'{name}' is not in the problem's municipalities",
                        "check the spelling or add it to municipalities",
                    )
                )
    else:
        municipalities = {u.municipality for u in problem.units}
        municipalities |= {c.municipality for c in problem.clients}
    max_capacity = max((u.capacity for u in problem.units), default=0)

    for u in problem.units:
        at = f"units[{u.id}]"
        for k in u.offers:
            if k not in classes:
                add(
                    Issue(
                        f"{at}.offers.{k}", "unknown service class", f"use one of {sorted(classes)}"
                    )
                )
        if len(u.incumbents) > u.capacity:
            add(
                Issue(
                    f"{at}.incumbents",
                    f"{len(u.incumbents)} residents exceed capacity {u.capacity}",
                    "raise capacity or remove residents",
                )
            )
        if u.age_min is not None and u.age_max is not None and u.age_min > u.age_max:
            add(Issue(f"{at}.age_min", "age_min is above age_max", "swap or fix the age band"))
        for r in u.incumbents:
            if r.leaves_on is not None and r.leaves_on < ref:
                add(
                    Issue(
                        f"{at}.incumbents[{r.id}].leaves_on",
                        "resident left before the reference date",
                        "remove the resident or correct the date",
                    )
                )

    residents = set(resident_ids)
    clients = set(client_ids)
    for c in problem.clients:
        at = f"clients[{c.id}]"
        if c.queued_since > ref:
            add(
                Issue(
                    f"{at}.queued_since",
                    "is after the reference date",
                    "check the date or the problem's reference_date",
                )
            )
        if c.urgency not in problem.weights.urgency:
            add(
                Issue(
                    f"{at}.urgency",
                    f"level {c.urgency} has no weight",
                    f"use one of {sorted(problem.weights.urgency)} or add it to weights.urgency",
                )
            )
        if c.min_service_class is not None and c.min_service_class not in classes:
            add(
                Issue(
                    f"{at}.min_service_class",
                    "unknown service class",
                    f"use one of {sorted(classes)}",
                )
            )
        for domain in c.needs:  # scores are range-checked on the field (NeedsScore)
            if domain not in problem.needs_mapping.domains:
                add(
                    Issue(
                        f"{at}.needs.{domain}",
                        "unknown needs domain",
                        f"use one of {list(problem.needs_mapping.domains)}",
                    )
                )
        ranked = [unit for group in c.preferences for unit in group]
        for unit in sorted(set(ranked) - units):
            add(Issue(f"{at}.preferences", f"unknown unit '{unit}'", "rank existing units only"))
        for unit in _duplicates(ranked):
            add(
                Issue(
                    f"{at}.preferences",
                    f"unit '{unit}' is ranked more than once",
                    "rank each unit once; put tied units in one group",
                )
            )
        for unit in sorted(set(c.excluded_units) - units):
            add(Issue(f"{at}.excluded_units", f"unknown unit '{unit}'", "exclude existing units"))
        for unit in sorted(set(c.excluded_units) & set(ranked)):
            add(
                Issue(
                    f"{at}.excluded_units",
                    f"unit '{unit}' is both ranked and excluded",
                    "remove it from one of the two",
                )
            )
        for m in sorted(set(c.acceptable_municipalities or ()) - municipalities):
            add(
                Issue(
                    f"{at}.acceptable_municipalities",
                    f"unknown municipality '{m}'",
                    "check the spelling against the problem's municipalities",
                )
            )
        if c.only_ranked and not ranked:
            add(
                Issue(
                    f"{at}.only_ranked",
                    "accepts ranked units only but ranks none",
                    "rank units or clear only_ranked",
                )
            )
        for other in c.linked_with:
            if other == c.id:
                add(Issue(f"{at}.linked_with", "client is linked with itself", "remove it"))
            elif other not in clients:
                add(
                    Issue(
                        f"{at}.linked_with",
                        f"unknown client '{other}'",
                        "link clients of this problem only",
                    )
                )
        for other in c.incompatible_with:
            if other == c.id:
                add(
                    Issue(
                        f"{at}.incompatible_with", "client is incompatible with itself", "remove it"
                    )
                )
            elif other not in clients and other not in residents:
                add(
                    Issue(
                        f"{at}.incompatible_with",
                        f"unknown client or resident '{other}'",
                        "name clients of this problem or residents of its units",
                    )
                )
        for other in sorted(set(c.linked_with) & set(c.incompatible_with)):
            add(
                Issue(
                    f"{at}.incompatible_with",
                    f"'{other}' is both linked and incompatible",
                    "remove one of the two",
                )
            )

    _override_issues(problem, add)
    if issues:
        return issues  # the group checks below assume clean references

    for group in problem.linked_groups():
        if len(group) > max_capacity:
            add(
                Issue(
                    f"clients[{group[0]}].linked_with",
                    f"linked group of {len(group)} ({', '.join(group)}) is larger than any "
                    f"unit (largest capacity {max_capacity})",
                    "split the group",
                )
            )
        members = set(group)
        for cid in group:
            clash = members & set(problem.client_by_id[cid].incompatible_with)
            for other in sorted(clash):
                add(
                    Issue(
                        f"clients[{cid}].incompatible_with",
                        f"'{other}' is in the same linked group",
                        "unlink or drop the clash",
                    )
                )
    return issues


def _override_issues(problem: Problem, add: Callable[[Issue], None]) -> None:
    """Overrides must name clients and units of the problem and not contradict themselves."""
    o = problem.overrides
    clients, units = problem.client_by_id, problem.unit_by_id
    named = [
        *((f"overrides.pins[{c}]", c, [u]) for c, u in o.pins.items()),
        *((f"overrides.forbidden[{c}]", c, list(us)) for c, us in o.forbidden.items()),
        *((f"overrides.must_place[{c}]", c, []) for c in o.must_place),
    ]
    for at, client, unit_ids in named:
        if client not in clients:
            add(Issue(at, f"unknown client '{client}'", "name clients of this problem"))
        for unit in unit_ids:
            if unit not in units:
                add(Issue(at, f"unknown unit '{unit}'", "name units of this problem"))
    for client, unit in o.pins.items():
        if unit in o.forbidden.get(client, ()):
            add(
                Issue(
                    f"overrides.pins[{client}]",
                    f"unit '{unit}' is both pinned and forbidden for the client",
                    "remove the pin or the forbidden pair",
                )
            )

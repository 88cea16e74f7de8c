"""The rule groups a diagnosis may drop, and a problem restricted to some of them.

A rule group is one decision of the team (a pin, a forbidden pair, a client who must be placed)
or one side constraint (a linked group, an incompatible pair, a composition limit on a tag).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from placement.model import Problem
from placement.model.problem import tag_limits

__all__ = ["KINDS", "Group", "Kind", "bound_clients", "droppable", "relevant", "restrict"]


Kind = Literal["composition", "incompatible", "linked", "forbidden", "must_place", "pin"]
Group = tuple[Kind, tuple[str, ...]]
"""A droppable rule group: its kind and the ids that name it (see :func:`droppable`)."""

KINDS: tuple[Kind, ...] = (
    "composition",
    "incompatible",
    "linked",
    "forbidden",
    "must_place",
    "pin",
)
"""Order of the deletion: earlier kinds are tried first, so a core keeps the team's own
decisions (pins, must-place) rather than a side rule where either would do."""


def droppable(problem: Problem) -> list[Group]:
    """Every droppable rule group of ``problem``, in the deletion's fixed order."""
    o, clients = problem.overrides, problem.client_by_id
    found: list[Group] = [("pin", (c, u)) for c, u in sorted(o.pins.items())]
    found += [("must_place", (c,)) for c in sorted(set(o.must_place))]
    found += [
        ("forbidden", (c, u)) for c, us in sorted(o.forbidden.items()) for u in sorted(set(us))
    ]
    found += [("linked", tuple(group)) for group in problem.linked_groups()]
    pairs = {tuple(sorted((c.id, x))) for c in problem.clients for x in c.incompatible_with}
    found += [("incompatible", (a, b)) for a, b in sorted(pairs) if a in clients and b in clients]
    found += [("composition", (u.id, tag)) for u in problem.units for tag in sorted(tag_limits(u))]
    return sorted(found, key=lambda g: (KINDS.index(g[0]), g[1]))


def bound_clients(required: set[str], linked: Sequence[Sequence[str]]) -> set[str]:
    """The clients a valid result must place: the required ones and those linked to them."""
    bound = set(required)
    for group in linked:
        if bound & set(group):
            bound.update(group)
    return bound


def restrict(problem: Problem, kept: Sequence[Group]) -> Problem:
    """``problem`` with only the rule groups in ``kept``, and only the clients it must place.

    Links and incompatibilities are dropped on both sides, a composition group drops every
    rule on its tag. Clients who are neither required nor linked to a required client are left
    out: any of them could wait in a valid result, so they never decide feasibility (and the
    solves are smaller).
    """
    keep = set(kept)
    ids_of: dict[str, list[tuple[str, ...]]] = {kind: [] for kind in KINDS}
    for kind, ids in keep:
        ids_of[kind].append(ids)
    required = {ids[0] for ids in ids_of["pin"] + ids_of["must_place"]}
    bound = bound_clients(required, ids_of["linked"])
    together = {c: set(group) for group in ids_of["linked"] for c in group}
    apart: dict[str, set[str]] = {}
    for a, b in ids_of["incompatible"]:
        apart.setdefault(a, set()).add(b)
        apart.setdefault(b, set()).add(a)
    forbidden: dict[str, list[str]] = {}
    for ids in ids_of["forbidden"]:
        if ids[0] in bound:
            forbidden.setdefault(ids[0], []).append(ids[1])
    clients = problem.client_by_id
    kept_tags = set(ids_of["composition"])
    return problem.model_copy(
        update={
            "overrides": {
                "pins": {ids[0]: ids[1] for ids in ids_of["pin"]},
                "forbidden": forbidden,
                "must_place": sorted(ids[0] for ids in ids_of["must_place"]),
            },
            "clients": [
                c.model_copy(
                    update={
                        "linked_with": tuple(
                            x for x in c.linked_with if x in together.get(c.id, ())
                        ),
                        "incompatible_with": tuple(  # residents stay: a pair rule, not a group
                            x
                            for x in c.incompatible_with
                            if x not in clients or (x in bound and x in apart.get(c.id, ()))
                        ),
                    }
                )
                for c in problem.clients
                if c.id in bound
            ],
            "units": [
                u.model_copy(
                    update={
                        "composition": tuple(r for r in u.composition if (u.id, r.tag) in kept_tags)
                    }
                )
                for u in problem.units
            ],
        }
    )


def relevant(problem: Problem, groups: list[Group]) -> list[Group]:
    """The ``groups`` that can matter to feasibility at all.

    Only required clients must be placed, and those linked to them must join them; any other
    client can wait, so a rule that binds none of these clients never makes the problem
    infeasible. (A cheap first cut; the deletion verifies it by solving.)
    """
    bound = bound_clients(set(problem.overrides.required()), problem.linked_groups())
    tags: set[str] = set()
    for cid in bound:
        client = problem.client_by_id[cid]
        tags |= problem.requirements(client).features | set(client.tags)

    def matters(kind: Kind, ids: tuple[str, ...]) -> bool:
        if kind == "forbidden":
            return ids[0] in bound
        if kind == "linked":
            return bool(bound & set(ids))
        if kind == "incompatible":
            return ids[0] in bound and ids[1] in bound
        return kind != "composition" or ids[1] in tags

    return [g for g in groups if matters(*g)]

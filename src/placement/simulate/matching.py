"""A matching round: the waiting clients and the free places, matched by a core policy.

The round's candidate edges are **sliced** from the edges compiled once per scenario
(:mod:`placement.simulate.compiled`): the rows of the waiting clients' profiles, the columns of
the units with places free, less the edges to units whose composition limit is full. No model
is validated and no pair is recomputed.

Two ways to run the policy, both the core's own code:

- **serial policies** (``fifo``, ``priority``, ``random_serial_dictatorship``) on a round with no
  side constraint: a :class:`~placement.policies.market.Market` is filled from the round's
  arrays and :func:`~placement.policies.serial.serial_dictatorship` runs the policy's own client
  order on it. The lotteries are drawn exactly as :func:`~placement.policies.market.market`
  draws them; the queue order uses the moment of decision (minutes), finer than the core's
  dates.
- **every other round** (``optimal``, ``deferred_acceptance``, or linked or incompatible clients,
  or a composition limit that can bind): the round's clients and units are put into an
  unvalidated :class:`~placement.model.Problem` (``model_construct``; its parts were validated
  once) and the registry's policy runs on it with the sliced candidates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from placement.candidates import Candidates
from placement.model import Client, Problem, Resident, Unit
from placement.policies import POLICIES, SolveOptions
from placement.policies.market import Market
from placement.policies.serial import SerialPolicy, serial_dictatorship
from placement.simulate.compiled import Compiled

__all__ = ["General", "Round", "match", "round_candidates"]

General = tuple[list[Client], dt.date, list[list[int]]]
"""A round's clients, date and, per round unit, its staying tagged residents' tag bits."""


@dataclass(frozen=True)
class Round:
    """What a round sees.

    Attributes
    ----------
    profiles : ndarray of int64
        Profile index of each waiting client (round client ``i``).
    decided : ndarray of float64
        Day each entered the queue.
    units : ndarray of int64
        Indices of the units with places free, ascending (round unit ``j``).
    free : ndarray of int64
        Free places of each.
    full : ndarray of uint64
        Per round unit, bits of composition tags with no room left.
    binding : bool
        Some round unit's composition limit has room, but less than its free places.
    """

    profiles: NDArray[np.int64]
    decided: NDArray[np.float64]
    units: NDArray[np.int64]
    free: NDArray[np.int64]
    full: NDArray[np.uint64]
    binding: bool


def round_candidates(c: Compiled, r: Round) -> Candidates:
    """The candidate edges of round ``r``, indexed by round client and round unit."""
    st = c.cands
    starts, stops = st.indptr[r.profiles], st.indptr[r.profiles + 1]
    lengths = stops - starts
    total = int(lengths.sum())
    owner = np.repeat(np.arange(r.profiles.size, dtype=np.int64), lengths)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    edges = np.repeat(starts, lengths) + offsets
    column = np.full(len(c.units), -1, np.int64)
    column[r.units] = np.arange(r.units.size)
    col = column[st.unit[edges]]
    keep = col >= 0
    if r.full.any():
        tags = c.profile_tags[r.profiles[owner]]
        keep &= (tags & r.full[np.maximum(col, 0)]) == 0
    edges, owner, col = edges[keep], owner[keep], col[keep]
    return Candidates(
        client=owner.astype(np.int32),
        unit=col.astype(np.int32),
        service_class=st.service_class[edges],
        rank=st.rank[edges],
        ranked=st.ranked[edges],
        distance_km=st.distance_km[edges],
        daily_price=st.daily_price[edges],
        indptr=np.searchsorted(owner, np.arange(r.profiles.size + 1)).astype(np.int64),
    )


def _serial(
    c: Compiled, r: Round, cands: Candidates, policy: SerialPolicy, rng: np.random.Generator
) -> NDArray[np.int64]:
    n, m = r.profiles.size, r.units.size
    unit_lottery = rng.permutation(m)
    client_lottery = rng.permutation(n).astype(np.int64)
    order = np.lexsort(
        (unit_lottery[cands.unit], cands.distance_km, cands.rank, cands.client)
    ).astype(np.int64)
    towns = c.profile_town[r.profiles]
    local = c.unit_same_town[r.units][cands.unit] & (
        towns[cands.client] == c.unit_town[r.units][cands.unit]
    )
    mk = Market(
        order=order,
        indptr=cands.indptr,
        capacity=r.free.astype(np.int64),
        urgency=c.profile_urgency[r.profiles],
        queued=np.round(r.decided * 1440).astype(np.int64),
        lottery=client_lottery,
        local=np.asarray(local, bool),
        required=np.zeros(n, np.int64),  # simulated clients carry no overrides
    )
    return serial_dictatorship(mk, cands, policy.order(mk).astype(np.int64))


def _has_side(c: Compiled, r: Round) -> bool:
    if r.binding:
        return True
    present = r.profiles[c.profile_side[r.profiles]]
    if present.size < 2:
        return False
    here = set(present.tolist())
    return any(c.side_links[p] & here for p in here)


class ClientCache:
    """Round-problem clients, made once per simulated client (``model_copy``, no validation)."""

    def __init__(self) -> None:
        self.made: dict[str, Client] = {}

    def get(self, c: Compiled, key: str, profile: int, decided: float, initial: bool) -> Client:
        """The :class:`Client` of simulated client ``key``."""
        hit = self.made.get(key)
        if hit is None:
            base = c.profiles[profile]
            update: dict[str, object] = {"id": key}
            if not initial:
                update.update(linked_with=(), incompatible_with=())
                update["queued_since"] = c.date(decided)
            hit = base.model_copy(update=update)
            self.made[key] = hit
        return hit


def _problem(
    c: Compiled, r: Round, clients: list[Client], today: dt.date, tagged: list[list[int]]
) -> Problem:
    units: list[Unit] = []
    names = c.tag_names
    for k, j in enumerate(r.units.tolist()):
        unit = c.units[j]
        staying = tuple(
            Resident.model_construct(
                id=f"~{unit.id}-{i}",
                tags=tuple(t for b, t in enumerate(names) if bits >> b & 1),
                age=None,
                leaves_on=None,
            )
            for i, bits in enumerate(tagged[k])
        )
        units.append(
            unit.model_copy(
                update={
                    "capacity": int(r.free[k]) + len(staying),
                    "incumbents": staying,
                    "opens_on": None,
                }
            )
        )
    present = {cl.id for cl in clients}
    fixed = [
        cl.model_copy(
            update={
                "linked_with": tuple(o for o in cl.linked_with if o in present),
                "incompatible_with": tuple(o for o in cl.incompatible_with if o in present),
            }
        )
        if cl.linked_with or cl.incompatible_with
        else cl
        for cl in clients
    ]
    p = c.pool
    return Problem.model_construct(
        name=p.name,
        reference_date=today,
        horizon_days=None,
        municipalities=p.municipalities,
        service_classes=p.service_classes,
        needs_mapping=p.needs_mapping,
        weights=p.weights,
        units=tuple(units),
        clients=tuple(fixed),
    )


def match(
    c: Compiled,
    r: Round,
    rng: np.random.Generator,
    general: Callable[[], General],
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Run the scenario's policy on round ``r``.

    Parameters
    ----------
    c : Compiled
    r : Round
    rng : Generator
        The replication's stream for rounds. Serial policies draw their lotteries from it as
        :func:`~placement.policies.market.market` draws them from ``default_rng(seed)``; other
        policies get a seed drawn from it.
    general : callable
        Returns, for rounds that need a :class:`Problem`, the round's clients, the date, and
        per round unit the tag bits of its staying tagged residents; called only then.

    Returns
    -------
    tuple of ndarray
        Round client, round unit and service-class index of each placement.
    """
    cands = round_candidates(c, r)
    empty = np.zeros(0, np.int64)
    if len(cands) == 0:
        return empty, empty, empty
    policy = POLICIES[c.policy]
    if isinstance(policy, SerialPolicy) and not _has_side(c, r):
        chosen = _serial(c, r, cands, policy, rng)
        return (
            cands.client[chosen].astype(np.int64),
            cands.unit[chosen].astype(np.int64),
            cands.service_class[chosen].astype(np.int64),
        )
    clients, today, tagged = general()
    problem = _problem(c, r, clients, today, tagged)
    seed = int(rng.integers(2**31))
    result = policy(problem, cands, SolveOptions(seed=seed, workers=1))
    client_pos = {cl.id: i for i, cl in enumerate(clients)}
    unit_pos = {c.units[j].id: k for k, j in enumerate(r.units.tolist())}
    class_pos = {k: i for i, k in enumerate(c.classes)}
    rows = [
        (client_pos[a.client_id], unit_pos[a.unit_id], class_pos[a.service_class])
        for a in result.assignments
    ]
    if not rows:
        return empty, empty, empty
    out = np.array(rows, np.int64)
    return out[:, 0], out[:, 1], out[:, 2]

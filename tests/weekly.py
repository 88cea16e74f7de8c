"""A year of weekly rounds, driven through the library or over HTTP, with the same checks.

Arrivals, answers (accept, decline, no answer until the offer expires), move-ins, move-outs and
withdrawals are drawn from one seeded stream; the year keeps its own ledger of who lives where.
Every week: the round's result passes the checker, no place is lived in or held twice, no
resident is lost, every offer is traceable to the round's result; afterwards every round is
reproduced from the store alone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
import numpy as np

import placement as pl
from placement.pathway import Tracker
from placement.pathway.queue import settings_of
from placement.pathway.rounds import reproduce_rounds, run_round

START = dt.date(2026, 1, 5)  # a Monday
WEEKS = 52


@dataclass
class Week:
    """What a round did, as the year checks it."""

    new: bool
    run_id: str
    offers: list[dict[str, Any]]  # case_id, unit, run_id, result_sha256, problem_sha256
    count: int
    expired: int
    refused: int
    problem: pl.Problem
    result: pl.Result
    result_sha256: str
    problem_sha256: str


@dataclass
class Places:
    residents: dict[str, str]
    holds: dict[str, str]
    queue: set[str]


class Driver(Protocol):
    def add_units(self, units: tuple[pl.Unit, ...], at: dt.date) -> None: ...
    def open(self, client: pl.Client, at: dt.datetime) -> None: ...
    def step(self, case: str, stage: str, at: dt.datetime) -> None: ...
    def round(self, day: dt.date, settings: dict[str, Any]) -> Week: ...
    def places(self, moment: dt.datetime) -> Places: ...
    def answer(self, case: str, reply: str, at: dt.datetime) -> None: ...
    def move_in(self, case: str, at: dt.datetime) -> str: ...
    def move_out(self, resident: str, at: dt.datetime) -> str: ...
    def check(self, problem: pl.Problem, result: pl.Result) -> list[Any]: ...
    def reproduce(self) -> list[str]: ...


class Library:
    """The tracker called directly."""

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def add_units(self, units: tuple[pl.Unit, ...], at: dt.date) -> None:
        self.tracker.add_units(units, at)

    def open(self, client: pl.Client, at: dt.datetime) -> None:
        self.tracker.open_case(
            client.id,
            at,
            municipality=client.municipality,
            social_worker="w1",
            placement_worker="w1",
            client=client,
        )

    def step(self, case: str, stage: str, at: dt.datetime) -> None:
        role = self.tracker.graph.stage_by_id[stage].role
        self.tracker.record(case, stage, at, role=role, resource="w1")

    def round(self, day: dt.date, settings: dict[str, Any]) -> Week:
        done = run_round(self.tracker, day, **settings)
        assert done.result is not None
        assert done.problem is not None
        offers = [
            {"case_id": e.case_id, **e.attributes}
            for e in self.tracker.events()
            if e.stage == "offer" and e.attributes.get("run_id") == done.run_id
        ]
        refused = 0 if done.report is None else len(done.report.refused)
        return Week(
            done.new,
            done.run_id,
            offers,
            done.offers,
            done.expired,
            refused,
            done.problem,
            done.result,
            done.result_sha256,
            done.problem_sha256,
        )

    def places(self, moment: dt.datetime) -> Places:
        state = self.tracker.state(moment)
        return Places(state.residents, state.holds, set(state.queue))

    def answer(self, case: str, reply: str, at: dt.datetime) -> None:
        self.tracker.answer(case, reply, at, resource="w1")  # type: ignore[arg-type]

    def move_in(self, case: str, at: dt.datetime) -> str:
        return self.tracker.move_in(case, at, resource="w1").attributes["unit"]

    def move_out(self, resident: str, at: dt.datetime) -> str:
        return self.tracker.move_out(resident, at)

    def check(self, problem: pl.Problem, result: pl.Result) -> list[Any]:
        return pl.check(problem, result)

    def reproduce(self) -> list[str]:
        return reproduce_rounds(self.tracker)


class Http:
    """The same calls over the service's HTTP API only."""

    def __init__(self, client: httpx.Client) -> None:
        self.http = client

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        response = self.http.post(path, content=json.dumps(body, default=str))
        assert response.status_code in (200, 201), response.text
        return response.json()

    def add_units(self, units: tuple[pl.Unit, ...], at: dt.date) -> None:
        body = {"units": [json.loads(u.model_dump_json()) for u in units], "at": at}
        self._post("/v1/tracker/units", body)

    def open(self, client: pl.Client, at: dt.datetime) -> None:
        body = {
            "case_id": client.id,
            "at": at,
            "municipality": client.municipality,
            "social_worker": "w1",
            "placement_worker": "w1",
            "client": json.loads(client.model_dump_json()),
        }
        self._post("/v1/tracker/cases", body)

    def step(self, case: str, stage: str, at: dt.datetime) -> None:
        self._post(f"/v1/tracker/cases/{case}/events", {"stage": stage, "at": at, "resource": "w1"})

    def round(self, day: dt.date, settings: dict[str, Any]) -> Week:
        done = self._post("/v1/tracker/rounds", {"as_of": day, "settings": settings})
        problem = self.http.get("/v1/tracker/problem", params={"as_of": day.isoformat()})
        assert problem.status_code == 200, problem.text
        offers = [{**w, "unit": w["unit"]} for w in done["report"]["written"]]
        return Week(
            done["new"],
            done["run_id"],
            offers,
            done["offers"],
            done["expired"],
            len(done["report"]["refused"]),
            pl.Problem.model_validate_json(problem.content),
            pl.Result.model_validate(done["result"]),
            done["result_sha256"],
            done["problem_sha256"],
        )

    def places(self, moment: dt.datetime) -> Places:
        # the state after a round's offers: the next moment the API takes is the next day
        day = (moment + dt.timedelta(days=1)).date().isoformat()
        state = self.http.get("/v1/tracker/state", params={"as_of": day}).json()
        residents = {r: u["id"] for u in state["units"] for r in u["residents"]}
        return Places(residents, state["holds"], set(state["queue"]))

    def answer(self, case: str, reply: str, at: dt.datetime) -> None:
        body = {"reply": reply, "at": at, "resource": "w1"}
        self._post(f"/v1/tracker/cases/{case}/answer", body)

    def move_in(self, case: str, at: dt.datetime) -> str:
        body = {"at": at, "resource": "w1"}
        return str(self._post(f"/v1/tracker/cases/{case}/move-in", body)["attributes"]["unit"])

    def move_out(self, resident: str, at: dt.datetime) -> str:
        return str(self._post(f"/v1/tracker/residents/{resident}/move-out", {"at": at})["unit"])

    def check(self, problem: pl.Problem, result: pl.Result) -> list[Any]:
        body = {"problem": json.loads(problem.model_dump_json()), "result": result.model_dump()}
        return list(self._post("/v1/check", body)["violations"])

    def reproduce(self) -> list[str]:
        return list(self._post("/v1/tracker/rounds/reproduction", {})["differences"])


def year(driver: Driver, weeks: int = WEEKS, seed: int = 7) -> list[Week]:
    """Run ``weeks`` rounds through ``driver``, checking each; returns the rounds."""
    rng = np.random.default_rng(seed)
    pool = pl.datasets.synthetic(n_clients=500, n_units=8, seed=seed)
    driver.add_units(pool.units, START - dt.timedelta(days=30))
    lives = {r.id: u.id for u in pool.units for r in u.incumbents}  # the year's own ledger
    capacity = {u.id: u.capacity for u in pool.units}
    arrivals = iter(pool.clients)
    settings = settings_of(pool)
    rounds = []
    for week in range(weeks):
        day = START + dt.timedelta(weeks=week)
        for _ in range(rng.poisson(4)):
            client = next(arrivals)
            at = dt.datetime.combine(day - dt.timedelta(days=3), dt.time(9))
            driver.open(client, at)
            for hour, stage in enumerate(("needs_assessment", "housing_panel", "search"), 10):
                driver.step(client.id, stage, at.replace(hour=hour))
        done = driver.round(day, settings)
        assert done.new
        rounds.append(done)
        assert driver.check(done.problem, done.result) == []
        after = driver.places(dt.datetime.combine(day, dt.time(0, 0, 1)))
        assert after.residents == lives  # no resident lost or made up
        used = Counter(after.residents.values()) + Counter(after.holds.values())
        assert all(used[u] <= capacity[u] for u in used), used  # no place given twice
        assert len(done.offers) == done.count
        proposed = {(a.client_id, a.unit_id) for a in done.result.assignments}
        for offer in done.offers:
            assert (offer["case_id"], offer["unit"]) in proposed
            assert offer["run_id"] == done.run_id
            assert offer["result_sha256"] == done.result_sha256
            assert offer["problem_sha256"] == done.problem_sha256
            assert after.holds.get(offer["case_id"]) == offer["unit"]
        _week(driver, rng, day, done.offers, lives, after.queue)
    assert driver.reproduce() == []
    return rounds


def _week(
    driver: Driver,
    rng: np.random.Generator,
    day: dt.date,
    offers: list[dict[str, Any]],
    lives: dict[str, str],
    queue: set[str],
) -> None:
    """The answers, moves and withdrawals of the week after a round."""
    at = dt.datetime.combine(day, dt.time(12))
    for offer in offers:
        case = offer["case_id"]
        draw = rng.random()
        if draw < 0.15:
            driver.answer(case, "decline", at + dt.timedelta(days=1))
        elif draw < 0.25:
            continue  # no answer: the offer expires before a later round
        else:
            driver.answer(case, "accept", at + dt.timedelta(days=1))
            driver.step(case, "client_plan", at + dt.timedelta(days=2))
            driver.step(case, "service_class_negotiation", at + dt.timedelta(days=3))
            assert driver.move_in(case, at + dt.timedelta(days=4)) == offer["unit"]
            lives[case] = offer["unit"]
    for resident in sorted(lives):
        if rng.random() < 0.03:
            assert driver.move_out(resident, at + dt.timedelta(days=5)) == lives.pop(resident)
    for case in sorted(queue):
        if rng.random() < 0.01:
            driver.step(case, "withdrawn", at + dt.timedelta(days=2))

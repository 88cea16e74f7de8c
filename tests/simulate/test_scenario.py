"""Scenarios: JSON, validation with one error (acceptance 7), what-if changes, privacy (8)."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

import placement as pl
from placement.errors import ProblemError
from placement.simulate import (
    AddPlaces,
    ChangeArrivalRate,
    ChangePolicy,
    ChangeRoundInterval,
    CloseUnit,
    Exponential,
    LogNormal,
    Scenario,
    run,
)
from placement.simulate.compiled import compile_scenario


@pytest.fixture(scope="module")
def luvn() -> pl.Problem:
    return pl.datasets.load("luvn")


@pytest.fixture(scope="module")
def base(luvn: pl.Problem) -> Scenario:
    return Scenario.from_problem(luvn, horizon_days=365.0)


def test_json_round_trip(base: Scenario) -> None:
    """A scenario with changes survives JSON unchanged, version included."""
    changed = base.with_changes(
        AddPlaces(
            municipality="Vihti", service_class="24h-3", count=12, from_date=dt.date(2026, 4, 1)
        ),
        ChangePolicy(policy="optimal"),
    )
    again = Scenario.model_validate_json(changed.model_dump_json())
    assert again == changed
    assert again.version == 1
    assert [c.kind for c in again.changes] == ["add_places", "change_policy"]


def test_bad_scenario_one_error_lists_every_issue(luvn: pl.Problem) -> None:
    """Acceptance 7: negative rate, unknown class and municipality, a change naming a unit that
    does not exist: one ProblemError with all of them, before anything runs."""
    with pytest.raises(ProblemError) as caught:
        Scenario(
            problem=luvn,
            arrivals={"Espoo": -0.1, "Atlantis": 0.2},
            length_of_stay={"24h-9": Exponential(mean=3000)},
            decline_probability=1.5,
            changes=[CloseUnit(unit="u9999", on=dt.date(2026, 3, 1)), ChangePolicy(policy="best")],
        )
    paths = [issue.path for issue in caught.value.issues]
    assert paths == [
        "arrivals[Espoo]",
        "arrivals[Atlantis]",
        "length_of_stay[24h-9]",
        "decline_probability",
        "changes[#0].unit",
        "changes[#1].policy",
    ]
    assert "u9999" in str(caught.value)


def test_with_changes_validates_each_change(base: Scenario) -> None:
    """A change naming an unknown unit, class or municipality is refused with its path."""
    with pytest.raises(ProblemError) as caught:
        base.with_changes(
            AddPlaces(unit="nope", service_class="24h-3", count=1, from_date=dt.date(2026, 2, 1)),
            AddPlaces(
                municipality="Lohja", service_class="x", count=-1, from_date=dt.date(2026, 2, 1)
            ),
            ChangeArrivalRate(factor=-2, municipality="Mars"),
            ChangeRoundInterval(days=-1),
        )
    found = {(i.path, i.message.split(" ")[0]) for i in caught.value.issues}
    n = len(base.changes)
    assert (f"changes[#{n}].unit", "unknown") in found
    assert (f"changes[#{n + 1}].service_class", "unknown") in found
    assert (f"changes[#{n + 1}].count", "must") in found
    assert (f"changes[#{n + 2}].factor", "must") in found
    assert (f"changes[#{n + 2}].municipality", "unknown") in found
    assert (f"changes[#{n + 3}].days", "must") in found


def test_distribution_parameters_are_checked() -> None:
    """A negative mean is refused where the distribution is made."""
    with pytest.raises(ValueError, match="greater than 0"):
        LogNormal(mean=-1, cv=0.5)


def test_changes_compile_into_the_run(base: Scenario) -> None:
    """Changes reach the compiled model: a new unit, capacity, closure, rates, policy, interval."""
    changed = base.with_changes(
        AddPlaces(
            municipality="Vihti", service_class="24h-3", count=12, from_date=dt.date(2026, 4, 1)
        ),
        AddPlaces(unit="u0001", service_class="24h-2", count=2, from_date=dt.date(2025, 1, 1)),
        CloseUnit(unit="u0002", on=dt.date(2026, 6, 1)),
        ChangeArrivalRate(factor=2.0, municipality="Lohja"),
        ChangeArrivalRate(factor=0.5),
        ChangePolicy(policy="fifo"),
        ChangeRoundInterval(days=14),
    )
    c0, c = compile_scenario(base), compile_scenario(changed)
    assert len(c.units) == len(c0.units) + 1
    assert c.units[-1].municipality == "Vihti"
    assert c.capacity_events == [(0.0, 0, 2), (86.0, len(c.units) - 1, 12)]
    assert c.close_day[1] == 147.0
    assert np.isinf(c.close_day[0])
    lohja, espoo = c.towns.index("Lohja"), c.towns.index("Espoo")
    assert c.arrival_rates[lohja] == pytest.approx(c0.arrival_rates[lohja])
    assert c.arrival_rates[espoo] == pytest.approx(0.5 * c0.arrival_rates[espoo])
    assert (c.policy, c.interval) == ("fifo", 14)
    # the new unit has candidate edges: clients who accept unranked units may go there
    assert (c.cands.unit == len(c.units) - 1).sum() > 0


def test_added_places_cut_waits(base: Scenario) -> None:
    """Thirty more 24-hour places from the start shorten the mean queue (paired, same seeds)."""
    more = base.with_changes(
        AddPlaces(
            municipality="Espoo",
            service_class="24h-2",
            count=30,
            from_date=base.problem.reference_date,
        )
    )
    row = run(base, replications=4, seed=3).compare(run(more, replications=4, seed=3))
    difference = row.loc[("all clients", "mean_queue")]
    assert difference["difference"] < -5
    assert difference["ci_high"] < 0


def test_no_personal_data_in_any_output(base: Scenario, luvn: pl.Problem) -> None:
    """Acceptance 8: outputs name clients by pseudonymous ids only; no needs, tags, ages or
    locations appear in any table."""
    result = run(base, replications=2, seed=1)
    frames = [result.waits, result.queue, result.utilisation, result.throughput, result.exits]
    text = "\n".join(f.to_csv(index=False) for f in frames)
    columns = {c for f in frames for c in f.columns}
    assert not columns & {"needs", "tags", "age", "location", "lat", "lon", "required_features"}
    ids = set(result.waits["client_id"])
    problem_ids = {c.id for c in base.problem.clients}
    assert ids.isdisjoint(problem_ids)  # no simulated outcome against a real client id
    assert all(re.fullmatch(r"[qs]\d{5}", i) for i in ids)
    assert any(i.startswith("q") for i in ids)
    assert result.real_ids is None
    assert not any(i in text for i in problem_ids)  # in no table, not even inside a cell
    revealed = run(base, replications=2, seed=1, reveal_ids=True)
    assert revealed.real_ids is not None
    assert set(revealed.real_ids.values()) == problem_ids
    assert revealed.waits.equals(result.waits)  # the same records; only the map is kept
    for domain in luvn.needs_mapping.domains:
        assert domain not in text
    assert f"{luvn.clients[0].location.lat}" not in text


def test_the_simulated_event_log_has_no_real_id(base: Scenario) -> None:
    from placement.simulate import event_log

    log = event_log(base.model_copy(update={"horizon_days": 200.0}), seed=3)
    cases = set(log["case:concept:name"])
    assert cases
    assert cases.isdisjoint({c.id for c in base.problem.clients})
    assert all(re.fullmatch(r"[qs]\d{5}", c) for c in cases)

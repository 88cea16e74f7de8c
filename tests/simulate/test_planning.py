"""places_needed (acceptance 5) on an M/M/c queue where the answer is known in closed form."""

from __future__ import annotations

import math

import numpy as np
import pytest

from placement.simulate import PlacesNeeded, Scenario, places_needed, run
from placement.simulate.planning import share_within
from tests.simulate.queues import erlang_c, mmc

LAM, MU, BASE = 1.0, 0.1, 9  # a = 10 Erlangs on 9 places: the base queue is unstable
WITHIN = 10.0


def _scenario() -> Scenario:
    return mmc(LAM, MU, BASE, horizon=1000.0, warmup=300.0, record_every=30.0)


def _formula_share(c: int) -> float:
    if c * MU <= LAM:
        return 0.0
    return 1 - erlang_c(LAM, MU, c) * math.exp(-(c * MU - LAM) * WITHIN)


@pytest.fixture(scope="module")
def answers() -> dict[float, PlacesNeeded]:
    s = _scenario()
    return {
        share: places_needed(
            s, "communal", share=share, within_days=WITHIN, max_added=8, replications=8, seed=0
        )
        for share in (0.5, 0.85, 0.95)
    }


def test_answer_matches_the_queueing_formula(answers: dict[float, PlacesNeeded]) -> None:
    """The smallest c with 1 - C exp(-(c mu - lambda) t) >= 85 % is 12: 3 places more than 9."""
    needed = min(c for c in range(BASE, 30) if _formula_share(c) >= 0.85) - BASE
    assert needed == 3
    assert answers[0.85].added == needed
    assert answers[0.85].municipality == "A"


def test_a_clear_answer_is_resolved(answers: dict[float, PlacesNeeded]) -> None:
    """Half placed within 10 days: 2 places (c = 11); at one fewer the queue is critical
    (c = 10, utilisation 1), so the intervals lie clearly on either side of the target."""
    assert answers[0.5].added == 2
    assert answers[0.5].resolved
    assert "cannot be told apart" not in answers[0.5].message


def test_monotone_in_the_target(answers: dict[float, PlacesNeeded]) -> None:
    """A higher target never needs fewer places."""
    added = [answers[s].added for s in (0.5, 0.85, 0.95)]
    assert all(a is not None for a in added)
    assert added == sorted(added)  # type: ignore[type-var]
    assert added[0] < added[2]  # type: ignore[operator]


def test_confirmed_by_a_fresh_simulation(answers: dict[float, PlacesNeeded]) -> None:
    """New seeds: the target is met at the answer and missed at one place fewer (or the answer
    said it could not tell them apart)."""
    from placement.simulate import AddPlaces

    s = _scenario()
    for share, answer in answers.items():
        assert answer.added is not None
        if not answer.resolved:
            assert "cannot be told apart" in answer.message
            continue
        means = []
        for n in (answer.added - 1, answer.added):
            changed = s
            if n > 0:
                changed = s.with_changes(
                    AddPlaces(
                        municipality="A",
                        service_class="communal",
                        count=n,
                        from_date=s.problem.reference_date,
                    )
                )
            r = run(changed, replications=10, seed=2024)
            means.append(float(share_within(r.waits, r.warmup_days, r.horizon_days, WITHIN).mean()))
        assert means[0] < share <= means[1], (share, means)


def test_curve_and_unreachable_target() -> None:
    """The curve lists every count tried; a target out of reach says so and gives no answer."""
    s = mmc(LAM, MU, BASE, horizon=400.0, warmup=100.0, record_every=30.0)
    answer = places_needed(s, "communal", share=0.99, within_days=1.0, max_added=1, replications=3)
    assert answer.added is None
    assert "not met" in str(answer)
    assert list(answer.curve["added"]) == [0, 1]
    assert np.all(answer.curve["mean"] < 0.99)


def test_curve_intervals_keep_to_the_share_range(answers: dict[float, PlacesNeeded]) -> None:
    """Every share on every curve, and both ends of its interval, lie in [0, 1] (a Student-t
    interval gave -0.058 to 1.04 here before)."""
    for answer in answers.values():
        values = answer.curve[["mean", "ci_low", "ci_high"]].to_numpy()
        known = values[~np.isnan(values)]
        assert known.size > 0
        assert (known >= 0).all()
        assert (known <= 1).all()

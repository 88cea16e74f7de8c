"""Bundled data and the generator."""

from __future__ import annotations

import pytest

import placement as pl
from placement import datasets


def test_bundled_luvn_is_what_its_seed_generates() -> None:
    """The shipped JSON equals a fresh generation from the documented seed."""
    assert datasets.load("luvn") == datasets.luvn()


def test_luvn_has_the_documented_shape() -> None:
    """About 40 units and 300 places, 120 clients, incumbents, dated vacancies, 10 towns, and a
    few linked clients, incompatibilities and composition limits."""
    problem = datasets.load("luvn")
    places = sum(u.capacity for u in problem.units)
    dated = [v for v in problem.vacancies() if v.available_from > problem.reference_date]
    assert len(problem.units) == 40
    assert len(problem.clients) == 120
    assert 250 <= places <= 350
    assert sum(len(u.incumbents) for u in problem.units) > 200
    assert dated
    assert len(problem.vacancies()) > len(dated)
    assert {u.municipality for u in problem.units} == {
        m[0] for m in datasets.regions.REGIONS["luvn"]
    }
    assert set(problem.side_constraints()) == {"linked", "incompatible", "composition"}


def test_synthetic_is_deterministic_and_sized() -> None:
    """Same seed, same problem; another seed, another problem."""
    a = datasets.synthetic(50, 12, seed=4)
    assert a == datasets.synthetic(50, 12, seed=4)
    assert a != datasets.synthetic(50, 12, seed=5)
    assert (len(a.clients), len(a.units)) == (50, 12)


def test_synthetic_side_constraints_are_present_on_request() -> None:
    """With side_constraints=True every kind appears; without, none does."""
    problem = datasets.synthetic(300, 40, seed=2, side_constraints=True)
    assert set(problem.side_constraints()) == {"linked", "incompatible", "composition"}
    assert datasets.synthetic(300, 40, seed=2).side_constraints() == {}


def test_large_synthetic_keeps_about_forty_candidates_per_client() -> None:
    """The national region keeps candidate density realistic at 10,000 x 1,500."""
    from placement import candidates

    problem = datasets.synthetic(10_000, 1_500, seed=1)
    per_client = len(candidates.build(problem)) / len(problem.clients)
    assert 30 <= per_client <= 55


def test_unknown_dataset_is_a_clear_error() -> None:
    """An unknown name lists the known ones."""
    with pytest.raises(pl.ProblemError, match="luvn"):
        datasets.load("uusimaa")

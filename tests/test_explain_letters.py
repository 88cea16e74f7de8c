"""What a client reads in an explanation (issue 22): counterfactuals that name the unit the
client gets and the whole change, numbers, dates and plurals as the language writes them, and
no explanation of a result that breaks a hard rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import placement as pl
from placement.cli import app
from placement.explanations.explanation import Counterfactual
from placement.explanations.language import LANGUAGES, parameters
from placement.explanations.reasons import TEMPLATES
from placement.policies import POLICIES
from tests.test_explain import _apply
from tests.test_solve import _client, _problem, _unit


def _named_unit(counterfactual: Counterfactual) -> str | None:
    params = counterfactual.reason.params
    if counterfactual.reason.code == "cf_add_place_moves":
        return str(params["other_unit"])
    if counterfactual.reason.code == "cf_add_place":
        return str(params["unit"])
    return None


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_a_counterfactual_names_the_unit_the_client_gets(policy: str) -> None:
    """Issue 22, acceptance 2: re-solved, every "one more place" counterfactual places the
    client in the unit its text names, under every policy, on LUVN and random counties."""
    checked = 0
    problems_ = [pl.datasets.load("luvn")] + [
        pl.datasets.synthetic(n_clients=30, n_units=7, seed=seed) for seed in range(6)
    ]
    for problem in problems_:
        result = pl.solve(problem, policy=policy)  # type: ignore[arg-type]
        for client_id in result.unplaced[:25]:
            for counterfactual in pl.explain(problem, result, client_id).counterfactuals:
                again = pl.solve(
                    _apply(problem, client_id, counterfactual.change),
                    policy=policy,  # type: ignore[arg-type]
                )
                got = again.assignment_of(client_id)
                assert got is not None
                named = _named_unit(counterfactual)
                if named is not None:
                    assert got.unit_id == named, (client_id, counterfactual.reason.text)
                    checked += 1
    assert checked > 0


def test_a_counterfactual_says_the_whole_change() -> None:
    """The report's client: accepting Inkoo also needs accepting unranked units, and the text
    says both (it said only the municipality); re-solved, the whole change places them."""
    problem = pl.datasets.synthetic(n_clients=48, n_units=12, seed=311, ranks=3)
    result = pl.solve(problem)
    explanation = pl.explain(problem, result, "c00026", "en")
    area = [c for c in explanation.counterfactuals if "client" in c.change]
    assert area
    for counterfactual in area:
        fields = counterfactual.change["client"]
        assert isinstance(fields, dict)
        if fields.get("only_ranked") is False and "acceptable_municipalities" in fields:
            assert counterfactual.reason.code == "cf_municipality_unranked"
            assert "did not rank" in counterfactual.reason.text
        again = pl.solve(_apply(problem, "c00026", counterfactual.change))
        assert again.assignment_of("c00026") is not None


def _samples(names: frozenset[str], n: int) -> dict[str, object]:
    """Sample parameters: counts ``n``, a distance, a price, a date, names."""
    values: dict[str, object] = {}
    for name in names:
        if name in {"km", "eur"}:
            values[name] = 25.6
        elif name == "move_in":
            values[name] = "2026-01-05"
        elif name in {"unit", "municipality", "service_class", "client", "rule", "feature"}:
            values[name] = "Koti"
        else:
            values[name] = n
    return values


@pytest.mark.parametrize("n", [1, 2, 5])
def test_no_text_hedges_its_plural_and_numbers_read_as_the_language_writes_them(n: int) -> None:
    """Issue 22, acceptance 3 in part: every reason and diagnosis text rendered with 1, 2 and
    5 of each countable says no "(s)" in any language; Finnish and Swedish have decimal commas
    and Finnish dates; one of a thing is never counted as several."""
    from placement.explanations.diagnosis_texts import TEMPLATES as DIAGNOSIS
    from placement.explanations.language import render

    for templates in (TEMPLATES, DIAGNOSIS):
        for code, texts in templates.items():
            names = parameters(texts["en"])
            for language in LANGUAGES:
                text = render(templates, code, _samples(names, n), language)
                assert "(s)" not in text, (code, language)
                assert "[" not in text, (code, language)  # every plural choice resolved
                if "km" in names or "eur" in names:
                    assert ("25,6" if language != "en" else "25.6") in text, (code, language)
                if "move_in" in names:
                    assert {"fi": "5.1.2026", "sv": "5.1.2026", "en": "5 January 2026"}[
                        language
                    ] in text
    one = render(TEMPLATES, "taken_by_priority", {"unit": "Koti", "count": 1}, "fi")
    assert "asiakkaalle, joka oli" in one
    assert "jotka" not in one
    many = render(TEMPLATES, "taken_by_priority", {"unit": "Koti", "count": 3}, "fi")
    assert "3 asiakkaalle, jotka olivat" in many


def test_a_result_that_fails_the_check_is_not_explained(tmp_path: Path) -> None:
    """Issue 22, item 7: a result whose assignment breaks a hard rule (two clients in a unit of
    one place) is refused by pl.explain and by placement explain, in one line naming the rule."""
    problem = _problem([_client("c1"), _client("c2")], [_unit("u", 60.2), _unit("v", 60.3)])
    result = pl.solve(problem)
    assert len(result.assignments) == 2
    moved = [a.model_copy(update={"unit_id": "u"}) for a in result.assignments]
    broken = result.model_copy(update={"assignments": tuple(moved)})
    with pytest.raises(pl.ProblemError, match="fails the independent check") as caught:
        pl.explain(problem, broken, "c1")
    assert "capacity" in str(caught.value)
    (tmp_path / "p.json").write_text(problem.model_dump_json(), encoding="utf-8")
    (tmp_path / "r.json").write_text(broken.model_dump_json(), encoding="utf-8")
    out = CliRunner().invoke(
        app, ["explain", str(tmp_path / "p.json"), str(tmp_path / "r.json"), "c1"]
    )
    assert out.exit_code == 2
    assert out.output.startswith("error:")
    assert "fails the independent check" in out.output

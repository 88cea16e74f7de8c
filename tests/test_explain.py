"""Per-client explanations: every reason is true, every counterfactual works, all languages."""

from __future__ import annotations

import inspect
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import placement as pl
from placement.candidates import FILTERS
from placement.explanations import Alternative, Explanation, alternatives, outcome
from placement.explanations.language import LANGUAGES, parameters
from placement.explanations.reasons import TEMPLATES
from placement.explanations.relax import TIER_ORDER, with_client, with_overrides, with_place
from placement.model import NEEDS_DOMAINS
from placement.policies import POLICIES
from tests.strategies import FEATURES, problems
from tests.test_solve import _client, _problem, _unit

CHECK_RULE = {  # hard rule of the candidate builder -> what the checker reports
    "vacancy": {"capacity", "move_in"},
    "vacancy_unknown": {"capacity", "move_in"},  # the same rule, said without a horizon
    "features": {"features"},
    "service_class": {"class_too_low", "class_not_offered"},
    "age": {"age"},
    "excluded": {"excluded"},
    "resident": {"resident_incompatible"},
    "composition": {"composition", "move_in"},
    "area": {"area"},
    "override": {"pinned", "forbidden"},
}


def test_placed_client_is_told_where_when_and_which_choice() -> None:
    problem = _problem([_client("c1", preferences=["u"])], [_unit("u", 60.2)])
    explanation = pl.explain(problem, pl.solve(problem), "c1")
    assert explanation.outcome == "placed"
    assert explanation.headline.code == "placed_ranked"
    assert explanation.headline.params == {
        "unit": "u",
        "move_in": "2026-01-05",
        "service_class": "communal",
        "rank": 1,
        "of": 1,
    }
    assert str(explanation).startswith("You are offered a place in u (Espoo) from 5 January 2026")
    assert "your only choice" in str(explanation)


def test_waiting_client_is_told_the_places_went_to_others_counted() -> None:
    problem = _problem(
        [_client("c1", urgency=2), _client("c2", preferences=["u"])], [_unit("u", 60.2)]
    )
    explanation = pl.explain(problem, pl.solve(problem), "c2")
    assert [r.code for r in explanation.reasons] == ["units_full", "tradeoff_urgency"]
    assert explanation.reasons[0].params == {"count": 1, "others": 1}
    assert "c1" not in str(explanation)


def test_a_full_first_wish_under_a_queue_policy_is_named() -> None:
    """The old explanation never mentioned a first wish that was simply full."""
    problem = _problem(
        [
            _client("c1", preferences=["a"], queued_since="2024-01-01"),
            _client("c2", preferences=["a", "b"]),
        ],
        [_unit("a", 60.2), _unit("b", 60.21)],
    )
    explanation = pl.explain(problem, pl.solve(problem, policy="fifo"), "c2")
    assert explanation.alternatives[0].unit_id == "a"
    assert explanation.alternatives[0].reason.code == "taken_by_priority"
    assert explanation.alternatives[0].reason.params["count"] == 1


def test_a_ranked_unit_lacking_a_feature_is_named_without_the_feature() -> None:
    """The old one said nothing was "ranked or within their area"; now the rule, not the need."""
    problem = _problem(
        [_client("c1", needs={"health": 3}, preferences=["u"])],
        [_unit("u", 60.2)],
    )
    explanation = pl.explain(problem, pl.solve(problem), "c1")
    assert [a.reason.code for a in explanation.alternatives] == ["rule_features"]
    assert explanation.filter_counts["features"] == 0
    text = str(explanation)
    assert "nursing" not in text
    assert "health" not in text


def test_unknown_client_and_language_are_one_error() -> None:
    problem = _problem([_client("c1")], [_unit("u", 60.2)])
    with pytest.raises(pl.ProblemError) as refused:
        pl.explain(problem, pl.solve(problem), "c9", language="de")  # type: ignore[arg-type]
    assert {i.path for i in refused.value.issues} == {"client_id", "language"}


# -- every reason is true (acceptance 1) --------------------------------------------------------


def _moved(result: pl.Result, client_id: str, unit_id: str, klass: str) -> pl.Result:
    """``result`` with ``client_id`` moved to ``unit_id`` (a hand edit for the checker)."""
    kept = [a for a in result.assignments if a.client_id != client_id]
    move_in = result.assignment_of(client_id)
    day = move_in.move_in if move_in else None
    new = pl.Assignment(client_id=client_id, unit_id=unit_id, service_class=klass, move_in=day)
    unplaced = tuple(c for c in result.unplaced if c != client_id)
    return result.model_copy(
        update={
            "assignments": tuple(sorted([*kept, new], key=lambda a: a.client_id)),
            "unplaced": unplaced,
        }
    )


def _at_least_as_good(problem: pl.Problem, result: pl.Result, client_id: str, rank: int) -> bool:
    got = result.assignment_of(client_id)
    ranks = problem.client_by_id[client_id].ranks()
    return got is not None and ranks.get(got.unit_id, 10**6) <= rank


def _assert_reason_true(
    problem: pl.Problem, result: pl.Result, client_id: str, alt: Alternative
) -> None:
    code, unit_id = alt.reason.code, alt.unit_id
    unit = problem.unit_by_id[unit_id]
    if code.startswith("rule_"):  # the independent checker rejects the move, for that rule
        rule = code.removeprefix("rule_")
        klasses = [k for k in problem.service_classes if k.id in unit.offers]
        found = set()
        for klass in sorted(klasses, key=lambda k: -k.level)[:1]:
            moved = _moved(result, client_id, unit_id, klass.id)
            found = {v.rule for v in pl.check(problem, moved) if v.client_id in (client_id, None)}
        assert found & CHECK_RULE[rule], (code, found)
    elif code == "taken_by_priority":  # put the client ahead of those: they get it or better
        there = [a for a in result.assignments if a.unit_id == unit_id]
        assert alt.reason.params["count"] == len(there)  # everyone there, counted, none named
        assert len(there) >= len(problem.place_days[problem.units.index(unit)])
        first = pl.solve(
            with_overrides(problem, must_place=[client_id]),
            policy=result.policy,
            seed=result.seed or 0,
        )
        assert _at_least_as_good(problem, first, client_id, alt.rank or 10**6)
    elif code.startswith("tradeoff_") or code == "tie":  # force the unit; compare the tiers
        forced = pl.solve(with_overrides(problem, pins={client_id: unit_id}))
        change = {k: round(forced.tiers[k] - result.tiers[k], 2) for k in TIER_ORDER}
        assert alt.tier_change == change
        stated = {
            "tradeoff_placed": ("placed", "count"),
            "tradeoff_move_in": ("days_to_move_in", "days"),
            "tradeoff_rank": ("rank", "steps"),
            "tradeoff_distance": ("distance_km", "km"),
            "tradeoff_cost": ("daily_cost_eur", "eur"),
        }
        if code in stated:
            tier, param = stated[code]
            assert alt.reason.params[param] == pytest.approx(abs(change[tier]), abs=0.051)
        if code == "tie":  # nothing the objective weighs first got worse
            assert change["placed"] == 0
            assert change["urgency_weight"] == 0
    elif code == "taken_by_decision":  # the others' overrides, not the rules, keep the unit
        assert problem.overrides.required() - {client_id}
        alone = problem.model_copy(update={"overrides": {"pins": {client_id: unit_id}}})
        assert pl.solve(alone, policy=result.policy).status in (
            pl.Status.OPTIMAL,
            pl.Status.FEASIBLE,
        )
    elif code == "not_proven_best":
        assert result.status != pl.Status.OPTIMAL
    else:
        assert code == "side_rule"
        assert problem.side_constraints()
        if result.policy == "optimal":
            forced = pl.solve(with_overrides(problem, pins={client_id: unit_id}))
            assert forced.status == pl.Status.INFEASIBLE


@settings(max_examples=25, deadline=None)
@given(problem=problems(max_clients=6, max_units=4), policy=st.sampled_from(sorted(POLICIES)))
def test_every_reason_is_true(problem: pl.Problem, policy: str) -> None:
    result = pl.solve(problem, policy=policy)
    for client in problem.clients:
        explanation = pl.explain(problem, result, client.id)
        for alt in explanation.alternatives:
            if explanation.outcome == "placed" or alt.rank is not None:
                _assert_reason_true(problem, result, client.id, alt)


@settings(max_examples=15, deadline=None)
@given(problem=problems(max_clients=6, max_units=4, side_constraints=True))
def test_every_reason_is_true_with_side_constraints(problem: pl.Problem) -> None:
    result = pl.solve(problem)
    for client in problem.clients:
        for alt in pl.explain(problem, result, client.id).alternatives:
            _assert_reason_true(problem, result, client.id, alt)


# -- every smallest change works (acceptance 2) -------------------------------------------------


def _apply(problem: pl.Problem, client_id: str, change: dict[str, object]) -> pl.Problem:
    if "add_place" in change:
        return with_place(problem, str(change["add_place"]))
    fields = change["client"]
    assert isinstance(fields, dict)
    return with_client(problem, client_id, **fields)


@pytest.fixture(scope="module")
def luvn() -> pl.Problem:
    return pl.datasets.load("luvn")


@pytest.fixture(scope="module")
def luvn_explained(luvn: pl.Problem) -> tuple[pl.Result, list[Explanation]]:
    result = pl.solve(luvn)
    return result, [pl.explain(luvn, result, c.id, "fi") for c in luvn.clients]


def test_every_counterfactual_places_the_client(
    luvn: pl.Problem, luvn_explained: tuple[pl.Result, list[Explanation]]
) -> None:
    _, explanations = luvn_explained
    shown = [(e.client_id, c) for e in explanations for c in e.counterfactuals]
    assert len(shown) >= 3
    for client_id, counterfactual in shown:
        again = pl.solve(_apply(luvn, client_id, counterfactual.change))
        got = again.assignment_of(client_id)
        assert got is not None
        assert got.unit_id == counterfactual.unit_id


@settings(max_examples=20, deadline=None)
@given(problem=problems(max_clients=6, max_units=4), policy=st.sampled_from(sorted(POLICIES)))
def test_counterfactuals_work_on_random_problems(problem: pl.Problem, policy: str) -> None:
    result = pl.solve(problem, policy=policy)
    for client_id in result.unplaced:
        for counterfactual in pl.explain(problem, result, client_id).counterfactuals:
            again = pl.solve(_apply(problem, client_id, counterfactual.change), policy=policy)
            assert again.assignment_of(client_id) is not None


# -- languages (acceptance 5) and privacy (acceptance 6) ----------------------------------------


def test_every_code_has_every_language_with_the_same_parameters() -> None:
    for code, texts in TEMPLATES.items():
        assert set(texts) == set(LANGUAGES), code
        assert len({parameters(t) for t in texts.values()}) == 1, code


def test_every_code_the_explainer_uses_has_templates() -> None:
    source = inspect.getsource(outcome)
    used = set(re.findall(r'self\.say\(\s*"([a-z_]+)"', source))
    used |= {f"rule_{rule}" for rule in FILTERS} | {f"blocked_{rule}" for rule in FILTERS}
    used |= {
        "tradeoff_days_waited",
        "tradeoff_move_in",
        "tradeoff_rank",
        "tradeoff_distance",
        "tradeoff_cost",
        "cf_distance",
        "cf_municipality",
        "cf_municipality_unranked",
        "cf_unranked",
        "envy_objective",
        "envy_order",
        "envy_side",
    }
    assert used <= set(TEMPLATES), used - set(TEMPLATES)
    for texts in TEMPLATES.values():
        for text in texts.values():
            list(string.Formatter().parse(text))  # well formed


def test_municipality_names_follow_the_language() -> None:
    problem = _problem([_client("c1", preferences=["u"])], [_unit("u", 60.2)])
    explanation = pl.explain(problem, pl.solve(problem), "c1", "sv")
    assert "u (Esbo)" in str(explanation)
    assert "u (Espoo)" in str(explanation.in_language(problem, "fi"))


def test_no_explanation_reveals_another_client_or_anyones_needs(
    luvn: pl.Problem, luvn_explained: tuple[pl.Result, list[Explanation]]
) -> None:
    """Every client of LUVN, in every language, text and JSON: no other client's id, no needs
    domain or score, no feature of anyone (explanations never name features)."""
    ids = {c.id for c in luvn.clients} | {r.id for u in luvn.units for r in u.incumbents}
    features = set(FEATURES) | {f for u in luvn.units for f in u.features}
    features |= {f for c in luvn.clients for f in c.required_features or ()}
    words = set(NEEDS_DOMAINS) | features | {"needs_score"}
    _, explanations = luvn_explained
    for explanation in explanations:
        for language in LANGUAGES:
            shown = explanation.in_language(luvn, language)
            for text in (str(shown), shown.model_dump_json()):
                found = set(re.findall(r"[A-Za-z][\w-]*", text))
                assert not (found & (ids - {explanation.client_id})), explanation.client_id
                assert not (found & words), (explanation.client_id, found & words)


def test_translation_equals_explaining_in_that_language(luvn: pl.Problem) -> None:
    result = pl.solve(luvn, policy="priority")
    client_id = result.unplaced[-1]
    direct = pl.explain(luvn, result, client_id, "sv")
    assert pl.explain(luvn, result, client_id, "en").in_language(luvn, "sv") == direct


# -- top-N alternatives and the waiting-time estimate -------------------------------------------


@settings(max_examples=15, deadline=None)
@given(problem=problems(max_clients=6, max_units=4))
def test_alternatives_are_the_forced_solves_best_first(problem: pl.Problem) -> None:
    """Each alternative's tiers are those of an independent forced solve (HiGHS, not the flow
    engine that produced them), and the list is ordered by what each costs."""
    result = pl.solve(problem)
    for client in problem.clients:
        found = alternatives(problem, result, client.id, n=10)
        for alt in found:
            forced = pl.solve(
                with_overrides(problem, pins={client.id: alt.unit_id}), engine="highs"
            )
            change = {k: round(forced.tiers[k] - result.tiers[k], 2) for k in TIER_ORDER}
            assert alt.tier_change == pytest.approx(change, abs=0.011)
        keys = [(-a.tier_change["placed"], -a.tier_change["urgency_weight"], a.cost) for a in found]
        assert keys == sorted(keys)


def test_an_estimate_is_carried_in_the_client_language() -> None:
    problem = _problem(
        [_client("c1", urgency=2), _client("c2", preferences=["u"])], [_unit("u", 60.2)]
    )
    row = {"low_days": 61.0, "median_days": 152.0, "high_days": 365.0}
    explanation = pl.explain(problem, pl.solve(problem), "c2", "fi", estimated_wait=row)
    assert explanation.estimated_wait is not None
    assert explanation.estimated_wait.params == {"low": 2, "median": 5, "high": 12}
    assert str(explanation).endswith(
        "Arvioitu muuttoaika: todennäköisimmin 2–12 kuukauden kuluttua (mediaani 5)."
    )


@pytest.mark.parametrize(
    ("row", "code"),
    [
        (
            {"low_days": 300.0, "median_days": float("nan"), "high_days": float("nan")},
            "estimated_wait_from",
        ),
        (
            {"low_days": float("nan"), "median_days": float("nan"), "high_days": float("nan")},
            "estimated_beyond",
        ),
        (
            {
                "low_days": float("nan"),
                "median_days": float("nan"),
                "high_days": float("nan"),
                "unplaceable": True,
            },
            "estimated_unplaceable",
        ),
    ],
)
def test_an_estimate_beyond_the_horizon_is_said_not_printed_as_nan(
    row: dict[str, float], code: str
) -> None:
    problem = _problem(
        [_client("c1", urgency=2), _client("c2", preferences=["u"])], [_unit("u", 60.2)]
    )
    explanation = pl.explain(problem, pl.solve(problem), "c2", "sv", estimated_wait=row)
    assert explanation.estimated_wait is not None
    assert explanation.estimated_wait.code == code
    assert not re.search(r"\bnan\b", str(explanation), re.IGNORECASE)  # "annan" is Swedish


def test_a_pinned_client_is_told_the_decision_not_that_units_were_ruled_out() -> None:
    problem = _problem(
        [_client("c1", preferences=["a", "b"])], [_unit("a", 60.2), _unit("b", 60.21)]
    ).model_copy(update={"overrides": {"pins": {"c1": "b"}}})
    explanation = pl.explain(problem, pl.solve(problem), "c1")
    assert [a.reason.code for a in explanation.alternatives] == ["rule_pinned"]
    assert [r.code for r in explanation.overrides] == ["ov_pinned"]


def test_a_unit_another_clients_pin_holds_is_not_blamed_on_side_rules() -> None:
    """c1 ranks a first; the team pinned c2 to a (one place). No side rule exists: the reason
    is the team's decision for another client, under every policy."""
    problem = _problem(
        [_client("c1", preferences=["a", "b"]), _client("c2", preferences=["b"])],
        [_unit("a", 60.2), _unit("b", 60.21)],
    ).model_copy(update={"overrides": {"pins": {"c2": "a"}}})
    assert not problem.side_constraints()
    for policy in POLICIES:
        result = pl.solve(problem, policy=policy)  # type: ignore[arg-type]
        alternatives_ = pl.explain(problem, result, "c1").alternatives
        assert [a.reason.code for a in alternatives_] in (
            ["taken_by_decision"],
            ["taken_by_priority"],
        ), policy
        if alternatives_[0].reason.code == "taken_by_priority":
            assert policy != "optimal"


def test_explaining_a_result_of_another_problem_is_refused() -> None:
    problem = _problem([_client("c1", preferences=["u"])], [_unit("u", 60.2)])
    other = _problem([_client("c1", preferences=["u"])], [_unit("u", 60.3)])
    with pytest.raises(pl.ProblemError, match="another problem"):
        pl.explain(other, pl.solve(problem), "c1")


def test_alternatives_refuse_bad_arguments_in_one_error() -> None:
    problem = _problem([_client("c1", preferences=["u"])], [_unit("u", 60.2)])
    with pytest.raises(pl.ProblemError) as refused:
        alternatives(problem, pl.solve(problem), "c9", n=0, language="de")  # type: ignore[arg-type]
    assert {i.path for i in refused.value.issues} == {"n", "client_id", "language"}

"""Infeasibility diagnosis: on hand-made conflicts the exact minimal set of rules, and on random
ones a set that is infeasible together and feasible without any one member, checked here by our
own re-solves (issue 14, acceptance 3); every code renders in all three languages (acceptance 5)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import placement as pl
from placement import candidates
from placement.explanations.diagnosis import TEMPLATES, Diagnosis, Member, diagnose
from placement.explanations.language import LANGUAGES, Language, parameters
from placement.model import NEEDS_DOMAINS
from tests.strategies import problems

Key = tuple[str, tuple[str, ...]]


def _unit(uid: str, capacity: int = 1, **fields: Any) -> dict[str, Any]:
    return {
        "id": uid,
        "municipality": "Espoo",
        "location": {"lat": 60.2, "lon": 24.65},
        "offers": {"24h-1": 150.0},
        "capacity": capacity,
        **fields,
    }


def _client(cid: str, *units: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "municipality": "Espoo",
        "location": {"lat": 60.2, "lon": 24.65},
        "queued_since": "2025-06-01",
        "preferences": [[u] for u in units],
        "only_ranked": True,
        **fields,
    }


def _problem(units: list[dict[str, Any]], clients: list[dict[str, Any]], **o: Any) -> pl.Problem:
    """A problem with a bystander who must be placed and can be (u9 is theirs alone), and a
    linked pair and an incompatible pair who need not be placed: none belongs in any core."""
    units = [*units, _unit("u9", 3), _unit("u8", 2, composition=[{"tag": "x", "at_most": 0}])]
    clients = [
        *clients,
        _client("b1", "u9"),
        _client("b2", "u9", linked_with=["b3"]),
        _client("b3", "u9", incompatible_with=["b4"]),
        _client("b4", "u9"),
    ]
    overrides = {"must_place": ["b1", *o.pop("must_place", [])], **o}
    overrides["forbidden"] = {"b2": ["u8"], **overrides.get("forbidden", {})}
    return pl.Problem.model_validate(
        {"reference_date": "2025-09-01", "units": units, "clients": clients, "overrides": overrides}
    )


def _key(member: Member) -> Key:
    """The rule group a member names, as (kind, ids)."""
    p = member.params
    kind = member.code.removesuffix("_unfit")
    if kind == "linked":
        return kind, tuple(str(p["clients"]).split(", "))
    ids = ("client", "other", "unit", "tag")
    return kind, tuple(str(p[k]) for k in ids if k in p)


CONFLICTS: dict[str, tuple[pl.Problem, set[Key]]] = {
    "two pins, one place": (
        _problem(
            [_unit("u0", 1), _unit("u1", 1)],
            [_client("c0", "u0", "u1"), _client("c1", "u0", "u1")],
            pins={"c0": "u0", "c1": "u0"},
        ),
        {("pin", ("c0", "u0")), ("pin", ("c1", "u0"))},
    ),
    "pin against needs": (
        _problem(
            [_unit("u0", 2)],
            [_client("c0", "u0", required_features=["wheelchair_accessible"])],
            pins={"c0": "u0"},
        ),
        {("pin", ("c0", "u0"))},
    ),
    "pin outside the area": (
        _problem(
            [_unit("u0", 2, location={"lat": 60.4, "lon": 24.0})],
            [_client("c0", only_ranked=False, max_distance_km=5.0)],
            pins={"c0": "u0"},
        ),
        {("pin", ("c0", "u0"))},
    ),
    "must place, only unit forbidden": (
        _problem(
            [_unit("u0", 2), _unit("u1", 2)],
            [_client("c0", "u0"), _client("c1", "u1")],
            must_place=["c0"],
            forbidden={"c0": ["u0"], "c1": ["u0"]},
        ),
        {("must_place", ("c0",)), ("forbidden", ("c0", "u0"))},
    ),
    "pinned with a linked client who cannot fit": (
        _problem(
            [_unit("u0", 1), _unit("u1", 2)],
            [_client("c0", "u0", "u1", linked_with=["c1"]), _client("c1", "u0", "u1")],
            pins={"c0": "u0"},
        ),
        {("pin", ("c0", "u0")), ("linked", ("c0", "c1"))},
    ),
    "incompatible pair pinned together": (
        _problem(
            [_unit("u0", 2)],
            [_client("c0", "u0", incompatible_with=["c1"]), _client("c1", "u0")],
            pins={"c0": "u0", "c1": "u0"},
        ),
        {("pin", ("c0", "u0")), ("pin", ("c1", "u0")), ("incompatible", ("c0", "c1"))},
    ),
    "composition against two tagged pins": (
        _problem(
            [_unit("u0", 3, composition=[{"tag": "nursing", "at_most": 1}])],
            [
                _client("c0", "u0", tags=["nursing"]),
                _client("c1", "u0", tags=["nursing"]),
                _client("c2", "u0"),
            ],
            pins={"c0": "u0", "c1": "u0", "c2": "u0"},
        ),
        {("pin", ("c0", "u0")), ("pin", ("c1", "u0")), ("composition", ("u0", "nursing"))},
    ),
}


@pytest.mark.parametrize("name", sorted(CONFLICTS))
def test_hand_made_conflicts_give_the_exact_minimal_set(name: str) -> None:
    """Each hand-made conflict: the solver says infeasible, and the diagnosis names exactly the
    rules that conflict (not the bystanders), verified minimal by its own re-solves."""
    problem, expected = CONFLICTS[name]
    assert pl.solve(problem).status == pl.Status.INFEASIBLE
    found = diagnose(problem)
    assert not found.feasible
    assert found.minimal
    assert {_key(m) for m in found.members} == expected
    _assert_minimal_core(problem, found)


def test_members_say_the_fact_that_makes_them_conflict() -> None:
    """A pin the client's needs rule out says so (by rule, not by feature); a required client
    whose only unit is forbidden is told apart from one with units; ids are params."""
    by_name = {name: diagnose(problem) for name, (problem, _) in CONFLICTS.items()}
    (needs,) = by_name["pin against needs"].members
    assert (needs.code, needs.params["rule"]) == ("pin_unfit", "features")
    assert "wheelchair" not in needs.text
    (far,) = by_name["pin outside the area"].members
    assert (far.code, far.params["rule"]) == ("pin_unfit", "area")
    required, ban = by_name["must place, only unit forbidden"].members  # decisions first
    assert (required.code, required.params) == (
        "must_place_unfit",
        {"client": "c0", "rule": "override"},
    )
    assert ban.code == "forbidden"
    pins = by_name["two pins, one place"].members
    assert [m.params["places"] for m in pins] == [1, 1]
    (limit,) = [
        m for m in by_name["composition against two tagged pins"].members if m.params.get("tag")
    ]
    assert (limit.params["at_most"], limit.params["residents"]) == (1, 0)


def test_feasible_problems_and_problems_without_requirements() -> None:
    """Nothing required: feasible without a solve. Requirements that can hold: feasible."""
    problem, _ = CONFLICTS["two pins, one place"]
    free = problem.model_copy(update={"overrides": {}})
    assert diagnose(free) == Diagnosis(
        feasible=True, members=[], minimal=True, language="en", solves=0
    )
    fine = problem.model_copy(update={"overrides": {"pins": {"c0": "u0", "c1": "u1"}}})
    found = diagnose(fine, "sv")
    assert found.feasible
    assert not found.members
    assert found.solves == 1
    assert str(found).startswith("Placeringsteamets beslut")


@pytest.mark.parametrize("language", LANGUAGES)
def test_diagnosis_reads_and_serialises_in_every_language(language: Language) -> None:
    """The paragraph has a lead and one line per member, units by name in the language; the
    JSON round-trips; no needs domain appears in any text."""
    problem, _ = CONFLICTS["incompatible pair pinned together"]
    found = diagnose(problem, language)
    lines = str(found).splitlines()
    assert len(lines) == 1 + len(found.members)
    assert "3" in lines[0]
    assert Diagnosis.model_validate_json(found.model_dump_json()) == found
    json.loads(found.model_dump_json())
    assert not any(domain in str(found).lower() for domain in NEEDS_DOMAINS)
    assert ("u0 (Esbo)" in str(found)) == (language == "sv")


def test_every_code_has_every_language_with_the_same_parameters() -> None:
    """Completeness: fi, sv and en for every code, with identical parameters."""
    for code, texts in TEMPLATES.items():
        assert set(texts) == set(LANGUAGES), code
        assert len({parameters(texts[lang]) for lang in LANGUAGES}) == 1, code
        for lang in LANGUAGES:
            texts[lang].format(**dict.fromkeys(parameters(texts[lang]), "x"))


def test_unknown_language_is_refused() -> None:
    problem, _ = CONFLICTS["two pins, one place"]
    with pytest.raises(pl.ProblemError):
        diagnose(problem, "de")  # type: ignore[arg-type]


def test_bad_arguments_are_one_error_before_any_solve() -> None:
    """A bad limit is refused even when nothing needs solving, with the language, at once."""
    for problem in (CONFLICTS["two pins, one place"][0], pl.datasets.load("luvn")):
        with pytest.raises(pl.ProblemError) as refused:
            diagnose(problem, "de", time_limit=-1)  # type: ignore[arg-type]
        assert {i.path for i in refused.value.issues} == {"language", "time_limit"}


# -- random conflicts, checked by our own re-solves -------------------------------------------
def _keep_only(problem: pl.Problem, members: list[Member]) -> pl.Problem:
    """``problem`` with only the member rule groups: written here from the problem's JSON,
    independently of the module, so the test does not trust the diagnosis's own restriction."""
    keys = {_key(m) for m in members}
    data = json.loads(problem.model_dump_json())
    forbidden: dict[str, list[str]] = {}
    for kind, ids in keys:
        if kind == "forbidden":
            forbidden.setdefault(ids[0], []).append(ids[1])
    data["overrides"] = {
        "pins": {ids[0]: ids[1] for kind, ids in keys if kind == "pin"},
        "must_place": sorted(ids[0] for kind, ids in keys if kind == "must_place"),
        "forbidden": forbidden,
    }
    linked = {frozenset(ids) for kind, ids in keys if kind == "linked"}
    apart = {frozenset(ids) for kind, ids in keys if kind == "incompatible"}
    clients = {c["id"] for c in data["clients"]}
    for c in data["clients"]:
        c["linked_with"] = [o for o in c["linked_with"] if any({c["id"], o} <= g for g in linked)]
        c["incompatible_with"] = [
            o
            for o in c["incompatible_with"]
            if o not in clients or frozenset((c["id"], o)) in apart
        ]
    for u in data["units"]:
        u["composition"] = [
            r for r in u["composition"] if ("composition", (u["id"], r["tag"])) in keys
        ]
    return pl.Problem.model_validate(data)


def _feasible(problem: pl.Problem) -> bool:
    result = pl.solve(problem)
    if result.status == pl.Status.INFEASIBLE:
        return False
    assert result.status == pl.Status.OPTIMAL
    assert pl.check(problem, result) == []
    return True


def _assert_minimal_core(problem: pl.Problem, found: Diagnosis) -> None:
    assert found.members
    assert not _feasible(_keep_only(problem, found.members))
    for k in range(len(found.members)):
        assert _feasible(_keep_only(problem, found.members[:k] + found.members[k + 1 :]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(side_constraints=True), data=st.data())
def test_random_conflicts_are_minimal_and_correct(problem: pl.Problem, data: st.DataObject) -> None:
    """Random pins, must-place clients and forbidden pairs on random problems with side
    constraints: when the solver says infeasible, the members together are infeasible and
    without any one of them feasible; when it does not, the diagnosis says feasible."""
    clients = [c.id for c in problem.clients]
    units = [u.id for u in problem.units]
    pinned = data.draw(st.lists(st.sampled_from(clients), unique=True, max_size=3))
    cands = candidates.build(problem)
    fits = {  # pins mostly to units that fit the client, so the conflicts are not all trivial
        c.id: [str(problem.units[j].id) for j in cands.unit[cands.indptr[i] : cands.indptr[i + 1]]]
        for i, c in enumerate(problem.clients)
    }
    pins = {c: data.draw(st.sampled_from(fits[c] or units)) for c in pinned}
    must = data.draw(st.lists(st.sampled_from(clients), unique=True, max_size=3))
    banned = data.draw(st.lists(st.sampled_from(clients), unique=True, max_size=2))
    forbidden = {  # a pair may not be both pinned and forbidden (the problem refuses it)
        c: data.draw(st.lists(st.sampled_from(others), min_size=1, unique=True))
        for c in banned
        if (others := [u for u in units if u != pins.get(c)])
    }
    problem = problem.model_copy(
        update={"overrides": {"pins": pins, "must_place": must, "forbidden": forbidden}}
    )
    status = pl.solve(problem).status
    assert status != pl.Status.UNKNOWN  # the optimal policy proves infeasibility, or solves
    found = diagnose(problem, data.draw(st.sampled_from(LANGUAGES)))
    if status == pl.Status.INFEASIBLE:
        assert not found.feasible
        assert found.minimal
        _assert_minimal_core(problem, found)
    else:
        assert found.feasible
        assert not found.members

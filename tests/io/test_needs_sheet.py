"""A county with its own three-class ladder, built from the template's own sheets (no JSON
typed anywhere): the needs columns and the needs-mapping sheet carry it (issue 28, acc. 2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

import placement as pl
from placement import io

LADDER = [
    ("kevyt", "Kevyesti tuettu", 1, 90),
    ("yhteisö", "Yhteisöllinen", 2, 110),
    ("ympäri", "Ympärivuorokautinen", 3, 160),
]
RULES = [
    ("physical", 3, "wheelchair_accessible", 1),
    ("daily_living", 2, None, 2),
    ("daily_living", 4, None, 3),
    ("night_care", 2, "night_staff_awake", 3),
]


def _county(path: Path) -> None:
    io.write_template(path, language="fi")
    book = load_workbook(path)
    classes = book["palveluluokat"]
    classes.delete_rows(2, classes.max_row)
    for row in LADDER:
        classes.append([*row, None])
    rules = book["tarvesäännöt"]
    rules.delete_rows(2, rules.max_row)
    for row in RULES:
        rules.append(list(row))
    settings = book["asetukset"]
    settings["B2"] = dt.date(2026, 3, 2)
    units = book["yksiköt"]
    units.append(["y1", "Koivukoti", None, "Tampere", 61.50, 23.76, 4, "kevyt; yhteisö"])
    units.append(
        ["y2", "Hervanta", None, "Tampere", 61.45, 23.85, 3, "ympäri", "night_staff_awake"]
    )
    clients = book["asiakkaat"]
    headers = [c.value for c in clients[1]]
    needs = {
        "a1": {"tarve.daily_living": 1},
        "a2": {"tarve.daily_living": 2},
        "a3": {"tarve.daily_living": 4, "tarve.night_care": 2},
    }
    for k, (client, scores) in enumerate(needs.items()):
        row = {"asiakas": client, "kunta": "Tampere", "leveysaste": 61.49, "pituusaste": 23.77}
        row["jonossa_alkaen"] = dt.date(2025, 1, 10 + k)
        row |= scores
        clients.append([row.get(h) for h in headers])
    book.save(path)


def test_a_three_class_county_from_the_template_solves(tmp_path: Path) -> None:
    path = tmp_path / "pirkanmaa.xlsx"
    _county(path)
    problem = io.read_excel(path)
    assert [k.id for k in problem.service_classes] == ["kevyt", "yhteisö", "ympäri"]
    assert [r.min_level for r in problem.needs_mapping.rules] == [1, 2, 3, 3]
    result = pl.solve(problem)
    assert pl.check(problem, result) == []
    placed = {a.client_id: a.service_class for a in result.assignments}
    assert placed == {"a1": "kevyt", "a2": "yhteisö", "a3": "ympäri"}


def test_a_rule_beyond_the_ladder_is_named_by_its_cell(tmp_path: Path) -> None:
    """A rule asking for a level the ladder lacks is named by its row of the needs sheet."""
    path = tmp_path / "county.xlsx"
    _county(path)
    book = load_workbook(path)
    book["tarvesäännöt"]["D3"] = 5  # daily_living >= 2 asks for level 5
    book.save(path)
    with pytest.raises(pl.ProblemError) as refused:
        io.read_excel(path)
    paths = [i.path for i in refused.value.issues]
    assert paths == ["tarvesäännöt!D3 (vähimmäistaso)"], paths  # the row, not the default rules


def test_the_mapping_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "county.xlsx"
    _county(path)
    book = load_workbook(path)
    book["asetukset"].append(["needs_mapping", '{"rules": []}'])
    book.save(path)
    with pytest.raises(pl.ProblemError, match="given twice"):
        io.read_excel(path)


def test_a_custom_mapping_round_trips_through_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "county.xlsx"
    _county(path)
    problem = io.read_excel(path)
    again = tmp_path / "again.xlsx"
    io.write_excel(again, problem)
    assert io.read_excel(again) == problem
    assert pl.audit.problem_hash(io.read_excel(again)) == pl.audit.problem_hash(problem)

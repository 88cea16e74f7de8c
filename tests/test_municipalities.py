"""The table of all 309 municipalities, used by the readers, the explanations and the checks."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

import placement as pl
from placement.explanations.language import unit_label
from placement.io.places import MunicipalityNames, far_from_municipality
from placement.model import Point, Problem, Unit
from placement.municipalities import find, municipalities, name_in


def test_the_table_is_complete() -> None:
    """309 municipalities, unique codes, 114 with a Swedish name of their own, each findable by
    either name and by its number."""
    table = municipalities()
    assert len(table) == 309
    assert len({m.code for m in table}) == 309
    differ = [m for m in table if m.name_sv != m.name_fi]
    assert len(differ) == 114
    for m in table:
        assert find(m.name_fi) is m
        assert find(m.name_sv.upper()) is m
        assert find(m.code.lstrip("0") or "0") is m
    assert find("Birkala") is find("Pirkkala")
    assert find("Atlantis") is None


def test_swedish_explanations_use_every_swedish_name() -> None:
    """Acceptance 4 of issue 22: a unit in each of the 114 municipalities with a Swedish name
    is labelled with it in Swedish, with the Finnish one in Finnish and English."""
    for m in (m for m in municipalities() if m.name_sv != m.name_fi):
        unit = Unit(
            id="u1",
            name="Koti",
            municipality=m.name_fi,
            location=Point(lat=m.lat, lon=m.lon),
            offers={"communal": None},
            capacity=1,
        )
        problem = Problem(reference_date=dt.date(2026, 1, 5), units=(unit,), clients=())
        assert unit_label(problem, "u1", "sv") == f"Koti ({m.name_sv})"
        assert unit_label(problem, "u1", "fi") == f"Koti ({m.name_fi})"
        assert unit_label(problem, "u1", "en") == f"Koti ({m.name_fi})"
    assert name_in("Tampere", "sv") == "Tammerfors"
    assert name_in("Atlantis", "sv") == "Atlantis"


def test_birkala_is_pirkkala() -> None:
    """A Swedish name, or a number, resolves to the Finnish name the problem uses."""
    names = MunicipalityNames({"Pirkkala", "Tampere"}, strict=True)
    assert names.resolve("Birkala") == ("Pirkkala", "")
    assert names.resolve("604") == ("Pirkkala", "")
    assert names.resolve("Tammerfors") == ("Tampere", "")
    loose = MunicipalityNames({"Tampere"}, strict=False)
    assert loose.resolve("Birkala") == ("Pirkkala", "")


def test_a_point_far_from_its_municipality_is_flagged() -> None:
    """Beyond the radius and 5 km: flagged; the centre and a point just inside: not."""
    tampere = find("Tampere")
    assert tampere is not None
    assert far_from_municipality("Tampere", tampere.lat, tampere.lon) is None
    inside = tampere.lat + (tampere.radius_km + 4) / 111.2
    assert far_from_municipality("Tampere", inside, tampere.lon) is None
    outside = tampere.lat + (tampere.radius_km + 7) / 111.2
    flagged = far_from_municipality("Tampere", outside, tampere.lon)
    assert flagged is not None
    assert "swapped or mistyped" in flagged[1]
    assert far_from_municipality("Atlantis", 0.0, 0.0) is None


def test_the_workbook_reader_warns_without_the_coordinates(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A client of a Western Uusimaa municipality located in Inari: a warning naming the cell,
    not the point (a location of interest is personal data); the problem still reads."""
    problem = pl.datasets.synthetic(n_clients=5, n_units=3, seed=2)
    inari = find("Inari")
    assert inari is not None
    first = problem.clients[0]
    moved = first.model_copy(update={"location": Point(lat=inari.lat, lon=inari.lon)})
    changed = problem.model_copy(update={"clients": (moved, *problem.clients[1:])})
    path = tmp_path / "far.xlsx"
    pl.io.write_excel(path, changed)
    with caplog.at_level(logging.WARNING, logger="placement"):
        read = pl.io.read_excel(path)
    assert read.clients[0].location == moved.location
    warned = [r.getMessage() for r in caplog.records if "clients!C2 " in r.getMessage()]
    assert len(warned) == 1, [r.getMessage() for r in caplog.records]
    assert f"centre of {first.municipality}" in warned[0]
    assert f"{inari.lat}" not in warned[0]

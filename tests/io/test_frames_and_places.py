"""DataFrames as analysts hold them (NaN, Timestamps, numbers as ids), CSV as Finnish Excel saves
it, and municipality names in both languages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from placement import io
from placement.errors import ProblemError
from placement.io import MunicipalityNames, outside_finland


def _frames() -> dict[str, pd.DataFrame]:
    clients = pd.DataFrame(
        {
            "Asiakas": ["a1", "a2", "a3"],
            "KUNTA": ["Lohja", "Lojo", "444"],
            "leveysaste": [60.25, 60.26, 60.27],
            "pituusaste": [24.07, 24.08, 24.09],
            "jonossa_alkaen": [pd.Timestamp("2024-03-01"), "1.4.2024", "2024-05-01"],
            "ikä": [np.nan, 30.0, np.nan],
            "tarve.physical": [3, np.nan, 1],
        }
    )
    units = pd.DataFrame(
        {
            "yksikkö": [7, 8],
            "kunta": ["Lohja", "Vihti"],
            "lat": [60.25, 60.42],
            "lon": [24.07, 24.34],
            "paikat": [2, 1],
            "palveluluokat": ["24h-1=150,5; 24h-2", "communal"],
        }
    )
    preferences = pd.DataFrame({"asiakas": ["a1", "a2"], "toiveet": ["7|8", "8; 7"]})
    return {"clients": clients, "units": units, "preferences": preferences}


def test_frames_as_analysts_hold_them() -> None:
    """NaN is "not given", Timestamps and d.m.yyyy are dates, 7 is the id "7", headers in any
    case, decimal comma, a Swedish name and a municipality code map to the name in use."""
    problem = io.from_frames(**_frames(), settings={"reference_date": "31.1.2025"})
    a1, a2, a3 = problem.clients
    assert a1.age is None
    assert a2.age == 30
    assert a1.needs == {"physical": 3}
    assert a2.needs == {}
    assert a2.queued_since.isoformat() == "2024-04-01"
    assert a1.preferences == (("7", "8"),)
    assert a2.preferences == (("8",), ("7",))
    assert {a2.municipality, a3.municipality} == {"Lohja"}
    assert problem.units[0].offers == {"24h-1": 150.5, "24h-2": None}


def test_field_and_reference_errors_together() -> None:
    """A field error does not hide an unknown unit, a duplicate id or a bad setting."""
    frames = _frames()
    frames["clients"] = frames["clients"].astype({"leveysaste": object})
    frames["clients"].loc[1, "leveysaste"] = "kuusikymmentä"
    frames["clients"].loc[2, "Asiakas"] = "a1"
    frames["preferences"].loc[0, "toiveet"] = "7|9"
    with pytest.raises(ProblemError) as caught:
        io.from_frames(**frames, settings={"reference_date": "2025-01-31", "horizon_days": -1})
    paths = [i.path for i in caught.value.issues]
    assert paths == [
        "clients!C3 (leveysaste)",
        "clients!A4 (Asiakas)",
        "preferences!B2 (toiveet)",
        "settings!B3 (value)",
    ]
    assert "unknown unit '9'" in caught.value.issues[2].message


def test_csv_as_finnish_excel_saves_it(tmp_path: Path) -> None:
    """Semicolon-separated, BOM, decimal comma, Finnish file names and headers."""
    (tmp_path / "asiakkaat.csv").write_text(
        "\ufeffasiakas;kunta;leveysaste;pituusaste;jonossa_alkaen\n"
        "a1;Raseborg;59,97;23,44;1.3.2024\n",
        encoding="utf-8",
    )
    (tmp_path / "yksiköt.csv").write_text(
        "yksikkö;kunta;leveysaste;pituusaste;paikat;palveluluokat\n"
        'y1;Raasepori;59,98;23,45;2;"24h-1=150; 24h-2"\n',
        encoding="utf-8",
    )
    (tmp_path / "asetukset.csv").write_text("avain;arvo\nreference_date;31.1.2025\n", "utf-8")
    problem = io.read_csv(tmp_path)
    assert problem.clients[0].municipality == "Raasepori"
    assert problem.clients[0].location.lat == 59.97
    assert problem.units[0].offers == {"24h-1": 150.0, "24h-2": None}


def test_municipality_names() -> None:
    """Swedish names and codes map to the name in use; near misses are refused with the
    closest name; strict lists refuse any other name."""
    loose = MunicipalityNames(["Raasepori", "Lohja"], strict=False)
    assert loose.resolve("Raseborg") == ("Raasepori", "")
    assert loose.resolve("710") == ("Raasepori", "")
    assert loose.resolve("Helsingfors") == ("Helsinki", "")  # no unit there: its Finnish name
    assert loose.resolve("Lohija") == (None, "did you mean 'Lohja'?")
    assert loose.resolve("Kotka") == ("Kotka", "")  # not in the table and no near miss
    assert loose.resolve("Vaala") == ("Vaala", "")  # near Vaasa of the table, but no unit there
    swedish = MunicipalityNames(["Raseborg"], strict=True)
    assert swedish.resolve("Raasepori") == ("Raseborg", "")
    strict = MunicipalityNames(["Espoo", "Vihti"], strict=True)
    assert strict.resolve("Esbo") == ("Espoo", "")
    assert strict.resolve("Espo") == (None, "did you mean 'Espoo'?")
    assert strict.resolve("Kotka")[0] is None


def test_bounding_box() -> None:
    """Inside is fine; swapped is said so; elsewhere asks to check the coordinates."""
    assert outside_finland(60.2, 24.6) is None
    assert outside_finland(60.2, 19.9) is None  # Åland
    swapped = outside_finland(24.6, 60.2)
    assert swapped is not None
    assert swapped[1] == "latitude and longitude swapped?"
    paris = outside_finland(48.85, 2.35)
    assert paris is not None
    assert "swapped" not in paris[1]


def test_region_check_can_be_turned_off() -> None:
    """check_region=False reads points anywhere (synthetic or foreign data)."""
    frames = _frames()
    frames["units"].loc[1, ["lat", "lon"]] = [48.85, 2.35]
    with pytest.raises(ProblemError):
        io.from_frames(**frames, settings={"reference_date": "2025-01-31"})
    problem = io.from_frames(
        **frames, settings={"reference_date": "2025-01-31"}, check_region=False
    )
    assert problem.units[1].location.lat == 48.85


def test_csv_issues_name_the_file(tmp_path: Path) -> None:
    """A CSV folder's issues name file, row and column; a missing file or folder is one issue."""
    (tmp_path / "clients.csv").write_text(
        "id,municipality,lat,lon,queued_since\nc1,Espoo,60.2,24.6,31.2.2024\n", "utf-8"
    )
    (tmp_path / "units.csv").write_text(
        "id,municipality,lat,lon,capacity,offers\nu1,Espoo,60.2,24.6,-1,24h-1\n", "utf-8"
    )
    with pytest.raises(ProblemError) as caught:
        io.read_csv(tmp_path)
    assert [i.path for i in caught.value.issues] == [
        "clients.csv!E2 (queued_since)",
        "units.csv!E2 (capacity)",
        "settings (reference_date)",
    ]
    with pytest.raises(ProblemError, match="is not a folder"):
        io.read_csv(tmp_path / "nowhere")
    with pytest.raises(ProblemError, match="does not exist"):
        io.read_excel(tmp_path / "nowhere.xlsx")
    with pytest.raises(ProblemError, match=r"cannot be read as an \.xlsx workbook"):
        io.read_excel(tmp_path / "clients.csv")


def test_waits_sheet(tmp_path: Path) -> None:
    """write_excel writes a waits frame as its own sheet, as given."""
    from openpyxl import load_workbook

    import placement as pl

    waits = pd.DataFrame({"client_id": ["c00001"], "median_days": [120.5]})
    io.write_excel(tmp_path / "w.xlsx", pl.datasets.load("luvn"), waits=waits)
    rows = list(load_workbook(tmp_path / "w.xlsx")["waits"].iter_rows(values_only=True))
    assert rows == [("client_id", "median_days"), ("c00001", 120.5)]


def test_date_formatted_as_number() -> None:
    """A date cell that lost its format (45352) is refused with a hint saying so."""
    frames = _frames()
    frames["units"]["opens_on"] = [45352, None]
    with pytest.raises(ProblemError) as caught:
        io.from_frames(**frames, settings={"reference_date": "2025-01-31"})
    (issue,) = caught.value.issues
    assert issue.path == "units!G2 (opens_on)"
    assert "formatted as a number" in issue.message


def test_python_lists_in_cells() -> None:
    """A frame cell may hold a Python list; a nested list is a group of tied units."""
    frames = _frames()
    frames["preferences"]["toiveet"] = [[["7", "8"]], ["8", "7"]]
    frames["clients"]["tags"] = [["a", "b"], [], None]
    problem = io.from_frames(**frames, settings={"reference_date": "2025-01-31"})
    assert problem.clients[0].preferences == (("7", "8"),)
    assert problem.clients[1].preferences == (("8",), ("7",))
    assert problem.clients[0].tags == ("a", "b")
    assert problem.clients[1].tags == ()

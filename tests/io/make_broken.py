"""Write the corpus of broken workbooks in ``tests/data/broken_xlsx/`` (run from the repo root).

Each workbook is one small Western Uusimaa problem (``base_problem``: four units, ten clients)
with realistic mistakes typed in, as a county analyst would make them. ``tests/io/test_broken.py``
holds what each must report. Run ``python -m tests.io.make_broken`` after changing a case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

import placement as pl
from placement import io

CORPUS = Path(__file__).parents[1] / "data" / "broken_xlsx"
TOWNS = {
    "Espoo": (60.2068, 24.6558),
    "Lohja": (60.2511, 24.0698),
    "Raasepori": (59.9745, 23.4359),
    "Vihti": (60.4182, 24.3405),
}


def base_problem() -> pl.Problem:
    """Four units and ten clients in four LUVN municipalities, with residents and wishes."""
    units: list[dict[str, Any]] = []
    for j, town in enumerate(TOWNS):
        lat, lon = TOWNS[town]
        units.append(
            {
                "id": f"u{j + 1}",
                "name": f"{town} home",
                "municipality": town,
                "location": {"lat": lat + 0.01, "lon": lon + 0.01},
                "capacity": 3,
                "offers": {"24h-1": 150.0, "24h-2": None},
                "features": ["wheelchair_accessible"] if j % 2 == 0 else [],
                "incumbents": [{"id": f"r{j + 1}", "age": 40 + j}],
            }
        )
    clients = []
    for i in range(10):
        town = list(TOWNS)[i % 4]
        lat, lon = TOWNS[town]
        clients.append(
            {
                "id": f"c{i + 1:02d}",
                "municipality": town,
                "location": {"lat": lat, "lon": lon},
                "queued_since": (dt.date(2024, 1, 1) + dt.timedelta(days=20 * i)).isoformat(),
                "urgency": 1 + i % 3,
                "age": 25 + i,
                "needs": {"physical": i % 5, "daily_living": (i + 1) % 4},
                "preferences": [[f"u{i % 4 + 1}"], [f"u{(i + 1) % 4 + 1}", f"u{(i + 2) % 4 + 1}"]],
            }
        )
    return pl.Problem.model_validate(
        {
            "reference_date": "2025-01-31",
            "municipalities": [*TOWNS, "Inkoo"],
            "units": units,
            "clients": clients,
        }
    )


Edit = Callable[[Workbook], None]


def _set(sheet: str, cell: str, value: Any) -> Edit:
    def edit(book: Workbook) -> None:
        book[sheet][cell] = value

    return edit


def _merged_header(book: Workbook) -> None:
    ws = book["clients"]
    ws["B1"] = "Municipality and latitude"
    ws.merge_cells("B1:C1")


def _extra_columns(book: Workbook) -> None:
    ws = book["clients"]
    ws["U1"], ws["U2"] = "notes", "call back in May"
    ws["V1"], ws["V3"] = "# our notes", "kept, not read"
    book["units"]["B1"] = "nmae"


def _two_mistakes_in_header_row(book: Workbook) -> None:
    ws = book["units"]
    ws["G1"] = "places"


def _missing_units_sheet(book: Workbook) -> None:
    del book["units"]


def _five_mistakes(book: Workbook) -> None:
    """The issue's five realistic mistakes in one file (Raseborg is accepted)."""
    book["units"]["D4"] = "Raseborg"
    lat, lon = book["units"]["E3"].value, book["units"]["F3"].value
    book["units"]["E3"], book["units"]["F3"] = lon, lat  # the Lohja unit
    book["preferences"]["B5"] = "u3; u9"
    book["clients"]["A7"] = "c02"
    book["clients"]["O8"] = "forty"


CASES: dict[str, list[Edit]] = {
    "merged_header": [_merged_header],
    "date_as_finnish_text": [_set("clients", "E3", "1.3.2024")],
    "date_as_free_text": [_set("clients", "E3", "maaliskuu 2024")],
    "swedish_municipality": [_set("units", "D4", "Raseborg"), _set("clients", "B3", "Lojo")],
    "misspelt_municipality": [_set("clients", "B3", "Lohija")],
    "swapped_coordinates": [_set("units", "E3", 24.0798), _set("units", "F3", 60.2611)],
    "point_outside_finland": [_set("clients", "C4", 48.85), _set("clients", "D4", 2.35)],
    "unknown_unit_in_preferences": [_set("preferences", "B4", "u2; u7|u3")],
    "duplicate_client_id": [_set("clients", "A6", "c02")],
    "blank_required_cell": [_set("clients", "E4", None), _set("units", "G3", None)],
    "formula_errors": [_set("clients", "C5", "#REF!"), _set("units", "G4", "#DIV/0!")],
    "extra_unknown_column": [_extra_columns],
    "negative_capacity": [_set("units", "G2", -5)],
    "needs_score_out_of_range": [_set("clients", "Q2", 7)],
    "unknown_service_class": [_set("units", "H5", "24h-1=150; 24h-9")],
    "resident_in_unknown_unit": [_set("residents", "A3", "u8")],
    "missing_units_sheet": [_missing_units_sheet],
    "no_reference_date": [_set("settings", "B2", None)],
    "text_in_number_cells": [_set("units", "G5", "kolme"), _set("clients", "F2", "2.5")],
    "five_mistakes": [_five_mistakes],
    "header_typo": [_two_mistakes_in_header_row],
}
"""Workbook name to the edits that break it."""


def write_corpus(folder: Path = CORPUS) -> list[Path]:
    """Write every case into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    base = folder / "_base.xlsx"
    io.write_excel(base, base_problem())
    written = []
    for name, edits in CASES.items():
        book = load_workbook(base)
        for edit in edits:
            edit(book)
        path = folder / f"{name}.xlsx"
        book.save(path)
        written.append(path)
    base.unlink()
    return written


if __name__ == "__main__":
    import sys

    sys.stdout.write("".join(f"{path}\n" for path in write_corpus()))

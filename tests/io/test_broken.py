"""The corpus of broken workbooks: each mistake reported at its sheet, row and column, all of one
workbook in one error, and nothing returned. Regenerate with ``python -m tests.io.make_broken``."""

from __future__ import annotations

from pathlib import Path

import pytest

from placement import io
from placement.errors import ProblemError
from placement.io import CellIssue
from tests.io.make_broken import CASES, CORPUS, base_problem, write_corpus

SWAPPED = "latitude and longitude swapped?"
EXPECTED: dict[str, list[tuple[str, str, str]]] = {
    "merged_header": [
        ("clients!1 (lat)", "required column is missing", ""),
        ("clients!1 (municipality)", "required column is missing", ""),
        ("clients!B1 (Municipality and latitude)", "unknown column", ""),
        ("clients!C1", "column has no header (merged header cells?)", "unmerge"),
    ],
    "date_as_free_text": [("clients!E3 (queued_since)", "is not a date", "1.3.2025")],
    "misspelt_municipality": [
        ("clients!B3 (municipality)", "unknown municipality 'Lohija'", "did you mean 'Lohja'?")
    ],
    "swapped_coordinates": [("units!E3 (lat)", "lies outside Finland", SWAPPED)],
    "point_outside_finland": [("clients!C4 (lat)", "lies outside Finland", "check the coord")],
    "unknown_unit_in_preferences": [
        ("preferences!B4 (preferences)", "unknown unit 'u7'", "rank existing units only")
    ],
    "duplicate_client_id": [
        ("clients!A6 (id)", "duplicate client id", "also on clients row 3"),
        ("preferences!A6 (client)", "unknown client 'c05'", ""),
    ],
    "blank_required_cell": [
        ("clients!E4 (queued_since)", "is empty", "fill in"),
        ("units!G3 (capacity)", "is empty", "fill in"),
    ],
    "formula_errors": [
        ("clients!C5 (lat)", "holds the formula error #REF!", "fix the formula"),
        ("units!G4 (capacity)", "holds the formula error #DIV/0!", "fix the formula"),
    ],
    "extra_unknown_column": [
        ("clients!U1 (notes)", "unknown column", "start its header with '#'"),
        ("units!B1 (nmae)", "unknown column", "did you mean 'name'?"),
    ],
    "negative_capacity": [("units!G2 (capacity)", "greater than or equal to 0", "larger")],
    "needs_score_out_of_range": [("clients!Q2 (needs.physical)", "score outside 0-4", "")],
    "unknown_service_class": [("units!H5 (offers)", "unknown service class", "use one of")],
    "resident_in_unknown_unit": [("residents!A3 (unit)", "unknown unit 'u8'", "")],
    "missing_units_sheet": [("units", "the units sheet is missing", "add a sheet")],
    "no_reference_date": [("settings!B2 (value)", "is empty", "2025-01-31")],
    "text_in_number_cells": [
        ("clients!F2 (urgency)", "is not a whole number", ""),
        ("units!G5 (capacity)", "is not a number", "whole number"),
    ],
    "five_mistakes": [
        ("clients!A7 (id)", "duplicate client id", "also on clients row 3"),
        ("clients!O8 (age)", "is not a number", "whole number"),
        ("units!E3 (lat)", "lies outside Finland", SWAPPED),
        ("preferences!B5 (preferences)", "unknown unit 'u9'", ""),
        ("preferences!A7 (client)", "unknown client 'c06'", ""),
    ],
    "header_typo": [
        ("units!1 (capacity)", "required column is missing", "add a column headed 'capacity'"),
        ("units!G1 (places)", "unknown column", ""),
    ],
}
ACCEPTED = ("date_as_finnish_text", "swedish_municipality")


def test_corpus_is_complete() -> None:
    """Every case of the generator is in the corpus and has its expectation here."""
    files = {p.stem for p in CORPUS.glob("*.xlsx")}
    assert files == set(CASES) == set(EXPECTED) | set(ACCEPTED)
    assert len(files) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_workbook_is_refused_with_every_cell(name: str) -> None:
    """All issues of the workbook in one error, each at its exact sheet, row and column."""
    with pytest.raises(ProblemError) as caught:
        io.read_excel(CORPUS / f"{name}.xlsx")
    issues = caught.value.issues
    assert [i.path for i in issues] == [path for path, _, _ in EXPECTED[name]]
    for issue, (_, message, hint) in zip(issues, EXPECTED[name], strict=True):
        assert message in issue.message
        assert hint in issue.hint
        assert isinstance(issue, CellIssue)
        assert issue.sheet == issue.path.split("!")[0].split(" ")[0]


def test_cell_issue_fields() -> None:
    """A cell issue carries sheet, row and column apart from its path."""
    with pytest.raises(ProblemError) as caught:
        io.read_excel(CORPUS / "five_mistakes.xlsx")
    swapped = next(i for i in caught.value.issues if "swapped" in i.hint)
    assert isinstance(swapped, CellIssue)
    assert (swapped.sheet, swapped.row, swapped.column) == ("units", 3, "lat")


def test_finnish_date_text_is_accepted() -> None:
    """1.3.2024 typed as text is the first of March."""
    problem = io.read_excel(CORPUS / "date_as_finnish_text.xlsx")
    assert problem.client_by_id["c02"].queued_since.isoformat() == "2024-03-01"


def test_swedish_names_map_to_the_finnish_ones() -> None:
    """Raseborg and Lojo are read as Raasepori and Lohja, the names the problem uses."""
    problem = io.read_excel(CORPUS / "swedish_municipality.xlsx")
    base = base_problem()
    assert problem.unit_by_id["u3"].municipality == "Raasepori"
    assert problem.clients[1].municipality == "Lohja"
    assert problem == base


def test_needs_scores_never_in_messages() -> None:
    """The out-of-range score (7) is not quoted."""
    with pytest.raises(ProblemError) as caught:
        io.read_excel(CORPUS / "needs_score_out_of_range.xlsx")
    assert "7" not in str(caught.value).replace("0-4", "")


def test_corpus_regenerates(tmp_path: Path) -> None:
    """The generator writes the same cases, refused the same way."""
    written = {p.stem: p for p in write_corpus(tmp_path)}
    with pytest.raises(ProblemError) as caught:
        io.read_excel(written["five_mistakes"])
    assert len(caught.value.issues) == len(EXPECTED["five_mistakes"])

"""A result workbook holds numbers Excel can sort and sum, dates as dates, empty cells for
missing values; the problem's own sheets still read back exactly (issue 22, item 6 in part)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import placement as pl


def test_figures_are_numbers_and_missing_ones_empty(tmp_path: Path) -> None:
    problem = pl.datasets.load("luvn")
    result = pl.solve(problem)
    waits = pd.DataFrame(
        {
            "client_id": ["c00001", "c00002"],
            "median_days": [16.387895058002627, float("nan")],
            "since": [dt.date(2026, 1, 5), dt.date(2026, 2, 1)],
        }
    )
    path = tmp_path / "result.xlsx"
    pl.io.write_excel(path, problem, result, waits=waits)
    book = load_workbook(path)
    rows = list(book["waits"].iter_rows(min_row=2, max_col=3, values_only=True))
    assert rows[0][1] == 16.3878950580026  # a number of 15 significant digits, not text
    assert isinstance(rows[0][1], float)
    assert rows[1][1] is None  # NaN: an empty cell
    assert isinstance(rows[0][2], dt.datetime)
    metrics = list(book["metrics"].iter_rows(min_row=2, max_col=4, values_only=True))
    assert all(not isinstance(r[3], str) for r in metrics)  # never '0.25' or 'nan' as text
    assert pl.io.read_excel(path) == problem  # the problem's sheets stay exact


def test_a_finnish_result_workbook_the_team_can_share(tmp_path: Path) -> None:
    """`placement solve --language fi -o result.xlsx`: Finnish sheet names and headers, unit
    names and municipalities beside the ids, the whole explanation of each waiting client and
    what would help, the header row frozen and columns wide enough; no needs."""
    from typer.testing import CliRunner

    from placement.cli import app

    problem = pl.datasets.load("luvn")
    source = tmp_path / "luvn.json"
    source.write_text(problem.model_dump_json(), encoding="utf-8")
    out = tmp_path / "tulos.xlsx"
    run = CliRunner().invoke(app, ["solve", str(source), "--language", "fi", "-o", str(out)])
    assert run.exit_code == 0, run.output
    book = load_workbook(out)
    assert book.sheetnames == ["sijoitukset", "jonossa", "tunnusluvut"]
    placed = book["sijoitukset"]
    assert [c.value for c in placed[1]] == [
        "asiakas",
        "yksikkö",
        "yksikön nimi",
        "kunta",
        "palveluluokka",
        "muuttopäivä",
    ]
    first = [c.value for c in placed[2]]
    unit = problem.unit_by_id[first[1]]
    assert first[2] == unit.name
    assert first[3] == unit.municipality
    assert isinstance(first[5], dt.datetime)
    assert placed.freeze_panes == "A2"
    assert placed.column_dimensions["C"].width >= len(str(unit.name))
    waiting = [[c.value for c in row] for row in book["jonossa"].iter_rows(min_row=2)]
    assert waiting
    assert all(row[1].startswith("Tällä sijoituskierroksella") for row in waiting)
    assert "(s)" not in " ".join(str(v) for row in waiting for v in row)


def test_explanation_text_is_refused_with_one_clear_error(tmp_path: Path) -> None:
    """Passing explanation strings instead of explanations: one ProblemError, no traceback."""
    problem = pl.datasets.load("luvn")
    result = pl.solve(problem)
    with pytest.raises(pl.ProblemError, match="not an Explanation"):
        pl.io.write_excel(tmp_path / "x.xlsx", problem, result, explanations=["text"])  # type: ignore[list-item]


def test_a_bad_language_is_one_clear_error(tmp_path: Path) -> None:
    """Issue 28, item 8: io.write_csv and write_excel with language 'de' raise the library's
    error with a hint, not ValueError('tuple.index(x): x not in tuple')."""
    problem = pl.datasets.load("luvn")
    with pytest.raises(pl.ProblemError, match="unknown language 'de'"):
        pl.io.write_csv(tmp_path / "out", problem, language="de")
    assert not (tmp_path / "out").exists()  # refused before anything is written
    with pytest.raises(pl.ProblemError, match="use en, fi or sv"):
        pl.io.write_excel(tmp_path / "x.xlsx", problem, language="de")


def test_simulation_inputs_are_refused_with_the_librarys_error() -> None:
    """Issue 28, item 8: a scenario change, a distribution or a stage built with a missing or
    bad field is one ProblemError naming the field (it was pydantic's ValidationError)."""
    from placement.simulate import AddPlaces, Exponential, Stage

    with pytest.raises(pl.ProblemError, match="from_date"):
        AddPlaces(unit="u3", service_class="24h-3", count=1)  # type: ignore[call-arg]
    with pytest.raises(pl.ProblemError, match="mean"):
        Exponential(mean=-1)
    with pytest.raises(pl.ProblemError, match="name"):
        Stage()  # type: ignore[call-arg]

"""``placement explain``: one client in each language, JSON, every client to CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

import placement as pl
from placement.cli import app
from placement.explanations import Explanation

runner = CliRunner()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, pl.Problem, pl.Result]:
    folder = tmp_path_factory.mktemp("explain")
    problem = pl.datasets.synthetic(n_clients=30, n_units=6, seed=2)
    result = pl.solve(problem)
    (folder / "problem.json").write_text(problem.model_dump_json(), encoding="utf-8")
    (folder / "result.json").write_text(result.model_dump_json(), encoding="utf-8")
    return folder / "problem.json", folder / "result.json", problem, result


@pytest.mark.parametrize(
    ("language", "opening"),
    [("fi", "Tällä sijoituskierroksella"), ("sv", "I denna placeringsomgång"), ("en", "No place")],
)
def test_one_waiting_client_in_each_language(
    files: tuple[Path, Path, pl.Problem, pl.Result], language: str, opening: str
) -> None:
    problem_file, result_file, problem, result = files
    client = result.unplaced[0]
    out = runner.invoke(
        app, ["explain", str(problem_file), str(result_file), client, "--language", language]
    )
    assert out.exit_code == 0, out.output
    assert out.output.startswith(opening)
    assert out.output.strip() == str(pl.explain(problem, result, client, language))  # type: ignore[arg-type]


def test_json_is_the_explanation(files: tuple[Path, Path, pl.Problem, pl.Result]) -> None:
    problem_file, result_file, problem, result = files
    client = result.assignments[0].client_id
    out = runner.invoke(app, ["explain", str(problem_file), str(result_file), client, "--json"])
    assert out.exit_code == 0, out.output
    assert Explanation.model_validate_json(out.output) == pl.explain(problem, result, client)


def test_all_writes_one_row_per_client(
    files: tuple[Path, Path, pl.Problem, pl.Result], tmp_path: Path
) -> None:
    problem_file, result_file, problem, result = files
    target = tmp_path / "explanations.csv"
    out = runner.invoke(
        app,
        [
            "explain",
            str(problem_file),
            str(result_file),
            "--all",
            "-o",
            str(target),
            "--language",
            "sv",
            "--workers",
            "2",
        ],
    )
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["client_id"] for r in rows] == [c.id for c in problem.clients]
    placed = {a.client_id: a.unit_id for a in result.assignments}
    assert {r["client_id"]: r["unit_id"] for r in rows if r["unit_id"]} == placed
    assert all(r["explanation"] for r in rows)


def test_bad_arguments_are_one_error(files: tuple[Path, Path, pl.Problem, pl.Result]) -> None:
    problem_file, result_file, _, _ = files
    out = runner.invoke(app, ["explain", str(problem_file), str(result_file), "--language", "de"])
    assert out.exit_code == 2
    assert "--language" in out.output
    assert "CLIENT_ID" in out.output
    other = pl.datasets.synthetic(n_clients=5, n_units=2, seed=9)
    other_file = problem_file.with_name("other.json")
    other_file.write_text(other.model_dump_json(), encoding="utf-8")
    out = runner.invoke(app, ["explain", str(other_file), str(result_file), "c00001"])
    assert out.exit_code == 2
    assert "another problem" in out.output


def test_diagnose_names_the_conflict_in_each_language(tmp_path: Path) -> None:
    """Two clients pinned to a unit with one place, each pin feasible alone: the command names
    both pins in every language and exits 1; a problem without conflict exits 0."""
    problem = pl.datasets.synthetic(n_clients=30, n_units=6, seed=2)
    result = pl.solve(problem)
    single = {
        u.id for u, days in zip(problem.units, problem.place_days, strict=True) if len(days) == 1
    }
    first = next(a for a in result.assignments if a.unit_id in single)
    unit = first.unit_id

    def pinned(pins: dict[str, str]) -> pl.Problem:
        return problem.model_copy(update={"overrides": {"pins": pins}})

    clash = next(
        a.client_id
        for a in result.assignments
        if a.client_id != first.client_id
        and pl.solve(pinned({a.client_id: unit})).status == pl.Status.OPTIMAL
    )
    target = tmp_path / "conflict.json"
    target.write_text(
        pinned({first.client_id: unit, clash: unit}).model_dump_json(), encoding="utf-8"
    )
    for language, word in (("fi", "päätetty"), ("sv", "beslutat"), ("en", "pinned")):
        out = runner.invoke(app, ["diagnose", str(target), "--language", language])
        assert out.exit_code == 1, out.output
        assert first.client_id in out.output
        assert clash in out.output
        assert word in out.output
    fine = tmp_path / "fine.json"
    fine.write_text(problem.model_dump_json(), encoding="utf-8")
    assert runner.invoke(app, ["diagnose", str(fine)]).exit_code == 0

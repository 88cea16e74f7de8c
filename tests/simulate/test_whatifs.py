"""What-ifs from the county's own files: flags and the workbook's scenario sheet, one reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import placement as pl
from placement.cli import app
from placement.errors import ProblemError
from placement.simulate import AddPlaces, ChangeArrivalRate, CloseUnit
from placement.simulate.whatifs import what_if


@pytest.fixture(scope="module")
def county() -> pl.Problem:
    return pl.datasets.synthetic(n_clients=30, n_units=8, seed=5)


def test_values_become_changes(county: pl.Problem) -> None:
    """Each key in English, Finnish or Swedish gives its change; a one-class unit needs no
    class; policy and years set both runs."""
    unit = county.units[0]
    klass = sorted(unit.offers)[0]
    town = county.units[1].municipality
    w = what_if(
        county,
        [
            ("add_places", f"{unit.id}:{klass}:3", "a"),
            ("lisää_paikkoja", f"{town}:{klass}:2", "b"),
            ("stäng_enhet", county.units[2].id, "c"),
            ("hakemuskerroin", "1,5", "d"),
            ("policy", "fifo", "e"),
            ("vuotta", 3, "f"),
        ],
    )
    start = county.reference_date
    assert w.changes == (
        AddPlaces(unit=unit.id, service_class=klass, count=3, from_date=start),
        AddPlaces(municipality=town, service_class=klass, count=2, from_date=start),
        CloseUnit(unit=county.units[2].id, on=start),
        ChangeArrivalRate(factor=1.5),
    )
    assert (w.policy, w.years) == ("fifo", 3.0)


def test_every_bad_value_is_named_at_once(county: pl.Problem) -> None:
    """One error lists each bad entry with where it was written."""
    with pytest.raises(ProblemError) as caught:
        what_if(
            county,
            [
                ("add_places", "nowhere:24h-1:3", "scenario!B2"),
                ("add_places", f"{county.units[0].id}:x", "scenario!B3"),
                ("close_unit", "u9999", "--close-unit"),
                ("policy", "fastest", "--policy"),
                ("years", "-1", "--years"),
                ("colour", "red", "scenario!B7"),
            ],
        )
    where = [i.path for i in caught.value.issues]
    assert where == [
        "scenario!B2",
        "scenario!B3",
        "--close-unit",
        "--policy",
        "--years",
        "scenario!B7",
    ]


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(app, ["simulate", *args, "--replications", "3", "--years", "1"])
    assert result.exit_code == 0, result.output
    return result.output


def test_flags_and_scenario_sheet_give_identical_results(
    tmp_path: Path, county: pl.Problem
) -> None:
    """Acceptance 6: a filled workbook runs through `placement simulate` with two what-ifs,
    once as flags and once in its Finnish scenario sheet: the same summary and comparison."""
    unit = county.units[0]
    add = f"{unit.id}:{sorted(unit.offers)[0]}:4"
    closed = county.units[3].id
    plain = tmp_path / "county.xlsx"
    pl.io.write_excel(plain, county, language="fi")
    _run([str(plain), "--add-places", add, "--close-unit", closed, "-o", str(tmp_path / "f")])
    book = load_workbook(plain)
    sheet = book.create_sheet("skenaario")
    for row in (["avain", "arvo"], ["lisää_paikkoja", add], ["sulje_yksikkö", closed]):
        sheet.append(row)
    with_sheet = tmp_path / "with_sheet.xlsx"
    book.save(with_sheet)
    _run([str(with_sheet), "-o", str(tmp_path / "s")])
    for name in ("summary.csv", "comparison.csv", "what_if_waits.csv"):
        flags = (tmp_path / "f" / name).read_bytes()
        assert flags == (tmp_path / "s" / name).read_bytes(), name
    assert b"mean_queue" in (tmp_path / "f" / "comparison.csv").read_bytes()


def test_the_template_has_a_scenario_sheet(tmp_path: Path) -> None:
    """The Finnish template carries the scenario sheet, with its headers and help rows."""
    path = tmp_path / "t.xlsx"
    pl.io.write_template(path, language="fi")
    book = load_workbook(path)
    assert [c.value for c in book["skenaario"][1]] == ["avain", "arvo"]
    readme = [r[0] for r in book["README"].iter_rows(values_only=True)]
    assert "skenaario" in readme


@pytest.mark.parametrize(
    ("name", "content"),
    [("county.xlsx", b"not a zip at all"), ("county.json", b"\xff\xfe\x00binary"), ("c.txt", b"")],
)
def test_a_bad_file_is_one_line(tmp_path: Path, name: str, content: bytes) -> None:
    """A bad or foreign file is one error line and exit 2, never a traceback."""
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(app, ["simulate", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error:")
    assert "Traceback" not in result.output


def test_history_from_the_pathway_export(tmp_path: Path) -> None:
    """`placement pathway export` then `placement simulate --history`: the fit needs stays (the
    tracker records no move-outs) and says so in one line; with --length-of-stay it runs."""
    runner = CliRunner()
    events = tmp_path / "events.csv"
    exported = runner.invoke(app, ["pathway", "export", "--demo", "-o", str(events)])
    assert exported.exit_code == 0, exported.output
    county = tmp_path / "luvn.xlsx"
    pl.io.write_excel(county, pl.datasets.load("luvn"))
    args = ["simulate", str(county), "--history", str(events), "--years", "0.5"]
    args += ["--replications", "2"]
    refused = runner.invoke(app, [*args, "-o", str(tmp_path / "a")])
    assert refused.exit_code == 2
    assert refused.output.startswith("error:")
    assert "move-outs" in refused.output
    ran = runner.invoke(app, [*args, "--length-of-stay", "3650", "-o", str(tmp_path / "b")])
    assert ran.exit_code == 0, ran.output
    assert (tmp_path / "b" / "summary.csv").exists()


def test_a_history_csv_is_bounded_and_read_as_written(tmp_path: Path) -> None:
    """The event log CSV is read as every CSV of the library: a file of a million columns is
    refused in one line (not parsed), and a ragged row names its number."""
    county = tmp_path / "c.xlsx"
    pl.io.write_excel(county, pl.datasets.synthetic(n_clients=5, n_units=3, seed=1))
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(["x"] * 1_000_000) + "\n", encoding="utf-8")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("case:concept:name,concept:name\nc1,application,extra\n", encoding="utf-8")
    for events, said in ((wide, "columns"), (ragged, "row 2 has 3 fields")):
        out = CliRunner().invoke(
            app, ["simulate", str(county), "--history", str(events), "-o", str(tmp_path / "o")]
        )
        assert out.exit_code == 2, out.output
        assert out.output.startswith("error:")
        assert said in out.output

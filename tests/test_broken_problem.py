"""The broken-input corpus of issue 11: each file or invocation is refused precisely.

``tests/data/broken/problem/`` holds malformed problem files (bad numbers, coerced types, bad
JSON text); each goes through the API and ``placement solve``. ``tests/data/broken/cli/cases.json``
is a table of command-line invocations. Every case must be one ProblemError (API) or exit code 2
with one ``error:`` line and no traceback (CLI), naming the field, id or file and position.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import placement as pl
from placement.cli import app

DATA = Path(__file__).parent / "data"
BROKEN = DATA / "broken"
runner = CliRunner()

FILE = "{file}"
"""Stands for the problem file's own path: file-level faults are reported at the file."""

EXPECTED: dict[str, tuple[str, str]] = {
    "boolean_capacity": ("units[u1].capacity", "is a boolean, not a number"),
    "boolean_needs_score": ("clients[c1].needs.physical", "is a boolean, not a number"),
    "capacity_as_word": ("units[u1].capacity", "valid integer"),
    "capacity_1e308": ("units[u1].capacity", "is far too large a number"),
    "clients_null": ("clients", "valid tuple"),
    "deep_nesting": (FILE, "nests deeper than 64 levels at line 71, column 73"),
    "duplicate_key_in_client": (
        FILE,
        "duplicate key 'queued_since' in the object at $.clients[c1]",
    ),
    "duplicate_top_level_key": (FILE, "duplicate key 'units' in the object at $"),
    "empty_file": (FILE, "not valid JSON at line 1, column 1"),
    "empty_preference_group": ("clients[c1].preferences", "preference group 1 is empty"),
    "huge_capacity": ("units[u1].capacity", "less than or equal to 10000"),
    "huge_composition_limit": ("units[u1].composition[#0].at_most", "less than or equal to 10000"),
    "huge_horizon": ("horizon_days", "less than or equal to 36525"),
    "huge_integer": (FILE, "number too long"),
    "infinite_price": ("units[u1].offers.24h-1", "is infinite"),
    "infinite_weight_literal": ("weights.waited_per_day", "is infinite"),
    "latin1_text": (FILE, "not valid UTF-8 at byte 104 (line 7)"),
    "nan_distance_limit": ("clients[c1].max_distance_km", "is not a number"),
    "nan_latitude": ("clients[c1].location.lat", "is not a number"),
    "nan_weight": ("weights.rank_step", "is not a number"),
    "negative_price": ("units[u1].offers.24h-1", "greater than or equal to 0"),
    "negative_weight": ("weights.per_km", "greater than or equal to 0"),
    "number_as_date": ("clients[c1].queued_since", "is a number, not a date"),
    "price_above_maximum": ("units[u1].offers.24h-1", "less than or equal to 100000"),
    "reference_date_year_9999": ("reference_date", "is outside 1900-01-01 - 2199-12-31"),
    "top_level_list": ("$", "got a list"),
    "truncated": (FILE, "not valid JSON at line 34, column 4"),
    "utf16": (FILE, "not valid UTF-8 at byte 0 (line 1)"),
    "zero_class_price": ("service_classes[communal].daily_price", "greater than 0"),
}
CASES = json.loads((BROKEN / "cli" / "cases.json").read_text(encoding="utf-8"))


def test_corpus_and_table_agree() -> None:
    """Every corpus file has an expectation and every expectation a file (none skipped)."""
    files = {p.stem for p in (BROKEN / "problem").glob("*.json")}
    assert files == set(EXPECTED)
    assert len(files) + len(CASES) >= 25


def _assert_clean_cli_error(output: str, exit_code: int) -> str:
    """Exit code 2, exactly one ``error:`` line, no traceback; return the output."""
    assert exit_code == 2, output
    assert "Traceback" not in output
    assert sum(1 for line in output.splitlines() if line.startswith("error:")) == 1, output
    assert "input_value" not in output
    return output


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_problem_is_refused_through_the_api(name: str) -> None:
    """One ProblemError whose issue names the field (or the file and position)."""
    path = BROKEN / "problem" / f"{name}.json"
    where, fragment = EXPECTED[name]
    where = str(path) if where == FILE else where
    with pytest.raises(pl.ProblemError) as caught:
        pl.Problem.from_json_file(path)
    issues = caught.value.issues
    assert any(i.path == where and fragment in i.message for i in issues), issues
    assert "input_value" not in str(caught.value)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_problem_is_refused_by_the_cli(name: str, tmp_path: Path) -> None:
    """``placement solve`` exits 2 with one error line naming the same place; writes nothing."""
    path = BROKEN / "problem" / f"{name}.json"
    where, fragment = EXPECTED[name]
    where = str(path) if where == FILE else where
    target = tmp_path / "result.json"
    out = runner.invoke(app, ["solve", str(path), "-o", str(target)])
    output = _assert_clean_cli_error(out.output, out.exit_code)
    assert f"{where}: " in output
    assert fragment in output
    assert not target.exists()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_broken_invocation_is_one_error_line(case: dict[str, object], tmp_path: Path) -> None:
    """Each invocation of the table exits 2 with one error line naming the option or field."""
    places = {"{tmp}": str(tmp_path), "{data}": str(DATA), "{broken}": str(BROKEN)}
    args = []
    for arg in case["args"]:  # type: ignore[attr-defined]
        for key, value in places.items():
            arg = arg.replace(key, value)
        args.append(arg)
    before = set(tmp_path.rglob("*"))
    out = runner.invoke(app, args)
    output = _assert_clean_cli_error(out.output, out.exit_code)
    for fragment in case["expect"]:  # type: ignore[attr-defined]
        assert fragment in output, (fragment, output)
    assert set(tmp_path.rglob("*")) == before  # nothing written


def test_cli_runs_as_a_process_without_traceback(tmp_path: Path) -> None:
    """The installed entry point, run for real: stderr holds the one error line only."""
    import subprocess
    import sys

    args = [sys.executable, "-m", "placement.cli", "compare", str(DATA / "tiny.json")]
    done = subprocess.run(
        [*args, "--seeds", "-3"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].startswith("error: invalid compare options")
    assert "Traceback" not in done.stderr
    assert done.stdout == ""

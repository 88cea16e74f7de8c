"""The adapters' broken-input corpus (``tests/data/broken/{week,graph,tracker}``).

Every malformed week and stage graph is refused through the API with one ProblemError and
through the command line with exit code 2, one ``error:`` line and no traceback; every broken
tracker call is refused on SQLite and on PostgreSQL alike, before anything is written. Each
message names the field or id (``_expected.json`` and the tables hold what it must say) and
never echoes an input value pydantic saw.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from placement.cli import app
from placement.errors import ProblemError
from placement.kipina import Week
from placement.pathway import StageGraph, Tracker
from tests.pathway import postgres

CORPUS = Path(__file__).parent / "data" / "broken"
WEEKS = json.loads((CORPUS / "week" / "_expected.json").read_text())
GRAPHS = json.loads((CORPUS / "graph" / "_expected.json").read_text())
CALLS = json.loads((CORPUS / "tracker" / "calls.json").read_text())
CLI = json.loads((CORPUS / "tracker" / "cli.json").read_text())
runner = CliRunner()


def test_the_corpus_is_complete() -> None:
    """Every file in the corpus folders has an expectation, and the corpus is at least 15."""
    for folder, table in (("week", WEEKS), ("graph", GRAPHS)):
        files = {p.name for p in (CORPUS / folder).glob("*.json") if not p.name.startswith("_")}
        assert files == set(table)
    assert len(WEEKS) + len(GRAPHS) + len(CALLS) + len(CLI) >= 15


def refusal(call: Any) -> str:
    """The message of the ProblemError ``call()`` raises; it must carry no input value."""
    with pytest.raises(ProblemError) as caught:
        call()
    message = str(caught.value)
    assert "input_value" not in message
    return message


@pytest.mark.parametrize("name", sorted(WEEKS))
def test_broken_week_through_the_api(name: str) -> None:
    """``Week.from_file`` refuses the week with the expected path and reason."""
    assert WEEKS[name] in refusal(lambda: Week.from_file(CORPUS / "week" / name))


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_broken_graph_through_the_api(name: str) -> None:
    """``StageGraph.from_file`` refuses the graph with the expected path and reason."""
    assert GRAPHS[name] in refusal(lambda: StageGraph.from_file(CORPUS / "graph" / name))


def one_error_line(args: list[str], expect: str) -> str:
    """Run the CLI; assert exit 2, exactly one ``error:`` line naming ``expect``, no traceback."""
    out = runner.invoke(app, args)
    assert out.exit_code == 2, (args, out.output)
    assert isinstance(out.exception, SystemExit), out.exception
    stderr = out.stderr
    assert "Traceback" not in out.output
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    assert stderr.startswith("error:")
    assert expect in stderr, stderr
    return stderr


@pytest.mark.parametrize("name", sorted(WEEKS))
def test_broken_week_through_the_cli(name: str, tmp_path: Path) -> None:
    """``placement schedule WEEK.json`` refuses it in one error line, writing nothing."""
    target = tmp_path / "s.json"
    one_error_line(["schedule", str(CORPUS / "week" / name), "-o", str(target)], WEEKS[name])
    assert not target.exists()


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_broken_graph_through_the_cli(name: str, tmp_path: Path) -> None:
    """``placement pathway export --graph`` refuses it in one error line, writing nothing."""
    target = tmp_path / "log.csv"
    args = ["pathway", "export", "--demo", "-o", str(target), "--graph"]
    one_error_line([*args, str(CORPUS / "graph" / name)], GRAPHS[name])
    assert not target.exists()


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A private PostgreSQL server for this module."""
    with postgres.server() as url:
        yield url


def started(location: str) -> Tracker:
    """A store with case c1 in needs assessment since 2025-01-10."""
    tracker = Tracker(location)
    tracker.open_case("c1", "2025-01-02", municipality="Espoo", social_worker="sw1")
    tracker.record(
        "c1", "needs_assessment", "2025-01-10", role="regional_social_worker", resource="sw1"
    )
    return tracker


def run_calls(tracker: Tracker) -> None:
    """Each broken call is refused with its expected message and leaves the store unchanged."""
    before = (tracker.frame().to_dict("records"), tracker.cases())
    for case in CALLS:
        method = getattr(tracker, case["call"])
        args = dict(case["args"])
        message = refusal(lambda m=method, a=args: m(**a))
        assert case["expect"] in message, (case["name"], message)
        assert "\x00" not in message, case["name"]
    assert (tracker.frame().to_dict("records"), tracker.cases()) == before


def test_broken_tracker_calls_on_sqlite(tmp_path: Path) -> None:
    """Every call of the table is refused on a SQLite file."""
    run_calls(started(str(tmp_path / "store.sqlite")))


def test_broken_tracker_calls_on_postgresql(pg_url: str) -> None:
    """The same calls are refused the same way on PostgreSQL (ids over 64 characters or with
    NUL used to escape there as SQLAlchemy's DataError)."""
    run_calls(started(pg_url))


def test_longest_valid_ids_are_accepted_by_both_stores(tmp_path: Path, pg_url: str) -> None:
    """Ids of exactly 64 printable characters (non-ASCII included) are stored by both."""
    case_id = "ä" * 64
    for location in (str(tmp_path / "s.sqlite"), pg_url):
        tracker = Tracker(location)
        tracker.open_case(case_id, "2025-01-02", municipality="Espoo", social_worker="w" * 64)
        assert tracker.events(case_id)[0].resource == "w" * 64


def dead_port() -> int:
    """A local port with nothing listening."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("case", CLI, ids=[c["name"] for c in CLI])
def test_cli_failures_are_one_line(case: dict[str, Any], tmp_path: Path) -> None:
    """Each CLI invocation of the table fails with exit 2 and one error line naming the
    problem, and writes no output file."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a regular file where a directory is needed")
    notdb = tmp_path / "notdb.sqlite"
    notdb.write_text("this is not a database\n" * 100)
    places = {
        "{tmp}": str(tmp_path),
        "{blocker}": str(blocker),
        "{notdb}": str(notdb),
        "{corpus}": str(CORPUS),
        "{deadport}": str(dead_port()),
    }
    args = []
    for arg in case["args"]:
        for key, value in places.items():
            arg = arg.replace(key, value)
        args.append(arg)
    before = sorted(p.name for p in tmp_path.iterdir())
    one_error_line(args, case["expect"])
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_sub_models_built_directly_raise_the_librarys_error() -> None:
    """Kipinä and stage-graph parts built by hand: one ProblemError, no input values echoed."""
    import placement as pl
    from placement.kipina.model import Window
    from placement.pathway.graph import Stage

    for build in (lambda: Window(day=1, start="25:00", end="x"), lambda: Stage(id=5)):
        with pytest.raises(pl.ProblemError) as refused:
            build()
        assert "input_value" not in str(refused.value)
        assert "25:00" not in str(refused.value)

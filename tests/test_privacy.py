"""Personal data never leaves through logs, exception messages or written files (issue 11, acc. 4).

solve, check, explain, compare, metrics, the core command line, the tracker's report and exports and
a Kipinä schedule with its calendars run with logging at DEBUG on the LUVN instance, the Mikkeli
week and broken inputs. Every log record, exception message, printed line and
written file is scanned for a needs domain next to a score, a health-derived feature on the same
line as a client id, and pydantic's ``input_value``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import placement as pl
from placement.cli import app
from placement.kipina.datasets import load_week
from placement.model import NEEDS_DOMAINS

DATA = Path(__file__).parent / "data"
BROKEN_FILES = sorted((DATA / "broken").glob("**/*.json"))
HEALTH_FEATURES = (
    "wheelchair_accessible",
    "night_staff_awake",
    "autism_specialised",
    "challenging_behaviour_support",
    "nursing",
)
_DOMAIN = "|".join(NEEDS_DOMAINS)
SCORE_NEXT_TO_DOMAIN = re.compile(
    rf"\b({_DOMAIN})\b[\s\"':=,()\[\]]{{0,4}}-?\d|\d[\s\"':=,()\[\]]{{0,4}}\b({_DOMAIN})\b"
)
FEATURE = re.compile(rf"\b({'|'.join(HEALTH_FEATURES)})\b")
runner = CliRunner()


def leaks(text: str, client_ids: set[str]) -> list[str]:
    """Lines of ``text`` that leak personal data (empty when clean)."""
    found = []
    if "input_value" in text:
        found.append("input_value")
    for line in text.splitlines():
        if SCORE_NEXT_TO_DOMAIN.search(line):
            found.append(f"needs score: {line}")
        ids = set(re.findall(r"\b[A-Za-z][\w-]*\d\b", line)) & client_ids
        if ids and FEATURE.search(line):
            found.append(f"feature beside client: {line}")
    return found


def test_the_scanner_catches_what_it_must() -> None:
    """The scan is not vacuous: each kind of leak is found, harmless lines pass."""
    ids = {"c00001"}
    assert leaks("needs.night_care = 2.5", ids)
    assert leaks("{'night_care': 3}", ids)
    assert leaks("unit u0017 lacks night_staff_awake required by client c00001", ids)
    assert leaks("1 validation error ... input_value=2.5", ids)
    assert not leaks("clients[c00001].needs.night_care: score outside 0-4", ids)
    assert not leaks("unit u0017 lacks a feature client c00001 requires", ids)
    assert not leaks("unit u0017 offers night_staff_awake", ids)


class Collected:
    """Everything the library said: messages by where they came from."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self.texts: list[tuple[str, str]] = []
        self.caplog = caplog

    def with_logs(self) -> list[tuple[str, str]]:
        """Everything collected so far, and every log record captured so far."""
        logs = [(f"log {r.name}", r.getMessage() + (r.exc_text or "")) for r in self.caplog.records]
        return self.texts + logs

    def add(self, source: str, text: str) -> None:
        self.texts.append((source, text))

    def call(self, source: str, run: Callable[[], object], *, printed: bool = True) -> object:
        """Run ``run``; keep its exception's message, or its value as printed if ``printed``."""
        try:
            value = run()
        except Exception as exc:  # every exception's message is scanned, whatever its type
            self.add(f"{source} raised {type(exc).__name__}", str(exc))
            return None
        if printed:
            self.add(source, str(value))
        return value


@pytest.fixture
def collected(caplog: pytest.LogCaptureFixture) -> Iterator[Collected]:
    """Collect output while logging is at DEBUG everywhere (log records are read by the scan)."""
    caplog.set_level(logging.DEBUG)
    logger = logging.getLogger("placement")
    before = logger.level
    logger.setLevel(logging.DEBUG)
    yield Collected(caplog)
    logger.setLevel(before)


def _scan(box: Collected, problem: pl.Problem | None) -> None:
    ids = {c.id for c in problem.clients} if problem is not None else set()
    ids |= {f"c{i}" for i in range(1, 10)}  # the tiny and broken problems' clients
    _assert_clean(box, ids)


def _assert_clean(box: Collected, ids: set[str]) -> None:
    texts = box.with_logs()
    bad = [(source, leak) for source, text in texts for leak in leaks(text, ids)]
    assert bad == []
    assert texts  # something was scanned


def test_luvn_through_the_api_leaks_nothing(collected: Collected) -> None:
    """solve (every policy), check (also of a broken result), explain, metrics and compare."""
    problem = pl.datasets.load("luvn")
    result = pl.solve(problem, policy="optimal")
    for policy in ("fifo", "priority", "deferred_acceptance", "random_serial_dictatorship"):
        other = pl.solve(problem, policy=policy)
        collected.add(f"solve {policy}", other.summary() + other.model_dump_json())
    collected.add("summary", result.summary())
    collected.call("check", lambda: pl.check(problem, result))
    # A result breaking the feature rule: the check must name ids and the rule only.
    needy = next(c for c in problem.clients if problem.requirements(c).features)
    lacking = next(
        u for u in problem.units if not problem.requirements(needy).features <= set(u.features)
    )
    tampered = result.model_copy(
        update={
            "assignments": (
                pl.Assignment(client_id=needy.id, unit_id=lacking.id, service_class="24h-4"),
                *(a for a in result.assignments if a.client_id != needy.id),
            ),
            "unplaced": tuple(c for c in result.unplaced if c != needy.id),
        }
    )
    violations = pl.check(problem, tampered)
    assert any(v.client_id == needy.id for v in violations)
    collected.add("check tampered", "\n".join(str(v) for v in violations))
    for client in problem.clients:
        collected.add(f"explain {client.id}", str(pl.explain(problem, result, client.id)))
    collected.add("metrics", str(pl.metrics(problem, result)))
    collected.add("compare", pl.compare(problem, seeds=[0, 1]).to_string())
    _scan(collected, problem)


@pytest.mark.parametrize("path", BROKEN_FILES, ids=[p.stem for p in BROKEN_FILES])
def test_broken_input_leaks_nothing(collected: Collected, path: Path) -> None:
    """Each malformed file of the corpus: the API's error and the CLI's output are clean."""
    collected.call("api", lambda: pl.Problem.from_json_file(path))
    out = runner.invoke(app, ["check", str(DATA / "tiny.json"), str(path)])
    collected.add("cli check", out.output)
    _scan(collected, None)


def test_bad_values_built_directly_leak_nothing(collected: Collected) -> None:
    """Scores and features given in code, wrong: errors name fields, never the values."""
    location = pl.Point(lat=60.2, lon=24.7)
    scores: tuple[object, ...] = (2.5, -1, 9, True, "high", float("nan"))
    for score in scores:

        def build(s: object = score) -> pl.Client:
            needs = {"night_care": s, "health": s}
            return pl.Client(
                id="c1",
                municipality="Espoo",
                location=location,
                queued_since="2025-01-01",
                needs=needs,
            )

        client = collected.call(f"client score {score!r}", build, printed=False)
        assert client is None  # every one of these scores is refused
    problem = pl.Problem.from_json_file(DATA / "tiny.json")
    wrong: dict[str, Callable[[], object]] = {
        "check": lambda: pl.check(problem, problem),  # type: ignore[arg-type]
        "metrics": lambda: pl.metrics(problem, problem),  # type: ignore[arg-type]
        "explain": lambda: pl.explain(problem, problem, "c1"),  # type: ignore[arg-type]
        "result": lambda: pl.Result.model_validate(problem.model_dump()),
    }
    for name, run in wrong.items():
        assert collected.call(f"{name} given a problem", run) is None
    _scan(collected, problem)


def test_core_cli_on_luvn_leaks_nothing(collected: Collected, tmp_path: Path) -> None:
    """demo, solve, check and compare at DEBUG: printed output and every written file."""
    problem = pl.datasets.load("luvn")
    problem_file = tmp_path / "luvn.json"
    problem_file.write_text(problem.model_dump_json())
    out_dir = tmp_path / "out"
    runs = [
        ["demo", "--out-dir", str(out_dir)],
        ["solve", str(problem_file), "--policy", "fifo", "-o", str(out_dir / "fifo.json")],
        ["check", str(problem_file), str(out_dir / "fifo.json")],
        ["compare", str(problem_file), "--chart", str(out_dir / "compare.png")],
        ["solve", str(problem_file), "-o", str(out_dir / "no" / "r.json")],
    ]
    for args in runs:
        out = runner.invoke(app, args)
        collected.add(f"cli {args[0]}", out.output)
        assert "Traceback" not in out.output
    written = sorted(p for p in out_dir.rglob("*") if p.is_file())
    assert {p.name for p in written} == {"result.json", "chart.png", "fifo.json", "compare.png"}
    for path in written:
        collected.add(f"file {path.name}", path.read_bytes().decode("latin-1"))
    _scan(collected, problem)


def test_tracker_and_schedule_leak_nothing(collected: Collected, tmp_path: Path) -> None:
    """The tracker's report and exports, and a Kipinä week with its calendars, at DEBUG."""
    problem = pl.datasets.load("luvn")  # the tracker's searching cases are its clients
    week = load_week()
    runs = [
        ["pathway", "report", "--demo", "--charts", str(tmp_path / "charts")],
        ["pathway", "export", "--demo", "--format", "csv", "-o", str(tmp_path / "log.csv")],
        ["pathway", "export", "--demo", "--format", "ocel", "-o", str(tmp_path / "log.json")],
        [
            "schedule",
            "--demo",
            "--time-limit",
            "10",  # a first schedule comes in about 1 s; the slack is for a loaded machine
            "-o",
            str(tmp_path / "week.json"),
            "--ics-dir",
            str(tmp_path / "ics"),
        ],
    ]
    for args in runs:
        out = runner.invoke(app, args)
        assert out.exit_code == 0, out.output
        collected.add(f"cli {' '.join(args[:2])}", out.output)
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".png")
    assert {p.suffix for p in written} == {".csv", ".json", ".ics"}
    for path in written:
        collected.add(f"file {path.name}", path.read_text(encoding="utf-8"))
    _assert_clean(collected, {c.id for c in problem.clients} | {p.id for p in week.participants})

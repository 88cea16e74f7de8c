"""The command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import placement as pl
from placement.cli import app

runner = CliRunner()
DATA = Path(__file__).parent / "data"


def test_demo_reports_and_writes_files(tmp_path: Path) -> None:
    """The demo prints the report with a reason per waiting client and writes JSON and PNG."""
    out = runner.invoke(app, ["demo", "--out-dir", str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert "placed" in out.output
    assert "ranks: 1st" in out.output
    result = pl.Result.model_validate_json((tmp_path / "result.json").read_text())
    waiting_lines = [line for line in out.output.splitlines() if ": waiting: " in line]
    assert len(waiting_lines) == len(result.unplaced) > 0
    estimated = ("estimated move-in", "not expected to move in", "no unit can meet")
    assert all(any(e in line for e in estimated) for line in waiting_lines)
    assert (tmp_path / "chart.png").read_bytes()[:4] == b"\x89PNG"


def test_demo_without_estimates(tmp_path: Path) -> None:
    out = runner.invoke(app, ["demo", "--out-dir", str(tmp_path), "--wait-replications", "0"])
    assert out.exit_code == 0, out.output
    assert "estimated move-in" not in out.output


def test_solve_then_check(tmp_path: Path) -> None:
    """solve writes a result that check accepts; a tampered result is rejected with exit 1."""
    target = tmp_path / "result.json"
    out = runner.invoke(app, ["solve", str(DATA / "tiny.json"), "-o", str(target)])
    assert out.exit_code == 0, out.output
    ok = runner.invoke(app, ["check", str(DATA / "tiny.json"), str(target)])
    assert ok.exit_code == 0
    assert "0 violation(s)" in ok.output
    raw = json.loads(target.read_text())
    raw["assignments"][0]["unit_id"] = "u2"
    raw["assignments"][0]["service_class"] = "communal"
    target.write_text(json.dumps(raw))
    bad = runner.invoke(app, ["check", str(DATA / "tiny.json"), str(target)])
    assert bad.exit_code == 1
    assert "class_not_offered" in bad.output


def test_bad_problem_file_is_a_clean_error(tmp_path: Path) -> None:
    """A broken problem exits 2 with the issue list and no traceback."""
    out = runner.invoke(
        app,
        [
            "solve",
            str(DATA / "broken" / "unknown_preference_unit.json"),
            "-o",
            str(tmp_path / "r.json"),
        ],
    )
    assert out.exit_code == 2
    assert "unknown unit 'u9'" in out.output
    assert "Traceback" not in out.output
    missing = runner.invoke(app, ["solve", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2
    assert "cannot read" in missing.output


def test_schema_prints_json_schema() -> None:
    """schema prints a parseable JSON Schema of the problem (and of the result on request)."""
    out = runner.invoke(app, ["schema"])
    assert json.loads(out.output)["title"] == "Problem"
    assert json.loads(runner.invoke(app, ["schema", "result"]).output)["title"] == "Result"
    assert runner.invoke(app, ["schema", "nonsense"]).exit_code == 2


def test_compare_prints_table_and_writes_chart(tmp_path: Path) -> None:
    """compare on the bundled LUVN instance prints one row per policy and writes a PNG."""
    problem_file = tmp_path / "luvn.json"
    problem_file.write_text(pl.datasets.load("luvn").model_dump_json())
    chart = tmp_path / "compare.png"
    out = runner.invoke(app, ["compare", str(problem_file), "--seeds", "2", "--chart", str(chart)])
    assert out.exit_code == 0, out.output
    for name in (
        "optimal",
        "fifo",
        "priority",
        "deferred_acceptance",
        "random_serial_dictatorship",
    ):
        assert name in out.output
    assert chart.read_bytes()[:4] == b"\x89PNG"


def test_pathway_report_demo_and_charts(tmp_path: Path) -> None:
    """`placement pathway report --demo` prints every section and writes both charts."""
    out = runner.invoke(app, ["pathway", "report", "--demo", "--charts", str(tmp_path)])
    assert out.exit_code == 0, out.output
    for heading in ("Throughput", "Time in stage", "Queue now", "Bottlenecks", "deadlines"):
        assert heading in out.output
    for name in ("stage_flow.png", "queues.png"):
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG"


def test_pathway_export_and_store(tmp_path: Path) -> None:
    """export writes CSV and OCEL; a report runs on a store file; bad options exit 2."""
    from placement.pathway.history import demo_tracker

    store = tmp_path / "store.sqlite"
    demo_tracker(str(store))
    csv = tmp_path / "log.csv"
    out = runner.invoke(app, ["pathway", "export", "--store", str(store), "-o", str(csv)])
    assert out.exit_code == 0, out.output
    assert csv.read_text().startswith("case:concept:name,concept:name,time:timestamp")
    ocel = tmp_path / "log.json"
    out = runner.invoke(app, ["pathway", "export", "--demo", "--format", "ocel", "-o", str(ocel)])
    assert out.exit_code == 0, out.output
    assert {"objectTypes", "eventTypes", "objects", "events"} <= set(json.loads(ocel.read_text()))
    out = runner.invoke(app, ["pathway", "report", "--store", str(store), "--as-of", "2025-06-30"])
    assert out.exit_code == 0, out.output
    assert "Housing path report on 2025-06-30" in out.output
    bad = runner.invoke(app, ["pathway", "export", "--demo", "--format", "xes", "-o", str(csv)])
    assert bad.exit_code == 2
    assert "unknown format 'xes'" in bad.output
    both = runner.invoke(app, ["pathway", "report", "--demo", "--store", str(store)])
    assert both.exit_code == 2
    assert "exactly one of --store or --demo" in both.output
    late = runner.invoke(app, ["pathway", "report", "--demo", "--as-of", "30.6.2025"])
    assert late.exit_code == 2
    assert "--as-of '30.6.2025' is not a date; write YYYY-MM-DD" in late.output
    missing = runner.invoke(app, ["pathway", "report", "--store", str(tmp_path / "none.db")])
    assert missing.exit_code == 2
    assert "no tracker store" in missing.output


@pytest.mark.parametrize(
    ("command", "name", "said"),
    [
        (["solve", "{problem}"], "out.csv", ".json or .xlsx"),
        (["waits", "{problem}", "--replications", "2"], "waits.json", ".csv"),
        (["explain", "{problem}", "{result}", "--all"], "explanations.xlsx", ".csv"),
        (["reproduce", "{problem}", "{result}"], "again.csv", ".json"),
        (["schedule", "--demo"], "week.csv", "name the file .json"),
        (
            ["pathway", "export", "--demo", "--format", "ocel"],
            "log.csv",
            "the ocel export is a .json",
        ),
    ],
)
def test_the_output_format_follows_the_extension(
    tmp_path: Path, command: list[str], name: str, said: str
) -> None:
    """An output whose extension names another format is refused in one line, before any work
    (solve -o out.csv wrote JSON)."""
    problem = tmp_path / "p.json"
    problem.write_text((DATA / "tiny.json").read_text(encoding="utf-8"), encoding="utf-8")
    result = tmp_path / "r.json"
    assert runner.invoke(app, ["solve", str(problem), "-o", str(result)]).exit_code == 0
    args = [a.format(problem=problem, result=result) for a in command]
    out = runner.invoke(app, [*args, "-o", str(tmp_path / name)])
    assert out.exit_code == 2, out.output
    assert said in out.output
    assert not (tmp_path / name).exists()


def test_template_never_replaces_a_filled_workbook_without_force(tmp_path: Path) -> None:
    """`placement template keep.xlsx` on a filled workbook printed 'wrote' and lost 30 clients."""
    from placement import io

    filled = tmp_path / "keep.xlsx"
    io.write_excel(filled, pl.datasets.synthetic(n_clients=30, n_units=8, seed=3))
    before = filled.read_bytes()
    out = runner.invoke(app, ["template", str(filled), "--language", "fi"])
    assert out.exit_code == 2
    assert "exists; pass --force to overwrite it" in out.output
    assert filled.read_bytes() == before
    assert len(io.read_excel(filled, check_region=False).clients) == 30
    forced = runner.invoke(app, ["template", str(filled), "--language", "fi", "--force"])
    assert forced.exit_code == 0, forced.output
    assert filled.read_bytes() != before


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["solve", "{problem}", "-o", "{out}/r.json"], "r.json"),
        (["hash", "{problem}", "--canonical", "{out}/c.json"], "c.json"),
        (["demo", "--out-dir", "{out}", "--wait-replications", "0"], "result.json"),
        (["schedule", "--demo", "--time-limit", "1", "-o", "{out}/s.json"], "s.json"),
        (["pathway", "export", "--demo", "-o", "{out}/log.csv"], "log.csv"),
    ],
)
def test_every_writing_command_refuses_to_overwrite(
    tmp_path: Path, command: list[str], target: str
) -> None:
    problem = tmp_path / "p.json"
    problem.write_text((DATA / "tiny.json").read_text(encoding="utf-8"), encoding="utf-8")
    existing = tmp_path / target
    existing.write_text("keep me", encoding="utf-8")
    args = [a.format(problem=problem, out=tmp_path) for a in command]
    out = runner.invoke(app, args)
    assert out.exit_code == 2, out.output
    assert "pass --force" in out.output
    assert existing.read_text(encoding="utf-8") == "keep me"
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code in (0, 1), forced.output  # 1: the demo week may leave some unmet
    assert existing.read_text(encoding="utf-8") != "keep me"


def test_help_lists_commands_in_the_order_of_a_days_work() -> None:
    """template, solve, check, explain, ..., then planning, then the adapters (schedule and
    simulate came first, template was buried)."""
    text = runner.invoke(app, ["--help"], terminal_width=120).output
    order = [
        "template", "solve", "check", "explain", "diagnose", "reproduce", "hash",
        "waits", "simulate", "compare", "schedule", "round", "pathway", "demo", "schema",
    ]  # fmt: skip
    found = [
        line.split()[1] for line in text.splitlines() if line.startswith("│ ") and line[2] != " "
    ]
    assert [name for name in found if name in order] == order
    for panel in ("Placement", "Planning", "Adapters"):
        assert panel in text

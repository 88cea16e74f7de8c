"""The weekly loop from the command line only, pipes, identities and JSON errors (issue 25)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

import placement as pl
from placement.cli import app

runner = CliRunner()


def _run(*args: str, input: str | None = None) -> str:
    out = runner.invoke(app, list(args), input=input)
    assert out.exit_code == 0, out.output
    return out.stdout


def _json(*args: str) -> Any:
    return json.loads(_run(*args))


def test_two_rounds_on_the_demo_tracker_from_the_command_line(tmp_path: Path) -> None:
    """Round, answers, stages, a move-in and a move-out, the next round: all by command."""
    store = str(tmp_path / "demo.sqlite")
    assert _json("pathway", "demo", "--store", store)["cases"] > 200
    s = ("--store", store)
    _run("round", *s, "--as-of", "2026-01-05", "--report", str(tmp_path / "r1.json"))
    first = json.loads((tmp_path / "r1.json").read_text(encoding="utf-8"))
    written = first["report"]["written"]
    assert first["new"]
    assert len(written) == first["offers"] > 2
    assert {w["run_id"] for w in written} == {first["run_id"]}
    declined, accepted = written[0]["case_id"], written[1]["case_id"]
    at = ("--resource", "pt1")
    _json("pathway", "answer", declined, "decline", *s, "--at", "2026-01-06", *at)
    _json("pathway", "answer", accepted, "accept", *s, "--at", "2026-01-06", *at)
    for day, stage in (("2026-01-07", "client_plan"), ("2026-01-08", "service_class_negotiation")):
        _json("pathway", "record", accepted, stage, *s, "--at", day, *at)
    moved = _json("pathway", "move-in", accepted, *s, "--at", "2026-01-09", *at)
    assert moved["attributes"]["unit"] == written[1]["unit"]
    leaver = _json("pathway", "state", *s, "--as-of", "2026-01-06")["units"][0]["residents"][0]
    _json("pathway", "move-out", leaver, *s, "--at", "2026-01-09")
    state = _json("pathway", "state", *s, "--as-of", "2026-01-12")
    assert declined in state["queue"]
    assert accepted not in state["queue"]
    assert accepted in next(u for u in state["units"] if u["id"] == written[1]["unit"])["residents"]
    assert all(u["free"] >= 0 for u in state["units"])
    assert leaver not in {r for u in state["units"] for r in u["residents"]}
    second = json.loads(_run("round", *s, "--as-of", "2026-01-12", "--report", "-"))
    assert second["new"]
    assert second["run_id"] != first["run_id"]
    offered = {w["case_id"] for w in second["report"]["written"]}
    assert accepted not in offered
    assert not offered & {w["case_id"] for w in written[2:]}  # still holding last week's
    assert second["offers"] >= 1  # at least the place the move-out freed


def test_a_second_round_for_the_same_date_writes_nothing(tmp_path: Path) -> None:
    store = str(tmp_path / "demo.sqlite")
    _run("pathway", "demo", "--store", store)
    _run("round", "--store", store, "--as-of", "2026-01-05")
    events = _json("pathway", "state", "--store", store, "--as-of", "2026-01-06")
    again = _run("round", "--store", store, "--as-of", "2026-01-05")
    assert "already ran" in again
    assert "nothing written" in again
    assert _json("pathway", "state", "--store", store, "--as-of", "2026-01-06") == events
    tracker = pl.pathway.Tracker(store)
    assert (
        sum(1 for e in tracker.events() if e.stage == "offer" and "run_id" in e.attributes)
        == (_json("round", "--store", store, "--as-of", "2026-01-05", "--report", "-")["offers"])
    )


def test_the_problem_hash_needs_nothing_but_json_and_sha256(tmp_path: Path) -> None:
    """The canonical file is compact JSON in declared key order; re-encoding its parsed value
    with the standard library gives the same bytes, and their SHA-256 is the audit hash."""
    luvn = tmp_path / "luvn.json"
    luvn.write_text(pl.datasets.load("luvn").model_dump_json(), encoding="utf-8")
    canonical = tmp_path / "canonical.json"
    printed = _run("hash", str(luvn), "--canonical", str(canonical)).strip()
    data = canonical.read_bytes()
    again = json.dumps(json.loads(data), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert again == data
    assert hashlib.sha256(again).hexdigest() == printed
    solved = _json("solve", str(luvn), "-o", "-", "--deterministic")
    assert solved["audit"]["problem_sha256"] == printed


def _placement(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(pl.__file__).parents[1])}
    return subprocess.run(
        [sys.executable, "-m", "placement.cli", *args],
        input=input,
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_solve_reads_stdin_and_writes_stdout_in_a_pipe(tmp_path: Path) -> None:
    problem = pl.datasets.synthetic(n_clients=30, n_units=6, seed=1)
    done = _placement("solve", "-", "-o", "-", input=problem.model_dump_json().encode())
    assert done.returncode == 0, done.stderr
    result = pl.Result.model_validate_json(done.stdout)  # nothing but the JSON on stdout
    assert pl.check(problem, result) == []
    assert b"placed" in done.stderr  # the summary went to stderr
    assert not (tmp_path / "-").exists()
    assert not Path("-").exists()


def test_json_errors_parse_on_every_kind_of_failure(tmp_path: Path) -> None:
    broken = {"reference_date": "2026-01-05", "units": [], "clients": [{"id": "c1"}] * 3}
    done = _placement("--json", "solve", "-", "-o", "-", input=json.dumps(broken).encode())
    assert done.returncode == 2
    issues = json.loads(done.stderr)
    assert len(issues) > 2
    assert all(set(i) == {"path", "message", "hint"} for i in issues)
    assert any(i["path"].startswith("clients") for i in issues)
    store = _placement("--json", "pathway", "state", "--store", str(tmp_path / "none.sqlite"))
    assert store.returncode == 2
    assert "no tracker store" in json.loads(store.stderr)[0]["message"]
    usage = _placement("--json", "solve", "--no-such-option")
    assert usage.returncode == 64
    assert json.loads(usage.stderr)[0]["message"]

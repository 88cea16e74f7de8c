"""Audit records: every solved result says what it was computed from, and reproduces from it."""

from __future__ import annotations

import hashlib
import json
import logging
import platform
from pathlib import Path

import pytest
from typer.testing import CliRunner

import placement as pl
from placement.audit import canonical_json, problem_hash
from placement.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def flow_problem() -> pl.Problem:
    """200 clients x 30 units without side constraints: the exact flow engine solves it."""
    problem = pl.datasets.synthetic(n_clients=200, n_units=30, seed=3)
    assert problem.side_constraints() == {}
    return problem


@pytest.fixture(scope="module")
def luvn() -> pl.Problem:
    """The bundled instance, with linked clients, incompatibilities and composition limits."""
    problem = pl.datasets.load("luvn")
    assert problem.side_constraints()
    return problem


def _one_client_changed(problem: pl.Problem) -> pl.Problem:
    """The same problem with one client's urgency raised by one, order kept."""
    first, *rest = problem.clients
    changed = first.model_copy(update={"urgency": first.urgency + 1})
    return problem.model_copy(update={"clients": (changed, *rest)})


def test_flow_result_reproduces_byte_for_byte(flow_problem: pl.Problem) -> None:
    """A flow-engine result re-run from its audit (or from the audit alone) gives the same
    JSON bytes."""
    result = pl.solve(flow_problem)
    assert result.engine == "flow"
    again = pl.reproduce(flow_problem, result)
    assert again.model_dump_json() == result.model_dump_json()
    assert result.audit is not None
    from_audit = pl.reproduce(flow_problem, result.audit)
    assert from_audit.model_dump_json(indent=2) == result.model_dump_json(indent=2)


def test_reproduce_uses_the_recorded_policy_and_seed(flow_problem: pl.Problem) -> None:
    """A lottery policy's result reproduces only with its own seed, which the audit carries."""
    result = pl.solve(flow_problem, "random_serial_dictatorship", seed=7)
    other_seed = pl.solve(flow_problem, "random_serial_dictatorship", seed=0)
    assert other_seed.assignments != result.assignments  # so a wrong seed would be seen
    again = pl.reproduce(flow_problem, result)
    assert again.policy == "random_serial_dictatorship"
    assert again.model_dump_json() == result.model_dump_json()


def test_deterministic_cpsat_reproduces_byte_for_byte(luvn: pl.Problem) -> None:
    """With side constraints, CP-SAT in deterministic mode reproduces the same JSON bytes."""
    result = pl.solve(luvn, engine="cpsat", deterministic=True, time_limit=20.0)
    assert result.engine == "cpsat"
    assert result.audit is not None
    assert result.audit.engine == "cpsat"
    assert result.audit.options.deterministic is True
    assert result.audit.options.time_limit == 20.0
    again = pl.reproduce(luvn, result)
    assert again.model_dump_json(indent=2) == result.model_dump_json(indent=2)


def test_audit_records_every_argument_and_the_versions(flow_problem: pl.Problem) -> None:
    """Policy, requested engine, seed, every other keyword, status and versions are recorded."""
    result = pl.solve(
        flow_problem, "optimal", engine="auto", time_limit=30, seed=5, workers=1, max_edges=10**7
    )
    audit = result.audit
    assert audit is not None
    assert (audit.policy, audit.engine, audit.seed, audit.status) == (
        "optimal",
        "auto",
        5,
        result.status,
    )
    assert audit.options.model_dump() == {
        "time_limit": 30.0,
        "workers": 1,
        "deterministic": False,
        "max_edges": 10**7,
    }
    assert audit.versions["placement"] == pl.__version__
    assert audit.versions["python"] == platform.python_version()
    assert {"ortools", "numpy"} <= set(audit.versions)


def test_runtime_is_recorded_but_not_serialised(luvn: pl.Problem) -> None:
    """The audit's runtime is the call's, kept out of the JSON; the JSON reads back unchanged."""
    result = pl.solve(luvn)
    assert result.audit is not None
    assert result.audit.runtime == result.runtime > 0
    text = result.model_dump_json()
    assert "runtime" not in text
    assert '"audit":{"problem_sha256"' in text
    assert pl.Result.model_validate_json(text).model_dump_json() == text


def test_hash_is_the_canonical_json_and_survives_a_re_read(luvn: pl.Problem) -> None:
    """The hash is sha256 of the problem's own compact JSON; re-reading the problem (even with
    the keys of every object and mapping in another order) keeps it, and one changed field
    changes it."""
    canonical = luvn.model_dump_json().encode("utf-8")
    expected = hashlib.sha256(canonical).hexdigest()
    assert canonical_json(luvn) == canonical
    assert problem_hash(luvn) == expected
    assert pl.solve(luvn).audit.problem_sha256 == expected  # type: ignore[union-attr]

    assert problem_hash(pl.Problem.model_validate_json(canonical)) == expected
    assert problem_hash(pl.Problem.model_validate(_reversed(json.loads(canonical)))) == expected
    assert problem_hash(_one_client_changed(luvn)) != expected


def _reversed(value: object) -> object:
    """``value`` with the keys of every object in it in reverse order."""
    if isinstance(value, dict):
        return {k: _reversed(v) for k, v in reversed(value.items())}
    if isinstance(value, list):
        return [_reversed(v) for v in value]
    return value


def test_reversed_really_reorders_the_mappings(luvn: pl.Problem) -> None:
    """The re-read above is a real test: the reversed document lists offers in another order."""
    data = json.loads(luvn.model_dump_json())
    unit = next(u for u in data["units"] if len(u["offers"]) > 1)
    assert list(_reversed(unit)["offers"]) != list(unit["offers"])  # type: ignore[index]


def test_hash_recomputed_from_the_canonical_file_alone(tmp_path: Path) -> None:
    """``placement hash --canonical`` and ``solve --canonical-problem`` write the bytes whose
    SHA-256 the audit records: a system without placement checks the hash with hashlib."""
    source = Path(__file__).parent / "data" / "tiny.json"
    canonical, result_file = tmp_path / "canonical.json", tmp_path / "result.json"
    printed = runner.invoke(app, ["hash", str(source), "--canonical", str(canonical)])
    assert printed.exit_code == 0, printed.output
    again = tmp_path / "again.json"
    solved = runner.invoke(
        app, ["solve", str(source), "-o", str(result_file), "--canonical-problem", str(again)]
    )
    assert solved.exit_code == 0, solved.output
    digest = hashlib.sha256(canonical.read_bytes()).hexdigest()
    assert printed.output.strip() == digest
    assert again.read_bytes() == canonical.read_bytes()
    assert json.loads(result_file.read_text())["audit"]["problem_sha256"] == digest
    assert isinstance(json.loads(canonical.read_bytes()), dict)  # plain JSON


def test_a_result_of_the_first_release_still_matches(flow_problem: pl.Problem) -> None:
    """Results made by 0.1.0 recorded the hash of the key-sorted dump; they still reproduce."""
    result = pl.solve(flow_problem)
    assert result.audit is not None
    sorted_dump = json.dumps(
        flow_problem.model_dump(mode="json"),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    old_hash = hashlib.sha256(sorted_dump.encode("utf-8")).hexdigest()
    assert old_hash != result.audit.problem_sha256
    old = result.model_copy(
        update={"audit": result.audit.model_copy(update={"problem_sha256": old_hash})}
    )
    assert pl.reproduce(flow_problem, old).assignments == result.assignments
    with pytest.raises(pl.ProblemError, match="sha256"):
        pl.reproduce(_one_client_changed(flow_problem), old)


def test_reproduce_refuses_a_changed_problem(flow_problem: pl.Problem) -> None:
    """A problem with one client changed is refused before solving, naming the hash mismatch."""
    result = pl.solve(flow_problem)
    changed = _one_client_changed(flow_problem)
    for recorded in (result, result.audit):
        with pytest.raises(pl.ProblemError) as refused:
            pl.reproduce(changed, recorded)  # type: ignore[arg-type]
        (issue,) = refused.value.issues
        assert issue.path == "problem"
        assert "sha256" in issue.message
        assert "another problem" in issue.message
        assert issue.hint


def test_reproduce_refuses_a_result_without_audit(flow_problem: pl.Problem) -> None:
    """A result that carries no audit (built elsewhere) cannot be reproduced: one clear issue."""
    bare = pl.solve(flow_problem).model_copy(update={"audit": None})
    with pytest.raises(pl.ProblemError) as refused:
        pl.reproduce(flow_problem, bare)
    (issue,) = refused.value.issues
    assert issue.path == "result_or_audit.audit"
    assert "no audit record" in issue.message


def test_reproduce_warns_when_versions_differ(
    flow_problem: pl.Problem, caplog: pytest.LogCaptureFixture
) -> None:
    """Other library versions are logged as a warning, and the result is still computed."""
    result = pl.solve(flow_problem)
    assert result.audit is not None
    old = dict(result.audit.versions, placement="0.0.1")
    aged = result.audit.model_copy(update={"versions": old})
    with caplog.at_level(logging.WARNING, logger="placement"):
        again = pl.reproduce(flow_problem, aged)
    assert any("placement 0.0.1 -> " in r.getMessage() for r in caplog.records)
    assert again.assignments == result.assignments
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="placement"):
        pl.reproduce(flow_problem, result)
    assert not [r for r in caplog.records if "versions" in r.getMessage()]


def _write_problem(path: Path, problem: pl.Problem) -> Path:
    path.write_text(problem.model_dump_json(), encoding="utf-8")
    return path


def test_cli_solve_deterministic_then_reproduce(tmp_path: Path, luvn: pl.Problem) -> None:
    """`solve --deterministic` records it; `reproduce` exits 0 on the identical file, 1 on a
    tampered one (naming the field), 2 on another problem."""
    problem_file = _write_problem(tmp_path / "luvn.json", luvn)
    result_file = tmp_path / "result.json"
    args = ["solve", str(problem_file), "--engine", "cpsat", "--deterministic", "--seed", "4"]
    out = runner.invoke(app, [*args, "-o", str(result_file)])
    assert out.exit_code == 0, out.output
    recorded = pl.Result.from_json_file(result_file)
    assert recorded.audit is not None
    assert recorded.audit.options.deterministic is True
    assert recorded.audit.seed == 4

    new_file = tmp_path / "again.json"
    again = ["reproduce", str(problem_file), str(result_file), "-o", str(new_file)]
    out = runner.invoke(app, again)
    assert out.exit_code == 0, out.output
    assert "byte-identical" in out.output
    assert new_file.read_bytes() == result_file.read_bytes()

    tampered = tmp_path / "tampered.json"
    data = json.loads(result_file.read_text())
    data["objective"] += 1
    tampered.write_text(json.dumps(data, indent=2))
    out = runner.invoke(app, ["reproduce", str(problem_file), str(tampered)])
    assert out.exit_code == 1, out.output
    assert "differs" in out.output
    assert "objective" in out.output

    other_file = _write_problem(tmp_path / "other.json", _one_client_changed(luvn))
    out = runner.invoke(app, ["reproduce", str(other_file), str(result_file)])
    assert out.exit_code == 2, out.output
    assert "sha256" in out.output


def test_cli_check_says_in_one_line_that_a_result_is_from_another_problem(
    tmp_path: Path, luvn: pl.Problem
) -> None:
    """check refuses a result of another problem in one line (exit 2); a result without audit
    is checked rule by rule as before."""
    other = _one_client_changed(luvn)
    other_file = _write_problem(tmp_path / "other.json", other)
    result = pl.solve(luvn)
    result_file = tmp_path / "result.json"
    result_file.write_text(result.model_dump_json(indent=2))
    out = runner.invoke(app, ["check", str(other_file), str(result_file)])
    assert out.exit_code == 2, out.output
    lines = out.output.strip().splitlines()
    assert len(lines) == 1, out.output
    assert "belongs to another problem" in lines[0]

    problem_file = _write_problem(tmp_path / "luvn.json", luvn)
    out = runner.invoke(app, ["check", str(problem_file), str(result_file)])
    assert out.exit_code == 0, out.output

    bare = result.model_copy(update={"audit": None})
    result_file.write_text(bare.model_dump_json())
    out = runner.invoke(app, ["check", str(other_file), str(result_file)])
    assert out.exit_code == 0, out.output  # raising one urgency breaks no hard rule
    assert "0 violation(s)" in out.output


def test_cli_reproduce_refuses_a_result_without_audit(tmp_path: Path, luvn: pl.Problem) -> None:
    """reproduce with a result that carries no audit exits 2 with one error line and its issue."""
    problem_file = _write_problem(tmp_path / "luvn.json", luvn)
    result_file = tmp_path / "result.json"
    result_file.write_text(pl.solve(luvn).model_copy(update={"audit": None}).model_dump_json())
    out = runner.invoke(app, ["reproduce", str(problem_file), str(result_file)])
    assert out.exit_code == 2, out.output
    assert "no audit record" in out.output

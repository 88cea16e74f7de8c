"""Explanations: every client of LUVN explained, with verified trade-offs and counterfactuals.

Run ``python benchmarks/bench_explain.py`` (part of ``make bench``); it rewrites its section of
``benchmarks/RESULTS.md``. It times ``placement explain PROBLEM RESULT --all`` (the command, in
a subprocess, two worker processes) for the optimal and the priority policy, in Finnish, and
counts the solves made to prove the reasons.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import placement as pl
from placement.explanations import explain_all

sys.path.insert(0, str(Path(__file__).parent))
from harness import machine, timed, write_section

DATA = Path(pl.__file__).parent / "datasets" / "data" / "luvn.json"
CLI = Path(sys.executable).parent / "placement"


def main() -> None:
    problem = pl.datasets.load("luvn")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for policy in ("optimal", "priority"):
            result = pl.solve(problem, policy=policy)
            result_file = Path(tmp) / f"{policy}.json"
            result_file.write_text(result.model_dump_json(), encoding="utf-8")
            out = Path(tmp) / f"{policy}.csv"
            command = [str(CLI), "explain", str(DATA), str(result_file), "--all"]
            command += ["-o", str(out), "--language", "fi", "--workers", "2"]
            wall, _ = timed(lambda c=command: subprocess.run(c, check=True, capture_output=True))
            explained = explain_all(problem, result, "fi")
            solves = sum(e.solves for e in explained)
            shown = sum(len(e.counterfactuals) for e in explained)
            rows.append(
                f"| {policy} | {len(problem.clients)} | {wall:.1f} | {solves} | "
                f"{shown} for {len(result.unplaced)} waiting |"
            )
    lines = [
        "## Explanations: `placement explain --all` on LUVN",
        "",
        "Reproduce: `python benchmarks/bench_explain.py` (part of `make bench`).",
        f"Machine: {machine()}. The command end to end (start-up included), Finnish, 2 worker "
        "processes. Every trade-off is measured by a solve with the unit forced and every "
        "counterfactual shown is verified by a solve of the changed problem; the solves column "
        "counts them. Target (issue 14): at most 60 s.",
        "",
        "| policy | clients | wall s | solves | counterfactuals shown |",
        "| --- | ---: | ---: | ---: | --- |",
        *rows,
    ]
    write_section("bench_explain", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""Import time: ``import placement`` and ``placement --help``, against their own dependencies.

Run ``python benchmarks/bench_import.py`` (part of ``make bench``); it rewrites its section of
``benchmarks/RESULTS.md``. Each figure is the median of 7 fresh interpreters:
``python -X importtime`` for the imports (its cumulative time of the top module), wall time for
``placement --help``. numpy and pydantic, which ``placement`` needs at import, are measured the
same way as the floor. Targets (issue 16): ``import placement`` at most 0.35 s, ``placement
--help`` at most 0.6 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from harness import machine, write_section

RUNS = 7
CLI = Path(sys.executable).parent / "placement"
CACHED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The environment of a normal install: bytecode caches written and read. This machine sets
PYTHONDONTWRITEBYTECODE=1, so every import compiles its source again; both are measured."""
NO_CACHE = {
    **CACHED,
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(),  # an empty cache: every module compiles
}


def import_seconds(module: str, env: dict[str, str]) -> float:
    """Median cumulative import time of ``module`` in a fresh interpreter (s)."""
    times = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        line = next(
            line
            for line in reversed(out.stderr.splitlines())
            if line.rstrip().endswith(f"| {module}")
        )
        times.append(int(line.split("|")[1]) / 1e6)
    return statistics.median(times)


def help_seconds(env: dict[str, str]) -> float:
    """Median wall time of ``placement --help`` (s), interpreter start-up included."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([str(CLI), "--help"], capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    subprocess.run([str(CLI), "--help"], capture_output=True, check=True, env=CACHED)  # warm
    rows = []
    for label, env in (("bytecode cached (a normal install)", CACHED), ("no bytecode", NO_CACHE)):
        rows += [
            (f"`import numpy`, {label}", import_seconds("numpy", env), ""),
            (f"`import pydantic`, {label}", import_seconds("pydantic", env), ""),
            (f"`import placement`, {label}", import_seconds("placement", env), "0.35"),
            (f"`placement --help` (wall), {label}", help_seconds(env), "0.6"),
        ]
    lines = [
        "## Import time: `import placement` and `placement --help`",
        "",
        "Reproduce: `python benchmarks/bench_import.py` (part of `make bench`).",
        f"Machine: {machine()}. Median of {RUNS} fresh interpreters; imports by "
        "`python -X importtime` (cumulative time of the top module), the command by wall time. "
        "`import placement` loads no adapter, scipy, SQLAlchemy, matplotlib, pandas, openpyxl or "
        "CP-SAT (`tests/test_import.py`). This machine sets PYTHONDONTWRITEBYTECODE=1, so "
        "without help every import compiles its source; a normal install reads cached bytecode, "
        "and both are shown.",
        "",
        "| what | s | target s |",
        "| --- | ---: | ---: |",
        *(f"| {what} | {seconds:.3f} | {target} |" for what, seconds, target in rows),
    ]
    write_section("bench_import", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""Reading and writing a national-scale workbook: 10,000 clients and 1,500 units.

Writes ``placement.datasets.synthetic(10000, 1500, seed=1)`` as ``.xlsx`` and a CSV folder, then
times :func:`placement.io.read_excel` and :func:`placement.io.read_csv` (best of three; target:
``read_excel`` at most 10 s) and checks that what was read equals what was written. Run
``python benchmarks/bench_io.py``; it rewrites its section of
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import placement as pl
from placement import io

sys.path.insert(0, str(Path(__file__).parent))
from harness import machine, timed, write_section

CLIENTS, UNITS, REPEATS = 10_000, 1_500, 3


def main() -> None:
    problem = pl.datasets.synthetic(CLIENTS, UNITS, seed=1)
    lines = [
        "## Spreadsheets: `read_excel` and `read_csv` at 10,000 clients x 1,500 units",
        "",
        f"`datasets.synthetic({CLIENTS}, {UNITS}, seed=1)` written and read back "
        f"(best of {REPEATS}); {machine()}. Target: `read_excel` at most 10 s.",
        "",
        "| step | seconds | file size | read back equal |",
        "|---|---:|---:|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        book, folder = Path(tmp) / "county.xlsx", Path(tmp) / "county"
        write_s, _ = timed(lambda: io.write_excel(book, problem))
        csv_s, _ = timed(lambda: io.write_csv(folder, problem))
        size = book.stat().st_size
        csv_size = sum(p.stat().st_size for p in folder.iterdir())
        reads = [timed(lambda: io.read_excel(book)) for _ in range(REPEATS)]
        csv_reads = [timed(lambda: io.read_csv(folder)) for _ in range(REPEATS)]
    read_s, csv_read_s = min(r[0] for r in reads), min(r[0] for r in csv_reads)
    equal, csv_equal = reads[0][1] == problem, csv_reads[0][1] == problem
    lines += [
        f"| `write_excel` | {write_s:.2f} | {size / 1e6:.1f} MB | |",
        f"| `read_excel` | {read_s:.2f} | | {'yes' if equal else 'NO'} |",
        f"| `write_csv` | {csv_s:.2f} | {csv_size / 1e6:.1f} MB | |",
        f"| `read_csv` | {csv_read_s:.2f} | | {'yes' if csv_equal else 'NO'} |",
    ]
    write_section("io", "\n".join(lines))
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

"""A county analyst's round: the queue in a workbook in, the placements in a workbook out.

Writes the county's workbook (here from the bundled LUVN instance, as a county would keep it),
reads it back with every cell checked, solves, and writes a result workbook with the sheets
``assignments``, ``waiting`` (with each client's reason) and ``metrics``.

Run: ``.venv/bin/python examples/county_workbook.py [folder]``
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import placement as pl
from placement import io


def main(folder: Path) -> Path:
    """Write ``county.xlsx`` in ``folder``, read it, solve, write ``result.xlsx``; return it."""
    county = folder / "county.xlsx"
    io.write_excel(county, pl.datasets.load("luvn"), language="fi")  # the county's own file
    problem = io.read_excel(county)  # a ProblemError lists every bad cell by sheet!row
    result = pl.solve(problem)
    reasons = [pl.explain(problem, result, cid, resolve=False) for cid in result.unplaced]
    out = folder / "result.xlsx"
    # The result to share: ids, units, reasons and metrics; no needs scores (personal data).
    io.write_excel(out, problem, result, explanations=reasons, problem_sheets=False)
    print(result.summary())
    print(io.metrics_frame(problem, result).query("scope == 'overall'").to_string(index=False))
    print(f"wrote {out}")
    return out


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            main(Path(tmp))

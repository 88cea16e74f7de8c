"""``import placement`` stays light: no adapter and no heavy dependency until used."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "ortools.sat",
    "scipy.optimize",
    "sqlalchemy",
    "matplotlib",
    "pandas",
    "openpyxl",
    "placement.kipina",
    "placement.pathway",
    "placement.simulate",
)


def _loaded(code: str) -> set[str]:
    """Modules of ``HEAVY`` loaded after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules = set(json.loads(out.stdout.splitlines()[-1]))
    return {h for h in HEAVY if any(m == h or m.startswith(h + ".") for m in modules)}


def test_import_placement_loads_no_heavy_module() -> None:
    assert _loaded("import placement") == set()


def test_the_lazy_names_still_work() -> None:
    """``datasets``, ``io`` and ``plotting`` load on first use; ``compare`` needs no pandas yet."""
    assert _loaded("import placement as pl; pl.datasets.load('luvn')") == set()
    code = "import placement as pl; assert callable(pl.plotting.plot_waiting_times)"
    assert "matplotlib" in _loaded(code)
    assert _loaded("import placement as pl; assert callable(pl.compare)") == set()


def test_a_solve_without_side_constraints_loads_neither_scipy_nor_cp_sat() -> None:
    code = (
        "import placement as pl\n"
        "p = pl.datasets.synthetic(n_clients=50, n_units=8, seed=1)\n"
        "assert pl.solve(p).status == 'optimal'"
    )
    assert _loaded(code) == set()

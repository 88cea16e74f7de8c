"""The examples type-check with plain mypy, without the pydantic plugin a user may not have."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def mypy_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Plain strict mypy (no plugin), one cache for the module's runs."""
    folder = tmp_path_factory.mktemp("mypy")
    config = folder / "mypy.ini"
    config.write_text("[mypy]\nstrict = True\nignore_missing_imports = True\n", encoding="utf-8")
    assert "pydantic" not in config.read_text(encoding="utf-8")

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "mypy", "--config-file", str(config)]
        command += ["--cache-dir", str(folder / "cache"), *files]
        return subprocess.run(command, capture_output=True, text=True, cwd=folder, check=False)

    return run


def test_examples_pass_plain_strict_mypy(
    mypy_run: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    out = mypy_run(*sorted(str(p) for p in (ROOT / "examples").glob("*.py")))
    assert out.returncode == 0, out.stdout + out.stderr


def test_a_typo_in_a_policy_name_is_a_type_error(
    mypy_run: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    """``policy`` is a Literal: plain mypy rejects a misspelt name before anything runs."""
    script = tmp_path / "typo.py"
    script.write_text(
        "import placement as pl\n\n"
        "def run(problem: pl.Problem) -> pl.Result:\n"
        '    return pl.solve(problem, policy="optimum")\n',
        encoding="utf-8",
    )
    out = mypy_run(str(script))
    assert out.returncode == 1
    assert "optimum" in out.stdout

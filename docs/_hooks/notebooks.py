"""MkDocs hook: publish the example notebooks of ``examples/`` as pages ``examples/<name>.ipynb``.

The notebooks live beside the example scripts, where the test suite executes them, rather than
under ``docs/``; this hook adds them to the site's files before mkdocs-jupyter renders them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]


@event_priority(100)  # before mkdocs-jupyter turns .ipynb files into notebook pages
def on_files(files: Files, config: Any) -> Files:
    """Add every ``examples/*.ipynb`` to the site's files."""
    for notebook in sorted((ROOT / "examples").glob("*.ipynb")):
        files.append(
            File(
                f"examples/{notebook.name}",
                src_dir=str(ROOT),
                dest_dir=config["site_dir"],
                use_directory_urls=config["use_directory_urls"],
            )
        )
    return files

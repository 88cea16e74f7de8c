"""Shared benchmark plumbing: timing, the machine line, and writing RESULTS.md sections."""

from __future__ import annotations

import gc
import os
import platform
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import ortools

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADER = "# Benchmark results\n\nEach section is rewritten by the script it names.\n"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call of ``fn`` takes, and its value; GC collected first, paused during."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        value = fn()
        return time.perf_counter() - start, value
    finally:
        gc.enable()


def machine() -> str:
    """One line naming the interpreter, key libraries and cores."""
    return (
        f"Python {platform.python_version()}, OR-Tools {ortools.__version__}, "
        f"numpy {np.__version__}, {platform.machine()}, {len(os.sched_getaffinity(0))} cores"
    )


def write_section(name: str, markdown: str) -> None:
    """Replace (or append) the section between ``<!-- name -->`` markers."""
    text = RESULTS.read_text() if RESULTS.exists() else HEADER
    block = f"<!-- {name} -->\n{markdown.strip()}\n<!-- /{name} -->"
    pattern = re.compile(rf"<!-- {re.escape(name)} -->.*?<!-- /{re.escape(name)} -->", re.S)
    text = (
        pattern.sub(lambda _: block, text)
        if pattern.search(text)
        else (text.rstrip() + "\n\n" + block + "\n")
    )
    RESULTS.write_text(text)

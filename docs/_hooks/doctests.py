"""Griffe extension for the site: doctest lines outside an Examples section become code.

numpydoc's parser turns ``>>>`` lines into code only under an ``Examples`` heading; elsewhere
Markdown reads ``>>>`` as three nested quotes. This wraps each run of ``>>>`` / ``...`` lines in
a ``pycon`` code fence, unless it already sits under an ``Examples`` heading.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """``text`` with every doctest run outside an Examples section fenced as ``pycon``."""
    out: list[str] = []
    in_examples = in_run = False
    lines = text.splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        underline = i + 1 < len(lines) and set(lines[i + 1].strip()) == {"-"}
        if underline and stripped:
            in_examples = stripped == "Examples"
        doctest = stripped.startswith((">>>", "..."))
        if doctest and not in_examples and not in_run:
            out.append("```pycon")
            in_run = True
        elif in_run and not doctest:
            out.append("```")
            in_run = False
        out.append(line)
    if in_run:
        out.append("```")
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Fence doctest runs in every docstring as it is loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite ``obj``'s docstring, if it has doctest lines outside an Examples section."""
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)

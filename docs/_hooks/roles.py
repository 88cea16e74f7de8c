"""MkDocs hook: show the docstrings' Sphinx roles as plain code.

The numpydoc docstrings name other objects with Sphinx roles (``:func:`~placement.io.read_csv```),
which mkdocstrings renders as the role's text followed by the code. This hook drops the role
and, as Sphinx does for a leading ``~``, keeps only the last part of the name.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(
    r":(?:py:)?(?:func|class|meth|data|attr|mod|exc|obj|const):<code>(~?)([^<]+)</code>"
)


def _plain(match: re.Match[str]) -> str:
    short, name = match[1], match[2]
    return f"<code>{name.rsplit('.', 1)[-1] if short else name}</code>"


def on_page_content(html: str, **kwargs: Any) -> str:
    """The page's HTML with every rendered role reduced to its code."""
    return _ROLE.sub(_plain, html)

"""The column layout of the spreadsheets and CSV folders: sheets, columns and their headers.

Each sheet is a table whose first row holds the headers. A header may be written in English,
Finnish or Swedish, in any case, with spaces, hyphens or underscores (``Queued since``,
``jonossa_alkaen``); columns may come in any order. A column whose header starts with ``#`` is a
note column and is ignored. ``docs/io.md`` documents every column; the template's README sheet is
generated from the same table, so the two never disagree. The sheets themselves are defined in
:mod:`placement.io.sheets`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["LANGUAGES", "NEEDS_PREFIXES", "Column", "Kind", "Sheet", "header_key", "language_index"]

Kind = Literal[
    "raw", "text", "number", "whole", "date", "bool", "list", "groups", "prices", "limits", "needs"
]
"""How a cell is read: see :mod:`placement.io.cells`."""

LANGUAGES = ("en", "fi", "sv")
"""Languages headers may be written in; the first is what the writers use."""


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    Attributes
    ----------
    field : str
        The model field it fills (``lat``/``lon`` fill ``location``).
    kind : str
        How its cells are read.
    headers : tuple of str
        Its header in English, Finnish and Swedish, then further accepted aliases.
    required : bool
        Whether every row must give it.
    doc : str
        What it means, for the README sheet and ``docs/io.md``.
    """

    field: str
    kind: Kind
    headers: tuple[str, ...]
    required: bool = False
    doc: str = ""

    def header(self, language: str = "en") -> str:
        """The header in ``language`` (``en``, ``fi`` or ``sv``)."""
        return self.headers[language_index(language)]


@dataclass(frozen=True)
class Sheet:
    """One sheet (or CSV file): its names in the three languages and its columns."""

    key: str
    names: tuple[str, ...]
    columns: tuple[Column, ...]
    doc: str = ""

    def name(self, language: str = "en") -> str:
        """The sheet's name in ``language``."""
        return self.names[language_index(language)]


def language_index(language: str) -> int:
    """The position of ``language`` in :data:`LANGUAGES`.

    Raises
    ------
    ProblemError
        If it is not ``en``, ``fi`` or ``sv`` (not a bare ``ValueError`` from ``tuple.index``).
    """
    if language not in LANGUAGES:
        from placement.errors import Issue, ProblemError

        issue = Issue("language", f"unknown language '{language}'", "use en, fi or sv")
        raise ProblemError([issue], what="spreadsheet options")
    return LANGUAGES.index(language)


def header_key(text: str) -> str:
    """A header as it is compared: lower case, spaces and hyphens as underscores."""
    return "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())


NEEDS_PREFIXES = ("needs.", "tarve.", "behov.")
"""A column ``needs.<domain>`` (``tarve.``, ``behov.``) holds the 0-4 score of one needs domain."""

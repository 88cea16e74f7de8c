"""Languages of explanations: templates per reason code, municipality and unit names.

Every reason an explanation gives is a code with parameters; its text is rendered from a
template in the language asked. Finnish is written as a social worker writes the reasons of a
decision (perustelut), Swedish as a Finland-Swedish one would, English plainly. A template's
parameters are the same in every language (a test checks it), so any code renders in any
language from the same parameters.

Numbers, dates and plural forms come from the CLDR data through ``babel``: decimal commas in
Finnish and Swedish, Finnish dates as ``5.1.2026``, and a template's ``[count:one|other]``
chooses the form of the language's plural category for ``count`` (``[count:asiakkaalle, joka
oli|{count} asiakkaalle, jotka olivat]``), so no text says "client(s)".
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping
from functools import cache
from typing import Literal, get_args

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from pydantic import BaseModel, ConfigDict

from placement.model import Problem
from placement.municipalities import name_in

__all__ = [
    "DATE_FORMATS",
    "LANGUAGES",
    "LOCALES",
    "Coded",
    "Language",
    "Templates",
    "municipality_name",
    "parameters",
    "plural_category",
    "render",
    "shown",
    "unit_label",
]

Language = Literal["fi", "sv", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

Templates = Mapping[str, Mapping[Language, str]]
"""Reason code -> language -> template with ``{named}`` parameters and ``[name:one|other]``
plural choices."""

LOCALES: dict[Language, str] = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
"""The CLDR locale of each language: Finland's Finnish and Swedish, British English."""
DATE_FORMATS: dict[Language, str] = {"fi": "d.M.yyyy", "sv": "d.M.yyyy", "en": "d MMMM yyyy"}
"""Dates in sentences: as Finnish and Finland-Swedish letters write them; English in words."""

_PLURAL = re.compile(r"\[(\w+):([^|\]]*)\|([^\]]*)\]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@cache
def _locale(language: Language) -> Locale:
    return Locale.parse(LOCALES[language])


def plural_category(count: float, language: Language) -> str:
    """The CLDR plural category (``one``, ``other``) of ``count`` in ``language``."""
    return str(_locale(language).plural_form(abs(count)))


def shown(value: object, language: Language) -> object:
    """A parameter as a sentence shows it: numbers with the language's separators, ISO dates in
    its date format, anything else as it is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return format_decimal(value, locale=LOCALES[language])
    if isinstance(value, str) and _ISO_DATE.match(value):
        day = dt.date.fromisoformat(value)
        return format_date(day, DATE_FORMATS[language], locale=LOCALES[language])
    return value


def municipality_name(name: str, language: Language) -> str:
    """``name`` in ``language``: the official Swedish name in Swedish, the Finnish one otherwise
    (from the table of all 309 municipalities); a name the table lacks stays as given."""
    return name_in(name, language)


def unit_label(problem: Problem, unit_id: str, language: Language) -> str:
    """A unit as a client knows it: its name and municipality, or its id where it has no name."""
    unit = problem.unit_by_id[unit_id]
    town = municipality_name(unit.municipality, language)
    return f"{unit.name} ({town})" if unit.name else f"{unit.id} ({town})"


def parameters(template: str) -> frozenset[str]:
    """The names of the ``{parameters}`` and ``[plural:...]`` choices of ``template``."""
    chooses = {m[1] for m in _PLURAL.finditer(template)}
    flat = _PLURAL.sub(lambda m: m[2] + m[3], template)
    named = {name for _, name, _, _ in string.Formatter().parse(flat) if name}
    return frozenset(named | chooses)


def render(
    templates: Templates, code: str, params: Mapping[str, object], language: Language
) -> str:
    """The text of reason ``code`` in ``language`` with ``params`` filled in: plural forms
    chosen, numbers and dates in the language's formats (:func:`shown`)."""

    def choose(match: re.Match[str]) -> str:
        count = params[match[1]]
        assert isinstance(count, int | float), match[1]
        return match[2] if plural_category(count, language) == "one" else match[3]

    text = _PLURAL.sub(choose, templates[code][language])
    return text.format(**{k: shown(v, language) for k, v in params.items()})


class Coded(BaseModel):
    """A coded sentence: its code, its parameters as data and its text in one language.

    The base of an explanation's reasons and of a diagnosis's members.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    code: str
    params: dict[str, str | int | float]
    text: str

    def __str__(self) -> str:
        return self.text

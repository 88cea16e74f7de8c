"""Languages of explanations: templates per reason code, municipality and unit names.

Every reason an explanation gives is a code with parameters; its text is rendered from a
template in the language asked. Finnish is written as a social worker writes the reasons of a
decision (perustelut), Swedish as a Finland-Swedish one would, English plainly. A template's
parameters are the same in every language (a test checks it), so any code renders in any
language from the same parameters.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

from placement.model import Problem
from placement.municipalities import name_in

__all__ = [
    "LANGUAGES",
    "Coded",
    "Language",
    "Templates",
    "municipality_name",
    "parameters",
    "render",
    "unit_label",
]

Language = Literal["fi", "sv", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

Templates = Mapping[str, Mapping[Language, str]]
"""Reason code -> language -> template with ``{named}`` parameters."""


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
    """The names of the ``{parameters}`` of ``template``."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def render(
    templates: Templates, code: str, params: Mapping[str, object], language: Language
) -> str:
    """The text of reason ``code`` in ``language`` with ``params`` filled in."""
    return templates[code][language].format(**params)


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

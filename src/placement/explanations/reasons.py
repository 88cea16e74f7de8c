"""Reason codes of explanations and their texts in Finnish, Swedish and English.

A reason is a code and parameters; :data:`TEMPLATES` renders it. ``{unit}`` is always a
unit's label (:func:`~placement.explanations.language.unit_label`); Finnish and Swedish put
the case ending on the word "yksikkö"/"enheten", never on the unit's own name. No template
names another client or anyone's needs: other clients are only ever counted.
"""

from __future__ import annotations

from placement.explanations.language import (
    Coded,
    Language,
    municipality_name,
    render,
    unit_label,
)
from placement.explanations.reason_texts import TEMPLATES
from placement.model import Problem

__all__ = ["TEMPLATES", "Reason", "reason"]


class Reason(Coded):
    """One reason: a code, its parameters and its text in the language asked.

    Attributes
    ----------
    code : str
        A key of :data:`TEMPLATES`.
    params : dict
        The template's parameters as data: ``unit`` is a unit id and ``municipality`` a
        municipality as the problem names it (the text shows their names in the language);
        days, km, EUR/day and counts as numbers.
    text : str
        The rendered sentence.
    """

    def translated(self, problem: Problem, language: Language) -> Reason:
        """The same reason rendered in ``language``."""
        return reason(self.code, language, problem, **self.params)


def reason(
    code: str, language: Language, problem: Problem | None = None, **params: str | int | float
) -> Reason:
    """A :class:`Reason` of ``code`` rendered in ``language``.

    ``unit`` and ``other_unit`` are shown as the units' labels from ``problem``,
    ``municipality`` by its name in ``language``.
    """
    shown = dict(params)
    for key in ("unit", "other_unit"):
        if problem is not None and isinstance(shown.get(key), str):
            shown[key] = unit_label(problem, str(shown[key]), language)
    if isinstance(shown.get("municipality"), str):
        shown["municipality"] = municipality_name(str(shown["municipality"]), language)
    return Reason(code=code, params=params, text=render(TEMPLATES, code, shown, language))

"""Every Finnish and Swedish text is spelled right (issue 22, acceptance 3).

Every template of every reason and diagnosis code is rendered with sample parameters (1, 2 and
5 of each countable) and each word is checked: Finnish with Voikko (Debian's ``voikko-fi``
through the ``libvoikko`` binding), Swedish with hunspell's Finland-Swedish dictionary (Debian's
``hunspell-sv``). ``make test`` installs both, as it installs PostgreSQL. Unit and municipality
names and the sample values are allowed, and so are the few words of the field the
dictionaries lack, each listed below with why.
"""

from __future__ import annotations

import re
import subprocess

import libvoikko
import pytest

from placement.explanations.diagnosis_texts import TEMPLATES as DIAGNOSIS
from placement.explanations.language import parameters, render
from placement.explanations.reasons import TEMPLATES as REASONS

SAMPLE_WORDS = {"Koti", "Kotikatu"}
"""The sample unit, municipality and class names filled into the templates."""

FIELD_WORDS = {
    "fi": set(),
    "sv": set(),
}
"""Words of the field the dictionaries lack, by language."""

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _samples(names: frozenset[str], n: int) -> dict[str, object]:
    values: dict[str, object] = {}
    for name in names:
        if name in {"km", "eur"}:
            values[name] = 25.6
        elif name == "move_in":
            values[name] = "2026-01-05"
        elif name in {"unit", "other_unit", "municipality", "service_class", "client"}:
            values[name] = "Koti"
        elif name in {"rule", "feature", "features", "rules", "member", "members"}:
            values[name] = "Kotikatu"
        else:
            values[name] = n
    return values


def _texts(language: str) -> dict[str, str]:
    out = {}
    for templates in (REASONS, DIAGNOSIS):
        for code, texts in templates.items():
            names = parameters(texts["en"])
            for n in (1, 2, 5):
                out[f"{code}/{n}"] = render(templates, code, _samples(names, n), language)  # type: ignore[arg-type]
    return out


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text) if w not in SAMPLE_WORDS}


def test_finnish_is_spelled_right() -> None:
    voikko = libvoikko.Voikko("fi")
    wrong = {
        (key, word)
        for key, text in _texts("fi").items()
        for word in _words(text)
        if word not in FIELD_WORDS["fi"] and not voikko.spell(word)
    }
    voikko.terminate()
    assert wrong == set()


def test_swedish_is_spelled_right() -> None:
    texts = _texts("sv")
    words = sorted({w for t in texts.values() for w in _words(t)} - FIELD_WORDS["sv"])
    unknown = subprocess.run(
        ["hunspell", "-d", "sv_FI", "-l"],
        input="\n".join(words),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert unknown == []


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_checkers_catch_a_misspelling(language: str) -> None:
    """The witnesses have power: a misspelled word is caught in both languages."""
    if language == "fi":
        voikko = libvoikko.Voikko("fi")
        assert voikko.spell("asiakkaalle")
        assert not voikko.spell("asiakaalle")
        voikko.terminate()
    else:
        out = subprocess.run(
            ["hunspell", "-d", "sv_FI", "-l"],
            input="klienter\nklienetr\n",
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert out == ["klienetr"]

"""A result as sheets a placement team can share: in its language, with names beside ids.

``assignments`` (client, unit id, unit name, municipality, service class, move-in date),
``waiting`` (client, the whole explanation, what would help, the estimated wait) and
``metrics`` (tidy), with sheet names and headers in Finnish, Swedish or English. No needs,
ages or other personal data beyond the ids, and the explanations name no other client.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from placement.errors import Issue, ProblemError
from placement.model import Problem
from placement.municipalities import name_in
from placement.result import Result

if TYPE_CHECKING:
    from placement.explanations import Explanation

__all__ = ["RESULT_SHEETS", "result_sheets"]

RESULT_SHEETS: dict[str, dict[str, tuple[str, list[str]]]] = {
    "assignments": {
        "en": (
            "assignments",
            ["client_id", "unit_id", "unit", "municipality", "service_class", "move_in"],
        ),
        "fi": (
            "sijoitukset",
            ["asiakas", "yksikkö", "yksikön nimi", "kunta", "palveluluokka", "muuttopäivä"],
        ),
        "sv": (
            "placeringar",
            ["klient", "enhet", "enhetens namn", "kommun", "serviceklass", "inflyttningsdag"],
        ),
    },
    "waiting": {
        "en": ("waiting", ["client_id", "explanation", "what would help", "estimated wait"]),
        "fi": ("jonossa", ["asiakas", "perustelut", "mikä auttaisi", "arvioitu muuttoaika"]),
        "sv": (
            "väntande",
            ["klient", "motivering", "vad som skulle hjälpa", "beräknad inflyttning"],
        ),
    },
    "metrics": {
        "en": ("metrics", ["scope", "group", "metric", "value"]),
        "fi": ("tunnusluvut", ["taso", "ryhmä", "tunnusluku", "arvo"]),
        "sv": ("nyckeltal", ["nivå", "grupp", "nyckeltal", "värde"]),
    },
}
"""Each result sheet's name and headers, by language."""

Rows = tuple[list[str], list[list[Any]]]


def _explanations(
    problem: Problem,
    explanations: Iterable[Explanation] | Mapping[str, Explanation] | None,
    language: str,
) -> dict[str, Explanation]:
    """The explanations by client, each in ``language``; anything else is refused."""
    if explanations is None:
        return {}
    found = list(explanations.values() if isinstance(explanations, Mapping) else explanations)
    wrong = [k for k, e in enumerate(found) if not hasattr(e, "in_language")]
    if wrong:
        issue = Issue(
            f"explanations[{wrong[0]}]",
            f"is a {type(found[wrong[0]]).__name__}, not an Explanation",
            "pass what placement.explain returns (or explain_all), not its text",
        )
        raise ProblemError([issue], what="write_excel arguments")
    return {
        e.client_id: e if e.language == language else e.in_language(problem, language)
        for e in found
    }


def _parts(e: Explanation) -> tuple[str, str, str]:
    """The explanation without its counterfactuals and estimate; those; the estimate."""
    said = [e.headline, *e.overrides, *e.reasons]
    if e.envy_reason is not None:
        said.append(e.envy_reason)
    help_ = " ".join(c.reason.text for c in e.counterfactuals)
    wait = e.estimated_wait.text if e.estimated_wait is not None else ""
    return " ".join(r.text for r in said), help_, wait


def result_sheets(
    problem: Problem,
    result: Result,
    explanations: Iterable[Explanation] | Mapping[str, Explanation] | None,
    language: str = "en",
) -> dict[str, Rows]:
    """The result's sheets in ``language``, by sheet name (see the module docstring)."""
    from placement.io.frames import metrics_frame

    said = _explanations(problem, explanations, language)
    units = problem.unit_by_id
    assignments = [
        [
            a.client_id,
            a.unit_id,
            units[a.unit_id].name or "",
            name_in(units[a.unit_id].municipality, language),
            a.service_class,
            a.move_in,
        ]
        for a in result.assignments
    ]
    waiting = [[c, *(_parts(said[c]) if c in said else ("", "", ""))] for c in result.unplaced]
    metrics = metrics_frame(problem, result)
    rows: dict[str, list[list[Any]]] = {
        "assignments": assignments,
        "waiting": waiting,
        "metrics": metrics.astype(object).values.tolist(),
    }
    return {
        RESULT_SHEETS[key][language][0]: (RESULT_SHEETS[key][language][1], table)
        for key, table in rows.items()
    }

"""The needs-mapping sheet: how needs scores become required features and the lowest class.

One rule per row (domain, score at least, features, minimum level), so a county with its own
service-class ladder edits a table instead of typing JSON into a settings cell. The template
holds the default rules; the writers write a problem's rules here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from placement.io.layout import Column, Sheet
from placement.model import NEEDS_DOMAINS, NeedsMapping

__all__ = ["NEEDS_RULES", "domains_of", "rule_rows"]

NEEDS_RULES = Sheet(
    "needs_mapping",
    ("needs_mapping", "tarvesäännöt", "behovsregler"),
    (
        Column("domain", "text", ("domain", "tarvealue", "behovsområde"), True, "Needs domain."),
        Column(
            "at_least",
            "whole",
            ("at_least", "vähintään", "minst"),
            True,
            "The rule fires when the client's score in the domain is at least this (0-4).",
        ),
        Column(
            "features",
            "list",
            ("features", "ominaisuudet", "egenskaper"),
            False,
            "Unit features the client then needs, ';'-separated.",
        ),
        Column(
            "min_level",
            "whole",
            ("min_level", "vähimmäistaso", "lägsta_nivå"),
            False,
            "Lowest service-class level the client then needs (default 1).",
        ),
    ),
    "How needs scores become required features and the lowest service class, one rule per row; "
    "the template holds the default rules: edit them to fit the county's own classes.",
)
"""The sheet's columns, in three languages."""


def domains_of(rule_domains: Iterable[str], client_domains: Iterable[str]) -> tuple[str, ...]:
    """The domains of a mapping read from the sheet: the default ones, then any other that a
    rule or a client's needs column names, in order of appearance."""
    out = list(NEEDS_DOMAINS)
    for domain in (*rule_domains, *client_domains):
        if domain not in out:
            out.append(domain)
    return tuple(out)


def rule_rows(mapping: NeedsMapping, client_domains: Sequence[str]) -> list[list[Any]] | None:
    """The mapping's rules as the sheet's rows, or ``None`` when the sheet cannot carry it (it
    names domains neither a rule nor a client uses: then it goes to the settings as JSON)."""
    derived = domains_of((r.domain for r in mapping.rules), client_domains)
    if derived != mapping.domains:
        return None
    return [
        [r.domain, r.at_least, "; ".join(r.features) or None, r.min_level] for r in mapping.rules
    ]

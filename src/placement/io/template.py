"""An empty workbook for a county to fill in: :func:`write_template`.

Sheets with their headers (a column per needs domain), the default service-class ladder, the
default needs rules and the settings keys filled in, a
README sheet that explains every column (from the same table the readers use), and drop-down
lists for service classes and municipalities. The lists offer, they do not force: a name outside
them gives a warning in the spreadsheet, and the reader decides.
"""

from __future__ import annotations

import os
from typing import Any

from placement.io.layout import LANGUAGES, NEEDS_PREFIXES
from placement.io.needs_sheet import rule_rows
from placement.io.places import all_names
from placement.io.sheets import SCENARIO, SHEETS
from placement.model import DEFAULT_NEEDS_MAPPING, DEFAULT_SERVICE_CLASSES, NEEDS_DOMAINS, Weights

__all__ = ["write_template"]

_README_HEADERS = {
    "en": ["sheet", "column", "also accepted", "required", "meaning"],
    "fi": ["taulukko", "sarake", "myös käy", "pakollinen", "merkitys"],
    "sv": ["blad", "kolumn", "godtas också", "obligatorisk", "betydelse"],
}
_YES = {"en": "yes", "fi": "kyllä", "sv": "ja"}
_README_INTRO = {
    "en": "Fill in one row per client, unit and resident. Empty cells are 'not given'. Lists are "
    "';'-separated; tied preferences 'u1|u2'; dates 2025-03-01 or 1.3.2025. A column whose "
    "header starts with '#' is a note and is not read.",
    "fi": "Täytä yksi rivi kutakin asiakasta, yksikköä ja asukasta kohden. Tyhjä solu = ei "
    "annettu. Luettelot erotetaan ';'-merkillä; tasaveroiset toiveet 'u1|u2'; päivämäärät "
    "2025-03-01 tai 1.3.2025. '#'-alkuista saraketta ei lueta.",
    "sv": "Fyll i en rad per klient, enhet och boende. Tom cell = inte angiven. Listor skiljs "
    "med ';'; jämbördiga önskemål 'u1|u2'; datum 2025-03-01 eller 1.3.2025. En kolumn vars "
    "rubrik börjar med '#' läses inte.",
}


def write_template(path: str | os.PathLike[str], language: str = "en") -> None:
    """Write an empty county workbook with headers in ``language`` (``en``, ``fi`` or ``sv``).

    The column explanations of the README sheet are in English; sheet names, headers and the
    README's introduction are in ``language``.
    """
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    if language not in LANGUAGES:
        from placement.errors import Issue, ProblemError

        issue = Issue("language", f"unknown language '{language}'", "use en, fi or sv")
        raise ProblemError([issue], what="template options")
    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = "README"
    readme.append([_README_INTRO[language]])
    readme.append([])
    readme.append(_README_HEADERS[language])
    names = {s.key: s.name(language) for s in SHEETS}
    for sheet in (*SHEETS, SCENARIO):
        for column in sheet.columns:
            others = [h for h in column.headers if h != column.header(language)]
            readme.append(
                [
                    sheet.name(language),
                    column.header(language),
                    ", ".join(others),
                    _YES[language] if column.required else "",
                    column.doc,
                ]
            )
    for sheet in (*SHEETS, SCENARIO):
        ws = book.create_sheet(sheet.name(language))
        headers = [c.header(language) for c in sheet.columns if c.kind != "needs"]
        if sheet.key == "clients":  # every needs domain of the default rules, as a column
            headers += [f"{NEEDS_PREFIXES[LANGUAGES.index(language)]}{d}" for d in NEEDS_DOMAINS]
        ws.append(headers)
        for row in _prefilled(sheet.key):
            ws.append(row)
    lists = book.create_sheet("lists")
    towns = all_names()
    for i, town in enumerate(towns, 1):
        lists.cell(row=i, column=1, value=town)
    lists.sheet_state = "hidden"
    classes = f"'{names['service_classes']}'!$A$2:$A$50"
    towns_range = f"lists!$A$1:$A${len(towns)}"
    for key, letter, source in (
        ("clients", "B", towns_range),
        ("units", "D", towns_range),
        ("clients", "G", classes),
    ):
        rule = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
        rule.errorStyle = "warning"  # offer the list; the reader decides
        book[names[key]].add_data_validation(rule)
        rule.add(f"{letter}2:{letter}5000")
    book.save(os.fspath(path))


def _prefilled(key: str) -> list[list[Any]]:
    if key == "service_classes":
        return [[k.id, k.name, k.level, k.daily_price, k.staffing] for k in DEFAULT_SERVICE_CLASSES]
    if key == "needs_mapping":
        return rule_rows(DEFAULT_NEEDS_MAPPING, []) or []
    if key == "settings":
        w = Weights()
        return [
            ["reference_date", None],
            ["weights.urgency", "; ".join(f"{k}={v}" for k, v in w.urgency.items())],
            ["weights.waited_per_day", w.waited_per_day],
            ["weights.delay_per_day", w.delay_per_day],
            ["weights.rank_step", w.rank_step],
            ["weights.per_km", w.per_km],
            ["weights.per_eur_day", w.per_eur_day],
        ]
    return []

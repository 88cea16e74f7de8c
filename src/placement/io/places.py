"""Municipality names in both official languages, Statistics Finland codes, and Finland's extent.

The shipped table ``municipalities.csv`` lists Finnish municipalities with their Swedish names
(the bilingual ones and those whose Swedish name is in common use) and, where it is certain,
their Statistics Finland code. Only names are in it, no coordinates: "far from its municipality"
is not checked, only "outside Finland's bounding box".
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "FINLAND_LAT",
    "FINLAND_LON",
    "MunicipalityNames",
    "NameEntry",
    "name_table",
    "outside_finland",
]

FINLAND_LAT = (59.5, 70.1)
"""Latitudes (decimal degrees) of Finland's bounding box, mainland and Åland."""
FINLAND_LON = (19.0, 31.6)
"""Longitudes (decimal degrees) of Finland's bounding box."""


@dataclass(frozen=True)
class NameEntry:
    """One municipality: its Finnish name, Swedish name (or ``""``) and code (or ``""``)."""

    finnish: str
    swedish: str
    code: str

    def names(self) -> tuple[str, ...]:
        """Its names, Finnish first."""
        return tuple(n for n in (self.finnish, self.swedish) if n)


@cache
def name_table() -> dict[str, NameEntry]:
    """The shipped table, by every lower-cased name and by code."""
    text = resources.files("placement.io").joinpath("municipalities.csv").read_text("utf-8")
    table: dict[str, NameEntry] = {}
    for row in csv.DictReader(text.splitlines()):
        entry = NameEntry(row["finnish"], row["swedish"], row["code"])
        for key in (entry.finnish, entry.swedish, entry.code):
            if key:
                table[key.casefold()] = entry
    return table


def _entry(name: str) -> NameEntry | None:
    key = name.strip()
    if key.isdigit():
        key = key.zfill(3)
    return name_table().get(key.casefold())


class MunicipalityNames:
    """Resolves a municipality as written to the name the problem uses.

    Parameters
    ----------
    known : iterable of str
        The names the problem uses: the settings' ``municipalities`` when given (``strict``),
        else the names of the units.
    strict : bool
        Whether ``known`` is the complete list. Without it, a name outside ``known`` and the
        table is accepted unless it is a near miss of a known name (a likely typo; a real
        municipality close to one in use, such as Vaala beside Vaasa, then needs the list).
    """

    def __init__(self, known: Iterable[str], strict: bool) -> None:
        self.known = set(known)
        self.strict = strict

    def resolve(self, name: str) -> tuple[str | None, str]:
        """The name the problem uses for ``name``, or ``None`` and a hint naming the closest.

        The Finnish name wins where both names of one municipality are in use; a Swedish name or
        a code maps to the name in use.
        """
        entry = _entry(name)
        if entry is not None and entry.finnish in self.known:
            return entry.finnish, ""
        if name in self.known:
            return name, ""
        if entry is not None:
            for other in entry.names():
                if other in self.known:
                    return other, ""
            if not self.strict:
                return entry.finnish, ""
        # Without a complete list only near misses of the names in use are refused: the table
        # holds some municipalities, not all, and a real one (Vaala) may be close to another.
        close = difflib.get_close_matches(
            name, sorted(self.known), n=1, cutoff=0.6 if self.strict else 0.8
        )
        if close:
            return None, f"did you mean '{close[0]}'?"
        if self.strict:
            return None, "use a name from the settings' municipalities or add it there"
        return name, ""


def outside_finland(lat: float, lon: float) -> tuple[str, str] | None:
    """``(message, hint)`` if the point lies outside Finland's bounding box, else ``None``.

    The hint says "latitude and longitude swapped?" when the swapped point lies inside.
    """

    def inside(la: float, lo: float) -> bool:
        return FINLAND_LAT[0] <= la <= FINLAND_LAT[1] and FINLAND_LON[0] <= lo <= FINLAND_LON[1]

    if inside(lat, lon):
        return None
    message = (
        f"lies outside Finland (latitude {FINLAND_LAT[0]}-{FINLAND_LAT[1]}, "
        f"longitude {FINLAND_LON[0]}-{FINLAND_LON[1]})"
    )
    if inside(lon, lat):
        return message, "latitude and longitude swapped?"
    return message, "check the coordinates: decimal degrees, WGS84"

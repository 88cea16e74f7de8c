"""Municipality names in both official languages and codes, and where a point may lie.

Names come from the table of all 309 municipalities (:mod:`placement.municipalities`): a
municipality cell may hold the Finnish or Swedish name or the Statistics Finland code. A point
outside Finland's bounding box is an error; one farther from its municipality's centroid than
the municipality's radius and 5 km is a warning (:func:`far_from_municipality`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from placement.municipalities import distance_from_centroid_km, find, municipalities

__all__ = [
    "FAR_MARGIN_KM",
    "FINLAND_LAT",
    "FINLAND_LON",
    "MunicipalityNames",
    "all_names",
    "far_from_municipality",
    "outside_finland",
]

FINLAND_LAT = (59.5, 70.1)
"""Latitudes (decimal degrees) of Finland's bounding box, mainland and Åland."""
FINLAND_LON = (19.0, 31.6)
"""Longitudes (decimal degrees) of Finland's bounding box."""
FAR_MARGIN_KM = 5.0
"""Beyond its municipality's radius, how far (km) a point may lie before a warning."""


def all_names() -> list[str]:
    """Every municipality's names, Finnish and Swedish, sorted (the template's drop-down)."""
    return sorted({n for m in municipalities() for n in m.names()})


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
        entry = find(name)
        if entry is not None and entry.name_fi in self.known:
            return entry.name_fi, ""
        if name in self.known:
            return name, ""
        if entry is not None:
            for other in entry.names():
                if other in self.known:
                    return other, ""
            if not self.strict:
                return entry.name_fi, ""
        # Without a complete list only near misses of the names in use are refused: a name the
        # table lacks may be a merged municipality's, and a real one (Vaala) close to another.
        close = difflib.get_close_matches(
            name, sorted(self.known), n=1, cutoff=0.6 if self.strict else 0.8
        )
        if close:
            return None, f"did you mean '{close[0]}'?"
        if self.strict:
            return None, "use a name from the settings' municipalities or add it there"
        return name, ""


def far_from_municipality(name: str, lat: float, lon: float) -> tuple[str, str] | None:
    """``(message, hint)`` if the point lies farther from municipality ``name``'s centroid than
    its radius and :data:`FAR_MARGIN_KM`; ``None`` if near, or if the table lacks ``name``."""
    found = find(name)
    if found is None:
        return None
    km = distance_from_centroid_km(found, lat, lon)
    if km <= found.radius_km + FAR_MARGIN_KM:
        return None
    message = f"lies {km:.0f} km from the centre of {found.name_fi}, outside the municipality"
    return message, "swapped or mistyped coordinates?"


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

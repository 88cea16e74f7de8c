"""Finland's 309 municipalities: official Finnish and Swedish names, code, wellbeing services
county, area centroid and radius.

The table is Statistics Finland's classification of 2021 with centroids and radii derived from
the open map data of the Finnish Broadcasting Company (CC BY 4.0); its source and columns are in
``placement/data/README.md``. Every part of the library that names or places a municipality
reads it here: the readers (Birkala is Pirkkala), the explanations (Tammerfors in Swedish), the
template's drop-down list and the check that a point lies near its municipality.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Municipality", "distance_from_centroid_km", "find", "municipalities", "name_in"]

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Municipality:
    """One municipality of the table.

    Attributes
    ----------
    code : str
        Official three-digit number (``049``).
    name_fi, name_sv : str
        Official Finnish and Swedish names (the same for 195 of the 309).
    county : str
        The wellbeing services county that arranges its services (Finnish name).
    lat, lon : float
        Area centroid (WGS 84 degrees).
    radius_km : float
        Largest distance from the centroid to the municipality's boundary (km).
    """

    code: str
    name_fi: str
    name_sv: str
    county: str
    lat: float
    lon: float
    radius_km: float

    def names(self) -> tuple[str, ...]:
        """Its names, Finnish first (one if both are the same)."""
        return (self.name_fi,) if self.name_sv == self.name_fi else (self.name_fi, self.name_sv)


@cache
def municipalities() -> tuple[Municipality, ...]:
    """Every municipality, in the table's order (by code)."""
    text = resources.files("placement.data").joinpath("municipalities_fi.csv").read_text("utf-8")
    return tuple(
        Municipality(
            code=row["code"],
            name_fi=row["name_fi"],
            name_sv=row["name_sv"],
            county=row["county_fi"],
            lat=float(row["centroid_lat"]),
            lon=float(row["centroid_lon"]),
            radius_km=float(row["radius_km"]),
        )
        for row in csv.DictReader(text.splitlines())
    )


@cache
def _index() -> dict[str, Municipality]:
    table: dict[str, Municipality] = {}
    for m in municipalities():
        for key in (m.code, *m.names()):
            table[key.casefold()] = m
    return table


def find(name: str) -> Municipality | None:
    """The municipality named ``name`` in Finnish or Swedish (any case), or numbered ``name``
    (``49`` or ``049``); ``None`` if the table has none."""
    key = name.strip()
    if key.isdigit():
        key = key.zfill(3)
    return _index().get(key.casefold())


def name_in(name: str, language: str) -> str:
    """``name`` in ``language``: the official Swedish name for ``sv``, the Finnish one for
    ``fi`` and ``en``; a name the table does not hold is returned as given."""
    found = find(name)
    if found is None:
        return name
    return found.name_sv if language == "sv" else found.name_fi


def distance_from_centroid_km(municipality: Municipality, lat: float, lon: float) -> float:
    """Great-circle distance (km) from the municipality's centroid to a point."""
    p1, p2 = math.radians(municipality.lat), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - municipality.lon)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))

"""Geographic points and great-circle distance."""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["EARTH_RADIUS_KM", "Point", "haversine_km"]

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (km), the IUGG value used for haversine distances."""


class Point(BaseModel):
    """A WGS84 location in decimal degrees."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lat: float = Field(ge=-90.0, le=90.0, description="Latitude, decimal degrees.")
    lon: float = Field(ge=-180.0, le=180.0, description="Longitude, decimal degrees.")


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance between two points (km)."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))

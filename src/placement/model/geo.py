"""Geographic points and great-circle distance."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import ConfigDict, Field

from placement.model.input import InputModel
from placement.model.types import Number

__all__ = [
    "DISTANCE_TOLERANCE_KM",
    "EARTH_RADIUS_KM",
    "Point",
    "haversine_km",
    "haversine_km_array",
]

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (km), the IUGG value used for haversine distances."""
DISTANCE_TOLERANCE_KM = 1e-6
"""A unit is within a client's ``max_distance_km`` when its great-circle distance is at most the
limit plus this (1 mm). Floating-point haversines differ by a few ulp between formulas (numpy's
vectorised one rounds up by 1-35 ulp at some distances), so a unit exactly at the limit would
otherwise be in or out by chance. The candidate builder and the checker both apply it."""


class Point(InputModel):
    """A WGS84 location in decimal degrees (finite: NaN is refused as "not a number")."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "point"

    lat: Number = Field(ge=-90.0, le=90.0, description="Latitude, decimal degrees.")
    lon: Number = Field(ge=-180.0, le=180.0, description="Longitude, decimal degrees.")


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance between two points (km)."""
    return float(haversine_km_array(a.lat, a.lon, b.lat, b.lon))


def haversine_km_array(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> NDArray[np.float64]:
    """Great-circle distances (km) between points given in decimal degrees, element by element.

    The arguments broadcast like numpy arrays, so ``lat1[:, None]`` against ``lat2[None, :]``
    gives a distance matrix. Identical points are 0 km exactly.
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2) - np.radians(lon1)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h))), np.float64)

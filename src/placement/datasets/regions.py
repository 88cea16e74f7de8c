"""Municipalities of the bundled regions: name, latitude, longitude, approximate population.

Sources: ``shared/DOMAIN.md`` (Statistics Finland figures, 2022). Populations of the smaller
Etelä-Savo municipalities were not given there and are rounded public figures [assumed].
"""

from __future__ import annotations

import numpy as np

__all__ = ["REGIONS", "Municipality", "finland"]

Municipality = tuple[str, float, float, int]

REGIONS: dict[str, tuple[Municipality, ...]] = {
    "luvn": (
        ("Espoo", 60.2068, 24.6558, 300_000),
        ("Kauniainen", 60.2116, 24.7290, 10_000),
        ("Kirkkonummi", 60.1232, 24.4417, 40_000),
        ("Vihti", 60.4182, 24.3405, 29_000),
        ("Lohja", 60.2511, 24.0698, 46_000),
        ("Siuntio", 60.1389, 24.2269, 6_000),
        ("Inkoo", 60.0460, 24.0054, 5_500),
        ("Raasepori", 59.9745, 23.4359, 27_000),
        ("Hanko", 59.8233, 22.9682, 7_700),
        ("Karkkila", 60.5343, 24.2261, 9_000),
    ),
    "etela-savo": (
        ("Mikkeli", 61.6867, 27.2713, 52_000),
        ("Savonlinna", 61.8684, 28.8676, 32_000),
        ("Pieksämäki", 62.3037, 27.1743, 17_000),
        ("Juva", 61.8946, 27.8666, 6_000),
        ("Kangasniemi", 62.0053, 26.6475, 5_000),
        ("Mäntyharju", 61.4181, 26.8696, 5_700),
        ("Hirvensalmi", 61.6461, 26.7721, 2_100),
        ("Pertunmaa", 61.5100, 26.4845, 1_700),
        ("Puumala", 61.5255, 28.1825, 2_100),
        ("Rantasalmi", 62.0694, 28.3014, 3_400),
        ("Sulkava", 61.7858, 28.3632, 2_500),
        ("Enonkoski", 62.0911, 28.9226, 1_300),
    ),
}


def finland(n_towns: int, rng: np.random.Generator) -> tuple[Municipality, ...]:
    """A synthetic national region: ``n_towns`` towns over southern Finland.

    Towns are spread uniformly over lat 60.0-61.6, lon 23.0-28.0, with Zipf-like populations
    (town ``i`` has about 200,000 / i inhabitants) [assumed], for instances larger than any
    real county. The box is sized so that 1,500 units give about 40 candidates per client.
    """
    lat = rng.uniform(60.0, 61.6, n_towns)
    lon = rng.uniform(23.0, 28.0, n_towns)
    pop = (200_000 / np.arange(1, n_towns + 1)).astype(int) + 1_000
    return tuple(
        (f"Town {i + 1:03d}", round(float(a), 4), round(float(o), 4), int(p))
        for i, (a, o, p) in enumerate(zip(lat, lon, pop, strict=True))
    )

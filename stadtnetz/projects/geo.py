# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""A map of Germany drawn from the registry itself: no tiles, no external geodata.

Every municipality's coordinates mark a grid cell; a morphological closing fills the gaps
between large rural municipalities; each cell takes the state of the nearest municipality.
Runs of cells of the same state become rectangles of one SVG path per state. The result is
cached per registry import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from stadtnetz.municipalities.models import Municipality, RegistryImport

LON_MIN, LON_MAX = 5.6, 15.3
LAT_MIN, LAT_MAX = 47.1, 55.2
COS_LAT = math.cos(math.radians(51.2))
SCALE = 58.0  # pixels per degree of latitude
MARGIN = 10
CELL_LAT, CELL_LON = 0.06, 0.09
CLOSING = 2
WIDTH = round((LON_MAX - LON_MIN) * COS_LAT * SCALE + 2 * MARGIN)
HEIGHT = round((LAT_MAX - LAT_MIN) * SCALE + 2 * MARGIN)
_cache: dict[object, list[StateShape]] = {}


def project(lat: float | Decimal, lon: float | Decimal) -> tuple[float, float]:
    """Equirectangular projection scaled at 51.2° N into the SVG's pixel space."""
    x = (float(lon) - LON_MIN) * COS_LAT * SCALE + MARGIN
    y = (LAT_MAX - float(lat)) * SCALE + MARGIN
    return round(x, 1), round(y, 1)


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine, mean Earth radius 6,371 km)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class StateShape:
    code: str
    path: str
    shade: int


def _cells() -> dict[tuple[int, int], str]:
    occupied: dict[tuple[int, int], str] = {}
    rows = (
        Municipality.objects.active()
        .filter(latitude__isnull=False)
        .values_list("latitude", "longitude", "state__code")
    )
    for lat, lon, code in rows:
        cell = (int((LAT_MAX - float(lat)) / CELL_LAT), int((float(lon) - LON_MIN) / CELL_LON))
        occupied.setdefault(cell, code)
    # closing = dilation then erosion: fills holes between large municipalities
    dilated: dict[tuple[int, int], str] = dict(occupied)
    for (r, c), code in occupied.items():
        for dr in range(-CLOSING, CLOSING + 1):
            for dc in range(-CLOSING, CLOSING + 1):
                dilated.setdefault((r + dr, c + dc), code)
    closed = {}
    for (r, c), code in dilated.items():
        inner = all(
            (r + dr, c + dc) in dilated
            for dr in range(-CLOSING, CLOSING + 1)
            for dc in range(-CLOSING, CLOSING + 1)
        )
        if inner or (r, c) in occupied:
            closed[(r, c)] = occupied.get((r, c), code)
    return closed


def state_shapes() -> list[StateShape]:
    latest = RegistryImport.objects.order_by("-pk").values_list("pk", flat=True).first()
    key = (latest, Municipality.objects.count())
    if key in _cache:
        return _cache[key]
    cells = _cells()
    paths: dict[str, list[str]] = {}
    by_row: dict[int, list[int]] = {}
    for r, c in cells:
        by_row.setdefault(r, []).append(c)
    ch, cw = CELL_LAT * SCALE, CELL_LON * COS_LAT * SCALE
    for r, columns in by_row.items():
        columns.sort()
        start = previous = columns[0]
        code = cells[(r, start)]
        for c in [*columns[1:], None]:
            if c is not None and c == previous + 1 and cells[(r, c)] == code:
                previous = c
                continue
            x, y = MARGIN + start * cw, MARGIN + r * ch
            width = (previous - start + 1) * cw
            paths.setdefault(code, []).append(
                f"M{x:.1f} {y:.1f}h{width:.1f}v{ch:.1f}h{-width:.1f}z"
            )
            if c is not None:
                start = previous = c
                code = cells[(r, c)]
    shapes = [
        StateShape(code=code, path="".join(parts), shade=index % 4)
        for index, (code, parts) in enumerate(sorted(paths.items()))
    ]
    _cache.clear()
    _cache[key] = shapes
    return shapes

"""Pure geography: great-circle distances and the geographic weight of a match.

No database, no Flask: these functions are used by the ranking on numpy arrays and tested alone.
"""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_KM = 6371.0088

# Bounding boxes (lat_min, lat_max, lon_min, lon_max) where a WGS84 point may lie: metropolitan
# France (with Corsica) and the overseas départements.
FRANCE_BOXES: dict[str, tuple[float, float, float, float]] = {
    "metropole": (41.2, 51.2, -5.3, 9.7),
    "guadeloupe": (15.8, 16.6, -61.9, -60.9),
    "martinique": (14.3, 14.9, -61.3, -60.8),
    "guyane": (2.1, 5.8, -54.7, -51.5),
    "reunion": (-21.4, -20.8, 55.2, 55.9),
    "mayotte": (-13.1, -12.6, 44.9, 45.4),
}


def in_france(lat: float, lon: float) -> bool:
    return any(a <= lat <= b and c <= lon <= d for a, b, c, d in FRANCE_BOXES.values())


def haversine_km(lat1: float, lon1: float, lat2, lon2):
    """Distance in km from one point to one or many points (numpy arrays broadcast)."""
    lat1r, lon1r = math.radians(lat1), math.radians(lon1)
    lat2r, lon2r = np.radians(lat2), np.radians(lon2)
    dlat = lat2r - lat1r
    dlon = lon2r - lon1r
    a = np.sin(dlat / 2) ** 2 + math.cos(lat1r) * np.cos(lat2r) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def near_weight(distance_km, half_km: float, softness_km: float):
    """How near a place is, in [0, 1]: a logistic step that is ~1 well within `half_km`, 0.5 at
    `half_km` and ~0 a few `softness_km` beyond (1 / (1 + e^((d − half) / softness)))."""
    d = np.asarray(distance_km, dtype=np.float64)
    return 1.0 / (1.0 + np.exp(np.clip((d - half_km) / max(softness_km, 1e-6), -50.0, 50.0)))


KM_PER_DEGREE_LAT = 110.574


def within_km(
    lat: float, lon: float, lats: np.ndarray, lons: np.ndarray, limit_km: float
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the points within `limit_km` of (lat, lon), and their distances. A cheap
    bounding-box test first, so the haversine runs only on the points near the box; points with
    an unknown (NaN) place are never within."""
    dlat = limit_km / KM_PER_DEGREE_LAT
    dlon = dlat / max(np.cos(np.radians(min(abs(lat) + dlat, 89.0))), 0.01)
    box = np.flatnonzero((np.abs(lats - lat) <= dlat) & (np.abs(lons - lon) <= dlon))
    distance = haversine_km(lat, lon, lats[box], lons[box])
    inside = distance <= limit_km
    return box[inside], distance[inside]

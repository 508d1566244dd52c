"""Approximate contours for the maps, as GeoJSON: the Territoires d'industrie of the current list,
and the départements (the offline background of every map: no tile server needed).

Each territory is drawn as the convex hulls of its member communes' centres, one hull per EPCI
(an EPCI is compact, a territory of several EPCI need not be): close to the real outline at the
scale of a map of France, computed from the commune table without any geometry library beyond
scipy. Cached per process and list version; a reload of the list changes the version.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any

import numpy as np
from scipy.spatial import ConvexHull, QhullError
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Commune, Departement, Territoire, TerritoireCommune, TerritoireList

_cache: dict[tuple[str, int, str], dict[str, Any]] = {}
_lock = threading.Lock()
PAD_DEGREES = 0.02  # a hull of one or two communes is widened so that it stays visible


def hull_ring(points: np.ndarray) -> list[list[float]]:
    """A closed ring [[lon, lat], ...] around `points` (an n×2 array of lon, lat)."""
    unique = np.unique(np.round(points, 5), axis=0)
    if len(unique) >= 3:
        try:
            hull = ConvexHull(unique)
            ring = unique[hull.vertices].tolist()
            return [[round(x, 4), round(y, 4)] for x, y in ring + ring[:1]]
        except QhullError:  # collinear points
            pass
    lon0, lat0 = unique.min(axis=0) - PAD_DEGREES
    lon1, lat1 = unique.max(axis=0) + PAD_DEGREES
    box = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return [[round(float(x), 4), round(float(y), 4)] for x, y in box]


def territory_contours(session: Session) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one MultiPolygon per territory (properties: name, list)."""
    current = session.scalars(select(TerritoireList).where(TerritoireList.is_current.is_(True))).first()
    if current is None:
        return {"type": "FeatureCollection", "features": [], "list_version": None}
    key = (str(session.get_bind().engine.url), current.id, current.version)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    rows = session.execute(
        select(Territoire.id, Territoire.name, Commune.epci_siren, Commune.lon, Commune.lat)
        .join(TerritoireCommune, TerritoireCommune.territoire_id == Territoire.id)
        .join(Commune, Commune.code == TerritoireCommune.commune_code)
        .where(Territoire.list_id == current.id, Commune.lat.is_not(None))
    ).all()
    names: dict[int, str] = {}
    groups: dict[int, dict[str | None, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    for territory_id, name, epci, lon, lat in rows:
        names[territory_id] = name
        groups[territory_id][epci].append((lon, lat))
    features = []
    for territory_id in sorted(groups):
        polygons = [[hull_ring(np.asarray(points))] for points in groups[territory_id].values()]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": names[territory_id], "list_version": current.version},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    collection = {"type": "FeatureCollection", "features": features, "list_version": current.version}
    with _lock:
        _cache[key] = collection
    return collection


def departement_contours(session: Session) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: each département as the convex hull of its communes' centres
    (properties: code, name). Enough to recognise France on a map without tiles."""
    key = (str(session.get_bind().engine.url), 0, "departements")
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    names = dict(session.execute(select(Departement.code, Departement.name)).all())
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for code, lon, lat in session.execute(
        select(Commune.departement_code, Commune.lon, Commune.lat).where(Commune.lat.is_not(None))
    ):
        if code:
            points[code].append((lon, lat))
    features = [
        {
            "type": "Feature",
            "properties": {"code": code, "name": names.get(code, code)},
            "geometry": {"type": "Polygon", "coordinates": [hull_ring(np.asarray(points[code]))]},
        }
        for code in sorted(points)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    if features:  # not cached before the reference data is loaded
        with _lock:
            _cache[key] = collection
    return collection

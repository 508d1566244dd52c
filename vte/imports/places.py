"""Locations of a whole file resolved in a few queries.

`vte.locations.resolve_location` answers one Location with one to three queries; a file of 10,000
offers would spend minutes in them. `LocationCache` gives the same answers in bulk:

- INSEE codes: the communes are loaded in one query (an arrondissement or a delegated commune is
  left to `resolve_location`);
- postcodes: the communes serving every postcode of the file are loaded in one query, and the
  postcode rule is applied in memory (the first commune by population whose name matches `city`,
  or the only commune of the postcode);
- coordinates: the nearest commune of every point is found with a k-d tree on the communes'
  positions (one query). `nearest_commune` looks first in a box of ±0.15° of latitude and ±0.225°
  of longitude around the point and takes the nearest commune in it: when the tree's nearest
  commune lies in that box, both answers are the same commune.

Anything else — an error to report, an arrondissement, a point far from every commune — goes to
`resolve_location` itself, once per distinct (field, location), so every message is its own.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from scipy.spatial import cKDTree
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import geo
from ..errors import InputError
from ..locations import INSEE_RE, POSTCODE_RE, ResolvedLocation, resolve_location
from ..models import Commune, Postcode
from ..refdata.communes import search_key
from .fields import LineError, Record

IN_CHUNK = 1000
BOX_LAT, BOX_LON = 0.15, 0.225  # the first box searched by vte.locations.nearest_commune


def _present_keys(location: Mapping) -> frozenset:
    return frozenset(k for k, v in location.items() if v is not None and v != "")


def _postcode_of(location: Any) -> tuple[str, Any] | None:
    if not isinstance(location, Mapping) or _present_keys(location) not in ({"postcode"}, {"postcode", "city"}):
        return None
    code = str(location["postcode"]).strip()
    return (code, location.get("city")) if POSTCODE_RE.match(code) else None


def _point_of(location: Any) -> tuple[float, float] | None:
    if not isinstance(location, Mapping) or _present_keys(location) != {"lat", "lon"}:
        return None
    lat, lon = location["lat"], location["lon"]
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in (lat, lon)):
        return None
    lat, lon = float(lat), float(lon)
    return (lat, lon) if geo.in_france(lat, lon) else None


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    lat_r, lon_r = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(lat_r) * np.cos(lon_r), np.cos(lat_r) * np.sin(lon_r), np.sin(lat_r)))


class LocationCache:
    def __init__(self, session: Session):
        self.session = session
        self._results: dict[tuple[str, str], ResolvedLocation | InputError] = {}
        self._communes: dict[str, Commune] = {}  # by INSEE code (also keeps the identity map populated)
        self._postcodes: dict[str, list[tuple[str, str, str, float, float]]] = {}
        self._points: dict[tuple[float, float], ResolvedLocation] = {}

    def prefetch(self, locations: Iterable[Any]) -> None:
        codes, postcodes, points = set(), set(), set()
        for location in locations:
            if isinstance(location, Mapping) and isinstance(location.get("insee"), str):
                code = location["insee"].strip().upper()
                if INSEE_RE.match(code):
                    codes.add(code)
            elif (postcode := _postcode_of(location)) is not None:
                postcodes.add(postcode[0])
            elif (point := _point_of(location)) is not None:
                points.add(point)
        for chunk in _chunks(sorted(codes)):
            for commune in self.session.scalars(select(Commune).where(Commune.code.in_(chunk))):
                self._communes[commune.code] = commune
        self._load_postcodes(sorted(postcodes))
        self._locate_points(sorted(points))

    def _load_postcodes(self, postcodes: list[str]) -> None:
        served = defaultdict(list)
        for chunk in _chunks(postcodes):
            rows = self.session.execute(
                select(Postcode.code, Commune.code, Commune.name, Commune.search_name, Commune.lat, Commune.lon)
                .join(Commune, Commune.code == Postcode.commune_code)
                .where(Postcode.code.in_(chunk))
                .order_by(Postcode.code, Commune.population.desc(), Commune.code)
            )
            for postcode, *commune in rows:
                served[postcode].append(tuple(commune))
        self._postcodes.update(served)

    def _locate_points(self, points: list[tuple[float, float]]) -> None:
        if not points:
            return
        rows = self.session.execute(
            select(Commune.code, Commune.name, Commune.lat, Commune.lon).where(
                Commune.lat.is_not(None), Commune.lon.is_not(None)
            )
        ).all()
        if not rows:
            return
        lat = np.array([r.lat for r in rows], dtype=float)
        lon = np.array([r.lon for r in rows], dtype=float)
        tree = cKDTree(_unit_vectors(lat, lon))
        wanted = np.array(points, dtype=float)
        _, nearest = tree.query(_unit_vectors(wanted[:, 0], wanted[:, 1]))
        for (p_lat, p_lon), index in zip(points, nearest, strict=False):
            row = rows[int(index)]
            if abs(row.lat - p_lat) <= BOX_LAT and abs(row.lon - p_lon) <= BOX_LON:
                self._points[(p_lat, p_lon)] = ResolvedLocation(row.code, row.name, p_lat, p_lon)

    def _known(self, location: Any) -> ResolvedLocation | None:
        """The answer computed in bulk, or None when `resolve_location` must decide."""
        if isinstance(location, Mapping) and _present_keys(location) == {"insee"}:
            commune = self._communes.get(str(location["insee"]).strip().upper())
            if commune is None or commune.lat is None:
                return None
            return ResolvedLocation(commune.code, commune.name, commune.lat, commune.lon)
        if (postcode := _postcode_of(location)) is not None:
            code, city = postcode
            communes = self._postcodes.get(code)
            if not communes:
                return None
            if city:
                wanted = search_key(str(city))
                for commune_code, name, search_name, lat, lon in communes:
                    if search_name == wanted:
                        return ResolvedLocation(commune_code, name, lat, lon)
                return None
            if len(communes) == 1:
                commune_code, name, _, lat, lon = communes[0]
                return ResolvedLocation(commune_code, name, lat, lon)
            return None
        if (point := _point_of(location)) is not None:
            return self._points.get(point)
        return None

    def resolve(self, record: Record, key: str) -> ResolvedLocation | None:
        """The location at `record[key]` (None when absent), or None after recording its errors."""
        value = record.raw(key)
        if value is None:
            return None
        field = record.path(key)
        try:
            canonical = json.dumps(value, sort_keys=True, ensure_ascii=False)
        except (TypeError, ValueError):
            canonical = repr(value)
        cache_key = (field, canonical)
        result = self._results.get(cache_key)
        if result is None:
            result = self._known(value)
            if result is None:
                try:
                    result = resolve_location(self.session, value, field)
                except InputError as exc:
                    result = exc
            self._results[cache_key] = result
        if isinstance(result, InputError):
            for name, messages in (result.fields or {field: [result.message]}).items():
                for message in messages if isinstance(messages, list) else [messages]:
                    record.errors.append(LineError(record.line, name, message))
            return None
        return result


def _chunks(values: list, size: int = IN_CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]

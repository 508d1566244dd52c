"""Territory contours for maps: hull geometry (pure) and the GeoJSON endpoint."""

from __future__ import annotations

import numpy as np

from vte.territory_map import hull_ring


def test_hull_ring_is_closed_and_encloses_the_points():
    points = np.array([[5.0, 46.0], [5.2, 46.0], [5.1, 46.3], [5.1, 46.1]])
    ring = hull_ring(points)
    assert ring[0] == ring[-1]
    assert len(ring) == 4  # a triangle: the inner point is not a vertex
    assert [5.1, 46.1] not in ring


def test_one_commune_gets_a_small_visible_box():
    ring = hull_ring(np.array([[5.0, 46.0]]))
    assert ring[0] == ring[-1] and len(ring) == 5
    lons = [p[0] for p in ring]
    assert min(lons) < 5.0 < max(lons)


def test_collinear_communes_get_a_box():
    ring = hull_ring(np.array([[5.0, 46.0], [5.1, 46.1], [5.2, 46.2]]))
    assert len(ring) == 5


def test_contours_name_each_territory_of_the_current_list(client):
    body = client.get("/api/v1/territoires/contours").get_json()
    assert body["type"] == "FeatureCollection"
    assert body["list_version"] == "2020"
    names = {f["properties"]["name"] for f in body["features"]}
    assert any(name.startswith("Oyonnax") for name in names)
    assert len(names) == len(body["features"]) >= 140
    oyonnax = next(f for f in body["features"] if f["properties"]["name"].startswith("Oyonnax"))
    lon, lat = oyonnax["geometry"]["coordinates"][0][0][0]
    assert 4.5 < lon < 6.5 and 45.5 < lat < 46.8  # in the Ain


def test_departement_contours_draw_france(client):
    body = client.get("/api/v1/departements/contours").get_json()
    codes = {f["properties"]["code"]: f for f in body["features"]}
    assert len(codes) >= 100 and {"01", "2A", "75", "974"} <= set(codes)
    assert codes["01"]["properties"]["name"] == "Ain"
    ring = codes["01"]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) > 5
    assert all(4.7 < lon < 6.2 and 45.6 < lat < 46.6 for lon, lat in ring)

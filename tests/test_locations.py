"""Location resolution on the loaded reference data (formats.md, "Location")."""

import pytest

from vte.errors import InputError
from vte.locations import resolve_location


def test_insee_code_resolves_to_the_commune_and_its_coordinates(db_session):
    loc = resolve_location(db_session, {"insee": "01283"})
    assert loc.commune_name == "Oyonnax"
    assert loc.lat == pytest.approx(46.257, abs=0.03)
    assert loc.lon == pytest.approx(5.655, abs=0.03)


def test_corsican_code_is_accepted(db_session):
    assert resolve_location(db_session, {"insee": "2A004"}).commune_name == "Ajaccio"


@pytest.mark.parametrize("code, city", [("75103", "Paris"), ("69383", "Lyon"), ("13201", "Marseille")])
def test_arrondissement_code_maps_to_its_commune(db_session, code, city):
    assert resolve_location(db_session, {"insee": code}).commune_name == city


def test_single_commune_postcode_needs_no_city(db_session):
    assert resolve_location(db_session, {"postcode": "42000"}).commune_name == "Saint-Étienne"


def test_arrondissement_postcode_maps_to_the_city(db_session):
    assert resolve_location(db_session, {"postcode": "69003"}).commune_name == "Lyon"


def test_shared_postcode_without_city_is_refused_with_the_candidates(db_session):
    with pytest.raises(InputError) as err:
        resolve_location(db_session, {"postcode": "01400"})
    assert "location.city" in err.value.fields
    assert "plusieurs communes" in err.value.message


def test_shared_postcode_with_city_ignores_case_and_accents(db_session):
    loc = resolve_location(db_session, {"postcode": "01400", "city": "chatillon sur chalaronne"})
    assert loc.commune_name == "Châtillon-sur-Chalaronne"


def test_coordinates_resolve_to_the_nearest_commune_and_keep_the_point(db_session):
    loc = resolve_location(db_session, {"lat": 46.2565, "lon": 5.6556})
    assert loc.commune_name == "Oyonnax"
    assert (loc.lat, loc.lon) == (46.2565, 5.6556)


@pytest.mark.parametrize(
    "location, field",
    [
        ({"insee": "99999"}, "location.insee"),
        ({"insee": "abc"}, "location.insee"),
        ({"postcode": "00000"}, "location.postcode"),
        ({"postcode": "1400"}, "location.postcode"),
        ({"postcode": "01100", "city": "Lyon"}, "location.city"),
        ({"postcode": "01100"}, "location.city"),
        ({"lat": 51.5, "lon": -0.12}, "location"),
        ({"lat": "nord", "lon": 5}, "location"),
        ({"insee": "01283", "postcode": "01100"}, "location"),
        ({}, "location"),
        ("Oyonnax", "location"),
    ],
)
def test_anything_else_is_a_clear_error_naming_the_field(db_session, location, field):
    with pytest.raises(InputError) as err:
        resolve_location(db_session, location)
    assert field in err.value.fields
    assert err.value.message

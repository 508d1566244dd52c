"""GET /api/v1/offers/map: the offers of a search as map points."""

from __future__ import annotations

import pytest

from catalogue import build_catalogue


@pytest.fixture()
def catalogue(db_session, fake_encoder):
    return build_catalogue(db_session, fake_encoder)


def test_points_are_the_searched_offers_with_their_coordinates(client, catalogue):
    body = client.get("/api/v1/offers/map").get_json()
    assert body["total"] == 5 and not body["truncated"]
    by_id = {p["id"]: p for p in body["items"]}
    assert set(by_id) == {catalogue[k] for k in ("oyonnax", "nantua", "bourg", "lyon", "paris")}
    oyonnax = by_id[catalogue["oyonnax"]]
    assert 46.2 < oyonnax["lat"] < 46.3 and 5.6 < oyonnax["lon"] < 5.7
    assert oyonnax["title"] and oyonnax["company"]


def test_points_follow_the_search_filters(client, catalogue):
    body = client.get("/api/v1/offers/map?commune=01283&radius_km=30").get_json()
    ids = {p["id"] for p in body["items"]}
    # Paris is fully remote: in the search's separate block, not among the offers within 30 km
    assert ids == {catalogue["oyonnax"], catalogue["nantua"]} and body["total"] == 2
    green = client.get("/api/v1/offers/map?green=true").get_json()
    assert [p["id"] for p in green["items"]] == [catalogue["nantua"]] and green["items"][0]["green"] is True


def test_map_arguments_are_checked_like_the_search(client, catalogue):
    response = client.get("/api/v1/offers/map?radius_km=20")
    assert response.status_code == 422 and "radius_km" in response.get_json()["error"]["fields"]

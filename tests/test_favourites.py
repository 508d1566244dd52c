"""« Sauvegarder » (issue 13): a student saves an offer from its page, finds it in « Sauvegardées »,
removes it; saving twice changes nothing; only students save; erasure takes the saved offers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from vte.models import FavouriteOffer
from web_support import post_form, sign_in, text_of
from world import PASSWORD, build_world


@pytest.fixture()
def world(db_session, fake_encoder):
    return build_world(db_session, fake_encoder)


def test_a_student_saves_an_offer_from_its_page_and_removes_it(client, world, db_session):
    offer_id = world.ids["offer_a"]
    sign_in(client, "etudiant.a@matrice.fr", PASSWORD)
    assert "Sauvegarder" in text_of(client.get(f"/offres/{offer_id}"))
    saved = post_form(client, "/etudiant/favoris", {"offer_id": str(offer_id), "action": "save"}, follow_redirects=True)
    assert "Offre sauvegardée" in text_of(saved) and "Sauvegardée ✓ (retirer)" in text_of(saved)
    listing = text_of(client.get("/etudiant/favoris"))
    assert "Offres sauvegardées" in listing and "sauvegardée le" in listing
    removed = post_form(
        client,
        "/etudiant/favoris",
        {"offer_id": str(offer_id), "action": "remove", "back": "list"},
        follow_redirects=True,
    )
    assert "Aucune offre sauvegardée" in text_of(removed)


def test_the_api_is_idempotent_and_for_students_only(api, world, db_session):
    student = api.as_token(world.tokens["student_a"])
    offer_id = world.ids["offer_a"]
    first = student.post("/api/v1/students/me/favourites", json={"offer_id": offer_id})
    again = student.post("/api/v1/students/me/favourites", json={"offer_id": offer_id})
    assert first.status_code == again.status_code == 200
    assert [i["offer"]["id"] for i in again.get_json()["items"]] == [offer_id]
    draft = student.post("/api/v1/students/me/favourites", json={"offer_id": world.ids["draft_a"]})
    assert draft.status_code == 404
    company = api.as_token(world.tokens["company_a"])
    assert company.post("/api/v1/students/me/favourites", json={"offer_id": offer_id}).status_code == 403
    assert student.delete(f"/api/v1/students/me/favourites/{offer_id}").status_code == 204
    assert student.get("/api/v1/students/me/favourites").get_json()["items"] == []


def test_erasure_takes_the_saved_offers(api, world, db_session):
    student = api.as_token(world.tokens["student_a"])
    student.post("/api/v1/students/me/favourites", json={"offer_id": world.ids["offer_a"]})
    assert student.get("/api/v1/account/export").get_json()["favourites"][0]["offer_id"] == world.ids["offer_a"]
    assert student.delete("/api/v1/account").status_code == 200
    db_session.expire_all()
    assert db_session.scalars(select(FavouriteOffer)).all() == []


def test_an_id_beyond_what_the_database_holds_is_refused_by_name(api, world, db_session):
    """PostgreSQL's integer ends at 2**31 - 1: a larger id is a 422 naming the field, not a 500."""
    student = api.as_token(world.tokens["student_a"])
    company = api.as_token(world.tokens["company_a"])
    too_big = 26_081_217_340
    for caller, path, field in (
        (student, "/api/v1/students/me/favourites", "offer_id"),
        (student, "/api/v1/applications", "offer_id"),
        (company, f"/api/v1/offers/{world.ids['offer_a']}/invitations", "student_id"),
    ):
        response = caller.post(path, json={field: too_big})
        assert response.status_code == 422, (path, response.get_json())
        assert field in response.get_json()["error"]["fields"]

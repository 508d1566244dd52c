"""A new company is « non vérifiée » on its offers until an admin verifies it; one SIREN is held
by one company, which a second account joins only when a recruiter of it adds them (issue 12,
point 13)."""

from __future__ import annotations

import pytest

from factories import make_company, make_offer
from vte.accounts import create_user
from vte.models import Company, User
from vte.vocab import OfferStatus, Role
from web_support import post_form, sign_in, text_of

PASSWORD = "Usinage-CN-2026"
COMPANY = {
    "siren": "552100554",
    "name": "Renault SAS",
    "naf": "29.10Z",
    "headcount": 200,
    "location": {"insee": "01283"},
}


def _as(app, email):
    client = app.test_client()
    assert client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
    client.environ_base["HTTP_X_CSRFTOKEN"] = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    return client


@pytest.fixture()
def accounts(db_session):
    for email, role in (
        ("rh@premier.fr", Role.COMPANY),
        ("usurpateur@exemple.fr", Role.COMPANY),
        ("collegue@premier.fr", Role.COMPANY),
        ("operateur@vte-essai.fr", Role.ADMIN),
    ):
        create_user(db_session, email, PASSWORD, role)
    db_session.commit()


def test_a_new_company_is_unverified_until_an_admin_verifies_it(app, client, db_session, accounts):
    first = _as(app, "rh@premier.fr")
    created = first.post("/api/v1/companies", json=COMPANY)
    assert created.status_code == 201 and created.get_json()["verified"] is False
    company_id = created.get_json()["id"]
    published = make_offer(db_session, company=db_session.get(Company, company_id), status=OfferStatus.PUBLISHED)
    db_session.commit()
    page = client.get(f"/offres/{published.id}")
    assert "Entreprise non vérifiée" in text_of(page)

    admin = app.test_client()
    sign_in(admin, "operateur@vte-essai.fr", PASSWORD)
    queue = text_of(admin.get("/admin"))
    assert "Renault SAS" in queue and "rh@premier.fr" in queue
    done = post_form(admin, f"/admin/entreprises/{company_id}/verifier", {}, follow_redirects=True)
    assert "Entreprise marquée comme vérifiée" in text_of(done)
    assert "Renault SAS" not in text_of(done).split("Entreprises à vérifier")[1]
    assert "Entreprise non vérifiée" not in text_of(client.get(f"/offres/{published.id}"))
    again = post_form(admin, f"/admin/entreprises/{company_id}/verifier", {}, follow_redirects=True)
    assert "vient déjà d'être vérifiée" in text_of(again)


def test_a_siren_is_joined_only_with_its_recruiters_consent(app, db_session, accounts):
    first = _as(app, "rh@premier.fr")
    company_id = first.post("/api/v1/companies", json=COMPANY).get_json()["id"]
    intruder = _as(app, "usurpateur@exemple.fr")
    taken = intruder.post("/api/v1/companies", json=COMPANY)
    assert taken.status_code == 409 and "vous ajouter comme collègue" in taken.get_json()["error"]["message"]
    assert (
        intruder.post(f"/api/v1/companies/{company_id}/recruiters", json={"email": "usurpateur@exemple.fr"}).status_code
        == 403
    )
    assert intruder.put(f"/api/v1/companies/{company_id}", json=COMPANY).status_code == 403

    added = first.post(f"/api/v1/companies/{company_id}/recruiters", json={"email": "collegue@premier.fr"})
    assert added.status_code == 201
    listed = first.get(f"/api/v1/companies/{company_id}/recruiters").get_json()["items"]
    assert [r["email"] for r in listed] == ["collegue@premier.fr", "rh@premier.fr"]
    other_id = make_company(db_session).id
    db_session.commit()
    elsewhere = first.post(f"/api/v1/companies/{company_id}/recruiters", json={"email": "collegue@premier.fr"})
    assert elsewhere.status_code == 201  # already ours: idempotent
    db_session.get(User, added.get_json()["id"]).company_id = other_id
    db_session.commit()
    moved = first.post(f"/api/v1/companies/{company_id}/recruiters", json={"email": "collegue@premier.fr"})
    assert moved.status_code == 409 and "autre entreprise" in moved.get_json()["error"]["message"]
    unknown = first.post(f"/api/v1/companies/{company_id}/recruiters", json={"email": "inconnu@premier.fr"})
    assert unknown.status_code == 422 and "email" in unknown.get_json()["error"]["fields"]


def test_a_recruiter_adds_a_colleague_on_the_company_page(app, client, db_session, accounts):
    company_id = _as(app, "rh@premier.fr").post("/api/v1/companies", json=COMPANY).get_json()["id"]
    sign_in(client, "rh@premier.fr", PASSWORD)
    page = text_of(client.get("/entreprise"))
    assert "Entreprise non vérifiée" in page and "Collègues" in page
    unknown = post_form(client, "/entreprise/collegues", {"email": "personne@premier.fr"})
    assert unknown.status_code == 422 and "Aucun compte « entreprise » avec cette adresse" in text_of(unknown)
    added = post_form(client, "/entreprise/collegues", {"email": "collegue@premier.fr"}, follow_redirects=True)
    assert "collegue@premier.fr peut maintenant gérer l'entreprise" in text_of(added)
    colleague = app.test_client()
    sign_in(colleague, "collegue@premier.fr", PASSWORD)
    assert "Renault SAS" in text_of(colleague.get("/entreprise"))
    assert db_session.get(Company, company_id).name == "Renault SAS"

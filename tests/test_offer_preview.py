"""Issue 13, company side: the offer editor's preview says how many visible students match the
offer — counted by the engine of the recommended candidates — and shows the offer as students will
read it (the public offer page's partial), for a draft not saved yet, without writing anything."""

from __future__ import annotations

from factories import make_company, make_student
from test_web_company import field_error, offer_count, offer_form, recruiter
from vte.embedding_sync import embed_students
from vte.geo import haversine_km
from vte.models import Commune, Student
from web_support import post_form, text_of


def _students(db_session, fake_encoder):
    """Students around Oyonnax: two fit a CDD in Oyonnax at bac+5, the others are hidden, refuse the
    contract, lack the level or live too far for their own limit."""
    students = [
        make_student(db_session, first_name="Fit1", contract_types=["cdd"], level=5),
        make_student(db_session, first_name="Fit2", contract_types=["cdi", "cdd"], level=6, commune_code="01004"),
        make_student(db_session, first_name="Hidden", contract_types=["cdd"], visible=False),
        make_student(db_session, first_name="Apprentice", contract_types=["apprentissage"]),
        make_student(db_session, first_name="Licence", contract_types=["cdd"], level=3),
        make_student(db_session, first_name="Far", contract_types=["cdd"], commune_code="69123", max_distance_km=20.0),
    ]
    embed_students(db_session, fake_encoder, students)
    db_session.commit()
    return students


def direct_count(db_session, commune_code: str, contract: str, level_min: int) -> int:
    """The students a company may see who accept the contract, have the level and accept the
    distance from their home to the mission's commune."""
    place = db_session.get(Commune, commune_code)
    return sum(
        1
        for s in db_session.query(Student).all()
        if s.visible
        and contract in (s.contract_types or [])
        and s.level >= level_min
        and haversine_km(s.lat, s.lon, place.lat, place.lon) <= (s.max_distance_km or float("inf"))
    )


def _preview_form(**changes):
    fields = {
        "action": "preview",
        "title": "Technicien qualité fournisseurs",
        "contract_type": "cdd",
        "duration_months": "18",
        "level_min": "bac+5",
        "commune_label": "Oyonnax (01100)",
        "commune_code": "01283",
        "salary_min": "32000",
        "salary_max": "36000",
    }
    return offer_form(**{**fields, **changes})


def test_the_preview_counts_the_matching_visible_students_and_shows_the_offer_as_students_read_it(
    client, db_session, fake_encoder, writes
):
    company = make_company(db_session, name="Plasturgie du Bugey")
    company_id = company.id
    _students(db_session, fake_encoder)
    expected = direct_count(db_session, "01283", "cdd", 5)
    assert expected == 2
    recruiter(client, db_session, company_id=company_id)
    writes.clear()

    response = post_form(client, "/entreprise/offres/nouvelle", _preview_form())
    assert response.status_code == 200
    page = text_of(response)
    assert f"{expected} étudiants visibles correspondent à cette offre." in page
    student_view = page.split("L'offre telle que les étudiants la liront")[1]
    assert "Technicien qualité fournisseurs" in student_view
    assert "Plasturgie du Bugey · Oyonnax" in student_view
    assert "CDD (12 mois ou plus) · 18 mois" in student_view and "À partir de Bac+5" in student_view
    assert "La mission Vous améliorez les procédés" in student_view
    assert "Rémunération 32 000 € à 36 000 € brut par an" in student_view
    assert writes == []
    assert offer_count(db_session, company_id) == 0

    # The same engine as the recommended candidates: once saved, the offer's page counts as many.
    saved = post_form(client, "/entreprise/offres/nouvelle", _preview_form(action="save"))
    assert saved.status_code == 302
    edit = client.get(saved.headers["Location"])
    assert f"{expected} étudiants visibles correspondent à cette offre." in text_of(edit)
    offer_id = int(saved.headers["Location"].split("/")[-2])
    assert f"Candidats recommandés ({expected})" in text_of(client.get(f"/entreprise/offres/{offer_id}"))


def test_the_preview_of_an_incomplete_form_says_what_it_needs(client, db_session, fake_encoder):
    company = make_company(db_session)
    _students(db_session, fake_encoder)
    company_id = company.id
    recruiter(client, db_session, company_id=company_id)
    page = text_of(post_form(client, "/entreprise/offres/nouvelle", _preview_form(contract_type="", title="")))
    assert "Choisissez un type de contrat pour compter les étudiants visibles" in page
    assert "Le formulaire contient des erreurs" not in page
    nobody = text_of(post_form(client, "/entreprise/offres/nouvelle", _preview_form(level_min="bac+8")))
    assert "Aucun étudiant visible ne correspond pour l'instant à cette offre." in nobody
    bad_place = post_form(client, "/entreprise/offres/nouvelle", _preview_form(commune_label="Zzyzx", commune_code=""))
    assert bad_place.status_code == 422 and "Commune inconnue" in field_error(bad_place, "location")
    assert offer_count(db_session, company_id) == 0


def test_the_preview_detects_the_skills_students_name_in_the_description(client, db_session, fake_encoder):
    company = make_company(db_session)
    students = [
        make_student(db_session, skills=["8D", "audit interne", "maîtrise statistique des procédés (MSP)"]),
        make_student(db_session, skills=["AMDEC"], visible=False),
    ]
    embed_students(db_session, fake_encoder, students)
    db_session.commit()
    recruiter(client, db_session, company_id=company.id)
    description = (
        "Vous conduisez les 8D avec les clients, les audits internes et déployez la maîtrise statistique "
        "des procédés. Vous mettez à jour les AMDEC."
    )
    page = text_of(post_form(client, "/entreprise/offres/nouvelle", _preview_form(description=description, skills="")))
    detected = page.split("Compétences détectées dans la description")[1].split("Lieu et Territoire")[0]
    assert "8D" in detected and "audit interne" in detected
    assert "maîtrise statistique des procédés (MSP)" in detected
    assert "AMDEC" not in detected  # only a hidden student names it


def _api_post(client, url, payload):
    """The JSON API from the signed-in browser (a cookie session sends the CSRF token)."""
    csrf = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    return client.post(url, json=payload, headers={"X-CSRFToken": csrf})


def test_the_api_previews_a_new_offer_and_changes_to_a_saved_one_without_writing(
    client, db_session, fake_encoder, writes
):
    company = make_company(db_session, name="Plasturgie du Bugey")
    company_id = company.id
    _students(db_session, fake_encoder)
    recruiter(client, db_session, company_id=company_id)
    draft = {"title": "Technicien qualité fournisseurs", "contract_type": "cdd", "duration_months": 18}
    writes.clear()
    preview = _api_post(
        client, "/api/v1/offers/preview", {**draft, "level_min": "bac+5", "location": {"insee": "01283"}}
    )
    assert preview.status_code == 200, preview.get_json()
    body = preview.get_json()
    assert body["students"] == direct_count(db_session, "01283", "cdd", 5) == 2
    assert body["offer"]["title"] == "Technicien qualité fournisseurs" and body["offer"]["status"] == "published"
    assert body["offer"]["company"]["name"] == "Plasturgie du Bugey" and body["commune"]["code"] == "01283"
    untyped = _api_post(client, "/api/v1/offers/preview", {"title": "Technicien"}).get_json()
    assert untyped["students"] is None  # no contract type chosen yet
    refused = _api_post(client, "/api/v1/offers/preview", {**draft, "contract_type": "stage"})
    assert refused.status_code == 422 and "contract_type" in refused.get_json()["error"]["fields"]
    assert writes == [] and offer_count(db_session, company_id) == 0

    saved = _api_post(
        client, "/api/v1/offers", {**draft, "description": "Vous suivez les fournisseurs.", "level_min": "bac+5"}
    )
    offer_id = saved.get_json()["id"]
    writes.clear()
    changed = _api_post(client, f"/api/v1/offers/{offer_id}/preview", {"level_min": "bac+8"}).get_json()
    assert (
        changed["students"] == 0 and changed["offer"]["title"] == "Technicien qualité fournisseurs"
    )  # the rest as saved
    assert changed["offer"]["id"] == offer_id and writes == []

    other = make_company(db_session, name="Autre Plasturgie")
    recruiter(client, db_session, company_id=other.id)
    assert _api_post(client, f"/api/v1/offers/{offer_id}/preview", {"level_min": "bac+3"}).status_code == 403

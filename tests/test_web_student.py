"""The student pages through the test client: profile wizard, « Mes offres », applying, my
applications (history, withdrawal), export and erasure; what each role may open."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from factories import make_company, make_offer, make_school, make_student
from vte.accounts import create_user
from vte.embedding_sync import embed_offers
from vte.models import Application, ApplicationEvent, SchoolInvitation, Student, User
from vte.vocab import ApplicationStatus, ContractType, OfferStatus, Remote, Role
from web_support import post_form, sign_in, text_of

PASSWORD = "Usinage-CN-2026"
PROFILE_FORM = {
    "first_name": "Léa",
    "last_name": "Martin",
    "phone": "06 12 34 56 78",
    "programme": "Diplôme d'ingénieur, génie des matériaux",
    "level": "bac+5",
    "status": "graduate",
    "contract_types": ["cdi", "cdd"],
    "skills": "injection plastique, AMDEC, anglais",
    "languages": "anglais courant",
    "summary": "Ingénieure matériaux, je cherche un premier poste en plasturgie et injection plastique.",
    "available_from": "",
    "commune_label": "Oyonnax",
    "commune_code": "",
    "max_distance_km": "60",
    "visible": "on",
}
STUDENT_PAGES = [
    "/etudiant/profil",
    "/etudiant/offres",
    "/etudiant/candidatures",
    "/etudiant/donnees.json",
    "/etudiant/supprimer",
]


def account(session, email: str, role: Role = Role.STUDENT, **links) -> User:
    return create_user(session, email, PASSWORD, role, **links)


def student_with_profile(session, email: str = "lea@exemple.fr", **fields) -> tuple[int, int]:
    """A signed-up student with a filled profile in Oyonnax; returns (user id, student id)."""
    school = make_school(session)
    user = account(session, email, school_id=school.id)
    student = make_student(session, user_id=user.id, school=school, email=email, **fields)
    return user.id, student.id


def indexed_offers(session, encoder, *offers):
    embed_offers(session, encoder, list(offers))
    return [o.id for o in offers]


def flashes(client) -> list[str]:
    with client.session_transaction() as flask_session:
        return [message for _, message in flask_session.get("_flashes", [])]


# --- Access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", STUDENT_PAGES + ["/etudiant/candidatures/1", "/etudiant/offres/1/postuler"])
def test_anonymous_visitor_is_sent_to_sign_in_and_back(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert (
        response.headers["Location"] == f"/connexion?next={path.replace('/', '%2F')}"
        or response.headers["Location"] == f"/connexion?next={path}"
    )


@pytest.mark.parametrize("role", [Role.COMPANY, Role.SCHOOL])
def test_companies_and_schools_get_a_french_403(client, db_session, role):
    account(db_session, f"{role.value}@exemple.fr", role)
    db_session.commit()
    sign_in(client, f"{role.value}@exemple.fr", PASSWORD)
    for path in STUDENT_PAGES:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "réservée à un autre type de compte" in text_of(response)
    refused = post_form(client, "/etudiant/supprimer", {"confirm": "on"})
    assert refused.status_code == 403
    assert db_session.scalar(select(User.id).where(User.email == f"{role.value}@exemple.fr")) is not None


def test_admin_gets_an_explanation_instead_of_a_student_page(client, db_session):
    account(db_session, "admin@exemple.fr", Role.ADMIN)
    db_session.commit()
    sign_in(client, "admin@exemple.fr", PASSWORD)
    for path in STUDENT_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "compte administrateur n'a pas de profil étudiant" in text_of(response)
    post_form(client, "/etudiant/supprimer", {"confirm": "on"})
    assert db_session.scalar(select(User.id).where(User.email == "admin@exemple.fr")) is not None


# --- Profile wizard ---------------------------------------------------------------------------------


def test_new_student_first_joins_a_school_by_invitation_code(client, db_session):
    school = make_school(db_session, name="École des plastiques")
    invitation = SchoolInvitation(school_id=school.id, code="PLAST2026")
    db_session.add(invitation)
    account(db_session, "nouveau@exemple.fr")
    invitation_id = invitation.id
    db_session.commit()
    sign_in(client, "nouveau@exemple.fr", PASSWORD)

    page = text_of(client.get("/etudiant/profil"))
    assert "Rejoindre votre école" in page and "étape en cours" in page
    assert "Enregistrer mon profil" not in page  # the profile comes after the school
    early = post_form(client, "/etudiant/profil", PROFILE_FORM)  # e.g. from a page opened before
    assert early.status_code == 409
    assert "Rejoignez d'abord votre école" in text_of(early)

    wrong = post_form(client, "/etudiant/ecole", {"invitation_code": "NIMPORTE"})
    assert wrong.status_code == 422
    html = wrong.get_data(as_text=True)
    assert re.search(r'id="f-invitation_code-error">Code d&#39;invitation inconnu', html)
    assert 'value="NIMPORTE"' in html
    db_session.expire_all()
    assert db_session.get(SchoolInvitation, invitation_id).uses == 0

    joined = post_form(client, "/etudiant/ecole", {"invitation_code": "plast2026"})
    assert joined.status_code == 302 and joined.headers["Location"] == "/etudiant/profil"
    page = text_of(client.get("/etudiant/profil"))
    assert "Vous avez rejoint École des plastiques" in page
    assert "Vous êtes rattaché à École des plastiques" in page and "Enregistrer mon profil" in page
    db_session.expire_all()
    assert db_session.get(SchoolInvitation, invitation_id).uses == 1


def test_profile_errors_come_back_next_to_each_field_with_the_form_filled(client, db_session, fake_encoder):
    school = make_school(db_session)
    account(db_session, "lea@exemple.fr", school_id=school.id)
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    bad = dict(
        PROFILE_FORM, level="", summary="Trop court", contract_types=[], commune_label="Zzzyx", max_distance_km="5000"
    )
    response = post_form(client, "/etudiant/profil", bad)
    assert response.status_code == 422
    html = response.get_data(as_text=True)

    def error_of(name):
        match = re.search(rf'id="f-{name}-error">([^<]*)<', html)
        return match.group(1) if match else None

    assert error_of("level") == "Champ obligatoire."
    assert error_of("summary") == "De 20 à 5000 caractères attendus."
    assert error_of("contract_types") == "Au moins un choix ou un caractère, au plus 4."
    assert error_of("max_distance_km") == "Valeur entre 1 et 2000 attendue."
    assert re.search(r'id="f-location">Commune inconnue', html)
    # The form comes back filled, the error summary links to the fields.
    assert 'value="Léa"' in html and 'value="injection plastique, AMDEC, anglais"' in html
    assert 'value="Zzzyx"' in html and ">Trop court</textarea>" in html
    assert re.search(r'name="visible"\s+checked', html)
    assert 'href="#f-summary"' in html
    assert db_session.scalar(select(func.count(Student.id)).where(Student.email == "lea@exemple.fr")) == 0


def test_profile_is_saved_then_matches_open_and_the_profile_comes_back_filled(client, db_session, fake_encoder):
    school = make_school(db_session)
    user_id = account(db_session, "lea@exemple.fr", school_id=school.id).id
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    saved = post_form(client, "/etudiant/profil", PROFILE_FORM)
    assert saved.status_code == 302 and saved.headers["Location"] == "/etudiant/offres"
    student = db_session.scalars(select(Student).where(Student.user_id == user_id)).one()
    assert student.commune_code == "01283" and student.max_distance_km == 60
    assert student.skills == ["injection plastique", "AMDEC", "anglais"]
    assert student.contract_types == ["cdi", "cdd"] and student.visible and not student.wants_green

    html = client.get("/etudiant/profil").get_data(as_text=True)
    assert 'value="Oyonnax"' in html and 'value="01283"' in html
    assert re.search(r'value="cdi"\s+checked', html) and not re.search(r'value="apprentissage"\s+checked', html)
    assert '<option value="bac+5" selected>' in html
    assert 'data-lat="46.' in html  # the mobility map starts at the stored commune
    assert "Télécharger mes données" in html


def test_a_profile_form_saved_in_another_tab_meanwhile_is_refused_not_mixed(client, db_session, fake_encoder):
    school = make_school(db_session)
    account(db_session, "lea@exemple.fr", school_id=school.id)
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    assert post_form(client, "/etudiant/profil", PROFILE_FORM).status_code == 302
    html = client.get("/etudiant/profil").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    newer = {**PROFILE_FORM, "summary": "Ingénieure matériaux, je vise la plasturgie automobile.", "version": version}
    assert post_form(client, "/etudiant/profil", newer).status_code == 302  # the first tab saves
    stale = post_form(client, "/etudiant/profil", {**PROFILE_FORM, "version": version})  # the second tab
    assert stale.status_code == 409
    assert "modifié entre-temps" in text_of(stale)
    assert "plasturgie automobile" in client.get("/etudiant/profil").get_data(as_text=True)


def test_profile_page_suggests_the_skills_offers_ask_for_most(client, db_session):
    company = make_company(db_session)
    for skills in (["SolidWorks", "cotation"], ["solidworks", "AMDEC"], ["SolidWorks"]):
        make_offer(db_session, company=company, skills=skills)
    make_offer(db_session, company=company, skills=["brouillon secret"], status=OfferStatus.DRAFT)
    student_with_profile(db_session)
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    html = client.get("/etudiant/profil").get_data(as_text=True)
    chips = re.findall(r'data-skill="([^"]+)"', html)
    assert chips[0] == "SolidWorks" and {"cotation", "AMDEC"} <= set(chips)
    assert "brouillon secret" not in chips


# --- Mes offres -------------------------------------------------------------------------------------


def test_matches_page_without_a_profile_sends_to_the_profile(client, db_session):
    account(db_session, "vide@exemple.fr", school_id=make_school(db_session).id)
    db_session.commit()
    sign_in(client, "vide@exemple.fr", PASSWORD)
    response = client.get("/etudiant/offres")
    assert response.status_code == 302 and response.headers["Location"] == "/etudiant/profil"
    assert "Complétez d'abord votre profil" in text_of(client.get("/etudiant/profil"))


def test_matches_are_ranked_explained_and_mapped(client, db_session, fake_encoder):
    student_with_profile(db_session, skills=["injection plastique", "AMDEC"])
    near = make_offer(
        db_session,
        commune_code="01283",
        title="Ingénieur procédés injection plastique",
        skills=["injection plastique", "AMDEC"],
    )
    far = make_offer(
        db_session,
        commune_code="69123",
        title="Responsable qualité",
        skills=["ISO 9001"],
        contract_type=ContractType.CDD,
        duration_months=12,
        description="Vous pilotez le système qualité du site.",
    )
    apprentice = make_offer(
        db_session, commune_code="01283", title="Apprenti comptable", contract_type=ContractType.APPRENTISSAGE
    )
    near_id, far_id, _ = indexed_offers(db_session, fake_encoder, near, far, apprentice)
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)

    response = client.get("/etudiant/offres")
    assert response.status_code == 200
    page = text_of(response)
    assert "2 offres correspondent à votre profil" in page  # the apprenticeship is not wanted
    assert "Apprenti comptable" not in page
    assert page.index("Ingénieur procédés injection plastique") < page.index("Responsable qualité")
    html = response.get_data(as_text=True)
    assert f'href="/offres/{near_id}"' in html
    assert re.search(r'class="score">\d+ %', html)
    assert "compétences communes : injection plastique, AMDEC" in page
    assert "Territoire d'industrie" in page and "Détail du score" in page
    assert "Adéquation au poste (métier et mission)" in page and "Distance : 0 km (Oyonnax)" in page
    data = json.loads(
        re.search(r'<script type="application/json" id="carte-donnees">(.*?)</script>', html, re.S).group(1)
    )
    assert {p["title"] for p in data["points"]} == {"Ingénieur procédés injection plastique", "Responsable qualité"}
    assert data["home"]["label"] == "Votre commune : Oyonnax" and data["home"]["radius_km"] == 100

    cdd = text_of(client.get("/etudiant/offres?contract_type=cdd"))
    assert "1 offre correspond à votre profil et à vos filtres" in cdd and "Ingénieur procédés" not in cdd
    territory = text_of(client.get("/etudiant/offres?territory_only=on"))
    assert "Ingénieur procédés injection plastique" in territory
    near_only = text_of(client.get("/etudiant/offres?radius_km=10"))
    assert "1 offre correspond" in near_only and "Responsable qualité" not in near_only
    assert far_id


def test_a_fully_remote_offer_says_remote_work_instead_of_a_distance(client, db_session, fake_encoder):
    student_with_profile(db_session, skills=["injection plastique"])
    remote = make_offer(db_session, commune_code="75056", title="Ingénieur injection plastique", remote=Remote.FULL)
    indexed_offers(db_session, fake_encoder, remote)
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    page = text_of(client.get("/etudiant/offres"))
    assert "Ingénieur injection plastique" in page  # Paris is past her 100 km, but the work is remote
    assert "· 100 % télétravail" in page and "100 % télétravail (entreprise à Paris)" in page
    assert "Distance : " not in page


def test_bad_filters_are_named_and_kept(client, db_session, fake_encoder):
    student_with_profile(db_session)
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    response = client.get("/etudiant/offres?radius_km=0&q=qualit%C3%A9")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'id="f-radius_km-error">Valeur entre 1 et 2000 attendue', html)
    assert 'value="qualité"' in html


def test_matches_are_paginated_keeping_the_filters(client, db_session, fake_encoder):
    student_with_profile(db_session)
    company = make_company(db_session)
    offers = [make_offer(db_session, company=company, title=f"Poste d'ingénieur n°{i:02d}") for i in range(12)]
    indexed_offers(db_session, fake_encoder, *offers)
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    first = client.get("/etudiant/offres?contract_type=cdi")
    assert first.get_data(as_text=True).count('class="card match"') == 10
    assert "Page 1 sur 2" in text_of(first)
    assert 'href="/etudiant/offres?contract_type=cdi&amp;page=2"' in first.get_data(as_text=True)
    second = client.get("/etudiant/offres?contract_type=cdi&page=2")
    assert second.get_data(as_text=True).count('class="card match"') == 2
    assert '<ol class="cards match-list" start="11">' in second.get_data(as_text=True)


# --- Applying ---------------------------------------------------------------------------------------


def test_student_applies_with_a_message_and_lands_on_the_application(client, db_session, fake_encoder):
    _, student_id = student_with_profile(db_session)
    offer = make_offer(db_session, title="Ingénieur méthodes")
    (offer_id,) = indexed_offers(db_session, fake_encoder, offer)
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)

    form_page = text_of(client.get(f"/etudiant/offres/{offer_id}/postuler"))
    assert "Postuler : Ingénieur méthodes" in form_page and "votre nom, votre adresse e-mail" in form_page
    sent = post_form(
        client, f"/etudiant/offres/{offer_id}/postuler", {"message": "Bonjour, votre atelier m'intéresse beaucoup."}
    )
    assert sent.status_code == 302
    application = db_session.scalars(select(Application).where(Application.student_id == student_id)).one()
    assert sent.headers["Location"] == f"/etudiant/candidatures/{application.id}"
    assert application.message == "Bonjour, votre atelier m'intéresse beaucoup."

    detail = text_of(client.get(sent.headers["Location"]))
    assert "Votre candidature est envoyée" in detail
    assert "Ma candidature : Ingénieur méthodes" in detail and "Statut envoyée" in detail
    assert "Candidature « envoyée » (par vous)" in detail
    assert "Bonjour, votre atelier m'intéresse beaucoup." in detail
    matches = client.get("/etudiant/offres").get_data(as_text=True)
    assert f'href="/etudiant/candidatures/{application.id}">Voir ma candidature' in matches
    again = text_of(client.get(f"/etudiant/offres/{offer_id}/postuler"))
    assert "Vous avez déjà postulé à cette offre" in again


def test_applying_twice_or_to_an_expired_offer_is_refused_in_french(client, db_session, fake_encoder):
    _, student_id = student_with_profile(db_session)
    offer = make_offer(db_session)
    expired = make_offer(db_session, expires_at=date.today() - timedelta(days=1))
    offer_id, expired_id = offer.id, expired.id
    db_session.add(Application(student_id=student_id, offer_id=offer_id))
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)

    twice = post_form(client, f"/etudiant/offres/{offer_id}/postuler", {"message": "Encore moi"})
    assert twice.status_code == 409
    assert "Vous avez déjà postulé à cette offre." in text_of(twice)
    late = post_form(client, f"/etudiant/offres/{expired_id}/postuler", {"message": "Mon message de motivation"})
    assert late.status_code == 409
    assert "Cette offre n'accepte plus de candidatures" in text_of(late)
    assert ">Mon message de motivation</textarea>" in late.get_data(as_text=True)
    too_long = post_form(client, f"/etudiant/offres/{expired_id}/postuler", {"message": "x" * 5001})
    assert too_long.status_code == 422
    assert re.search(r'id="f-message-error">Au plus 5000 caractères', too_long.get_data(as_text=True))
    assert db_session.scalar(select(func.count(Application.id)).where(Application.student_id == student_id)) == 1


def test_a_draft_offer_cannot_be_applied_to(client, db_session):
    student_with_profile(db_session)
    draft_id = make_offer(db_session, status=OfferStatus.DRAFT).id
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    assert client.get(f"/etudiant/offres/{draft_id}/postuler").status_code == 404
    assert post_form(client, f"/etudiant/offres/{draft_id}/postuler", {}).status_code == 404


# --- My applications --------------------------------------------------------------------------------


def _application(session, student_id, title, status=ApplicationStatus.SUBMITTED, **fields):
    application = Application(
        student_id=student_id, offer_id=make_offer(session, title=title).id, status=status, **fields
    )
    session.add(application)
    session.flush()
    session.add(ApplicationEvent(application_id=application.id, from_status=None, to_status="submitted"))
    session.flush()
    return application.id


def test_my_applications_list_newest_first_with_status_labels(client, db_session):
    _, student_id = student_with_profile(db_session)
    _application(db_session, student_id, "Première candidature", status=ApplicationStatus.INTERVIEW)
    _application(db_session, student_id, "Seconde candidature")
    _, other_id = student_with_profile(db_session, email="autre@exemple.fr")
    _application(db_session, other_id, "Candidature d'un autre")
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    page = text_of(client.get("/etudiant/candidatures"))
    assert "2 candidatures, la plus récente d'abord" in page
    assert "Candidature d'un autre" not in page
    assert re.search(r"Seconde candidature .*? envoyée .*Première candidature .*? entretien", page)


def test_empty_applications_page_points_to_the_offers(client, db_session):
    student_with_profile(db_session)
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    assert "Vous n'avez encore envoyé aucune candidature" in text_of(client.get("/etudiant/candidatures"))


def test_student_withdraws_after_confirming(client, db_session):
    user_id, student_id = student_with_profile(db_session)
    application_id = _application(db_session, student_id, "Technicien maintenance")
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    detail = client.get(f"/etudiant/candidatures/{application_id}")
    assert f'href="/etudiant/candidatures/{application_id}/retrait"' in detail.get_data(as_text=True)
    confirm = text_of(client.get(f"/etudiant/candidatures/{application_id}/retrait"))
    assert "Ce choix est définitif" in confirm and "Oui, retirer ma candidature" in confirm
    db_session.expire_all()
    assert db_session.get(Application, application_id).status == ApplicationStatus.SUBMITTED  # GET changes nothing

    done = post_form(client, f"/etudiant/candidatures/{application_id}/retrait", {})
    assert done.status_code == 302 and done.headers["Location"] == f"/etudiant/candidatures/{application_id}"
    db_session.expire_all()
    assert db_session.get(Application, application_id).status == ApplicationStatus.WITHDRAWN
    page = text_of(client.get(done.headers["Location"]))
    assert "Votre candidature est retirée" in page and "« envoyée » → « retirée » (par vous)" in page
    assert "Retirer ma candidature…" not in page and "Cette candidature est close" in page

    again = post_form(client, f"/etudiant/candidatures/{application_id}/retrait", {})
    assert again.status_code == 409 and "Transition impossible" in text_of(again)
    assert user_id


def test_another_students_application_is_not_found(client, db_session):
    student_with_profile(db_session)
    _, other_id = student_with_profile(db_session, email="autre@exemple.fr")
    foreign_id = _application(db_session, other_id, "Pas à vous")
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    assert client.get(f"/etudiant/candidatures/{foreign_id}").status_code == 404
    assert client.get(f"/etudiant/candidatures/{foreign_id}/retrait").status_code == 404
    assert post_form(client, f"/etudiant/candidatures/{foreign_id}/retrait", {}).status_code == 404
    db_session.expire_all()
    assert db_session.get(Application, foreign_id).status == ApplicationStatus.SUBMITTED


# --- My data ----------------------------------------------------------------------------------------


def test_export_is_a_json_file_of_everything_we_hold(client, db_session):
    _, student_id = student_with_profile(db_session, first_name="Léa")
    _application(db_session, student_id, "Ingénieur essais", message="Bonjour")
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    assert 'href="/etudiant/donnees.json"' in client.get("/etudiant/profil").get_data(as_text=True)
    response = client.get("/etudiant/donnees.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="vte-match-mes-donnees.json"'
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "lea@exemple.fr" and data["profile"]["first_name"] == "Léa"
    assert data["applications"][0]["offer"]["title"] == "Ingénieur essais"
    assert data["applications"][0]["history"][0]["to"] == "submitted"
    assert re.match(r"\d{4}-\d\d-\d\dT", data["account"]["created_at"])


def test_deleting_the_account_needs_an_explicit_confirmation(client, db_session):
    user_id, student_id = student_with_profile(db_session)
    open_id = _application(db_session, student_id, "Candidature ouverte")
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    page = text_of(client.get("/etudiant/supprimer"))
    assert "votre candidature en cours est retirée" in page
    assert "statistiques de votre école" not in page  # no hire, nothing kept for the school

    refused = post_form(client, "/etudiant/supprimer", {})
    assert refused.status_code == 422
    assert re.search(r'id="f-confirm-error">Cochez la case', refused.get_data(as_text=True))
    db_session.expire_all()
    assert db_session.get(User, user_id) is not None

    done = post_form(client, "/etudiant/supprimer", {"confirm": "on"})
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert "Votre compte et votre profil sont supprimés" in text_of(client.get("/"))
    db_session.expire_all()
    assert db_session.get(User, user_id) is None and db_session.get(Student, student_id) is None
    assert db_session.get(Application, open_id).status == ApplicationStatus.WITHDRAWN
    assert client.get("/etudiant/profil").status_code == 302  # signed out

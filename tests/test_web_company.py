"""Company pages through the test client: company profile and eligibility, « Mes offres », the offer
editor with its preview, the candidates and the applications pipeline, and who may open them."""

from __future__ import annotations

import html as html_lib
import itertools
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from factories import make_company, make_offer, make_student
from vte.accounts import create_user
from vte.embedding_sync import embed_offers, embed_students
from vte.models import Application, ApplicationEvent, Company, Offer, Placement, TerritoireList, User
from vte.siren import luhn_complete
from vte.vocab import ApplicationStatus, ContractType, OfferStatus, Role
from web_support import post_form, sign_in, text_of

PASSWORD = "Recruteur-VTE-2026"
OYONNAX_TERRITORY = "Oyonnax - Bugey Sud - Plaine de l'Ain - Pays Bellegardien - Pays de Gex"
_n = itertools.count(1)


# --------------------------------------------------------------------------- helpers


def account(db_session, role=Role.COMPANY, company_id=None) -> tuple[str, int]:
    """(e-mail, id) of a new committed account."""
    email = f"recruteur{next(_n)}@exemple.fr"
    user = create_user(db_session, email, PASSWORD, role, company_id=company_id)
    db_session.commit()
    return email, user.id


def recruiter(client, db_session, company_id=None) -> int:
    """Sign in a new recruiter (of `company_id`); returns the user id."""
    email, user_id = account(db_session, company_id=company_id)
    sign_in(client, email, PASSWORD)
    return user_id


def company_form(**changes) -> dict:
    data = {
        "siren": luhn_complete("73282932"),
        "name": "Plasturgie du Haut-Bugey",
        "naf": "22.29A",
        "headcount": "80",
        "commune_label": "Oyonnax (01100)",
        "commune_code": "01283",
    }
    data.update(changes)
    return data


def offer_form(**changes) -> dict:
    data = {
        "title": "Ingénieur méthodes injection plastique",
        "description": "Vous améliorez les procédés d'injection plastique de notre atelier de moules.",
        "skills": "injection plastique, AMDEC",
        "contract_type": "cdi",
        "duration_months": "",
        "start_date": "",
        "commune_label": "",
        "commune_code": "",
        "remote": "none",
        "level_min": "bac+5",
        "salary_min": "32000",
        "salary_max": "38000",
        "expires_at": "",
        "action": "save",
    }
    data.update(changes)
    return data


def field_error(response, name: str) -> str:
    """The message shown next to a field (`f-<name>-error`, or the commune field's `f-location`)."""
    html = response.get_data(as_text=True)
    match = re.search(rf'<p class="field-error" id="f-{name}(?:-error)?">(.*?)</p>', html, re.S)
    assert match, f"no error shown next to {name}"
    return match.group(1)


def value_of(response, name: str) -> str:
    html = response.get_data(as_text=True)
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    assert match, f"no field {name}"
    return match.group(1)


def offer_count(db_session, company_id) -> int:
    return db_session.scalar(select(func.count(Offer.id)).where(Offer.company_id == company_id))


def application(db_session, offer, status=ApplicationStatus.SUBMITTED, message=None, **student) -> Application:
    student = make_student(db_session, **student)
    row = Application(student_id=student.id, offer_id=offer.id, status=status, message=message)
    db_session.add(row)
    db_session.flush()
    db_session.add(
        ApplicationEvent(
            application_id=row.id, from_status=None, to_status="submitted", at=datetime.now(UTC) - timedelta(days=2)
        )
    )
    db_session.flush()
    return row


# --------------------------------------------------------------------------- access


PAGES = [
    "/entreprise",
    "/entreprise/offres",
    "/entreprise/offres/nouvelle",
    "/entreprise/offres/{offer}",
    "/entreprise/offres/{offer}/modifier",
    "/entreprise/candidatures/{application}",
]


def test_anonymous_visitors_are_sent_to_sign_in(client, db_session):
    offer_id = make_offer(db_session).id
    app_id = application(db_session, db_session.get(Offer, offer_id)).id
    db_session.commit()
    for page in PAGES:
        path = page.format(offer=offer_id, application=app_id)
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/connexion?next=")
    response = post_form(client, f"/entreprise/offres/{offer_id}/fermer", {})
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.STUDENT, Role.SCHOOL])
def test_students_and_schools_get_a_french_403(client, db_session, role):
    offer = make_offer(db_session)
    offer_id, app_id = offer.id, application(db_session, offer).id
    db_session.commit()
    email, _ = account(db_session, role=role)
    sign_in(client, email, PASSWORD)
    for page in PAGES:
        response = client.get(page.format(offer=offer_id, application=app_id))
        assert response.status_code == 403
        assert "réservée à un autre type de compte" in text_of(response)
    assert post_form(client, f"/entreprise/candidatures/{app_id}/statut", {"to": "reviewed"}).status_code == 403
    assert db_session.get(Application, app_id).status == ApplicationStatus.SUBMITTED


def test_another_companys_offer_and_application_are_not_found(client, db_session, fake_encoder):
    mine = make_company(db_session)
    theirs = make_offer(db_session)
    draft = make_offer(db_session, company=theirs.company, status=OfferStatus.DRAFT, published_at=None)
    app_id = application(db_session, theirs).id
    db_session.commit()
    theirs, draft = theirs.id, draft.id
    recruiter(client, db_session, company_id=mine.id)
    for path in (
        f"/entreprise/offres/{theirs}",
        f"/entreprise/offres/{theirs}/modifier",
        f"/entreprise/offres/{draft}",
        f"/entreprise/candidatures/{app_id}",
    ):
        assert client.get(path).status_code == 404, path
    assert post_form(client, f"/entreprise/offres/{draft}/publier", {}).status_code == 404
    assert post_form(client, f"/entreprise/offres/{theirs}/fermer", {}).status_code == 404
    assert post_form(client, f"/entreprise/offres/{theirs}/modifier", offer_form()).status_code == 404
    assert post_form(client, f"/entreprise/candidatures/{app_id}/statut", {"to": "reviewed"}).status_code == 404
    db_session.expire_all()
    assert db_session.get(Offer, draft).status == OfferStatus.DRAFT
    assert db_session.get(Offer, theirs).status == OfferStatus.PUBLISHED
    assert db_session.get(Application, app_id).status == ApplicationStatus.SUBMITTED


def test_forms_without_the_csrf_token_are_refused(client, db_session, fake_encoder):
    company = make_company(db_session)
    draft = make_offer(db_session, company=company, status=OfferStatus.DRAFT, published_at=None)
    db_session.commit()
    company_id, draft_id = company.id, draft.id
    recruiter(client, db_session, company_id=company_id)
    assert client.post(f"/entreprise/offres/{draft_id}/publier", data={}).status_code == 400
    assert client.post("/entreprise/offres/nouvelle", data=offer_form()).status_code == 400
    db_session.expire_all()
    assert db_session.get(Offer, draft_id).status == OfferStatus.DRAFT
    assert offer_count(db_session, company_id) == 1


def test_admins_have_no_company_but_may_open_an_offers_page(client, db_session, fake_encoder):
    offer_id = make_offer(db_session, title="Technicien plasturgie").id
    db_session.commit()
    email, _ = account(db_session, role=Role.ADMIN)
    sign_in(client, email, PASSWORD)
    for path in ("/entreprise", "/entreprise/offres", "/entreprise/offres/nouvelle"):
        response = client.get(path)
        assert response.status_code == 200
        assert "ne sont rattachés à aucune entreprise" in text_of(response)
    page = client.get(f"/entreprise/offres/{offer_id}")
    assert page.status_code == 200 and "Technicien plasturgie" in text_of(page)


def test_a_recruiter_without_company_is_asked_to_register_it_first(client, db_session):
    recruiter(client, db_session)
    for path in ("/entreprise/offres", "/entreprise/offres/nouvelle"):
        page = text_of(client.get(path))
        assert "Inscrivez d'abord votre entreprise" in page


# --------------------------------------------------------------------------- company profile


def test_registration_form_offers_the_naf_codes(client, db_session):
    recruiter(client, db_session)
    response = client.get("/entreprise")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Inscrire mon entreprise</h1>" in html
    assert '<option value="25.62B">25.62B — Mécanique industrielle</option>' in html
    assert 'list="naf-codes"' in html and "data-commune-autocomplete" in html


def test_recruiter_registers_the_company_and_sees_its_eligibility(client, db_session):
    user_id = recruiter(client, db_session)
    siren = luhn_complete("73282932")
    spaced = f"{siren[:3]} {siren[3:6]} {siren[6:]}"
    response = post_form(client, "/entreprise", company_form(siren=spaced))
    assert response.status_code == 302 and response.headers["Location"] == "/entreprise"
    page = text_of(client.get("/entreprise"))
    assert "Entreprise « Plasturgie du Haut-Bugey » inscrite" in page
    assert f"SIREN {spaced}" in page
    assert "22.29A — Fabrication de pièces techniques à base de matières plastiques" in page
    assert "80 salariés" in page and "Oyonnax" in page
    assert f"Territoire d'industrie Oui — {OYONNAX_TERRITORY}" in page
    assert "Taille de l'entreprise (PME/ETI) PME" in page
    assert "Aide VTE Territoires d'industrie 4 000 € par VTE recruté Éligible" in page
    assert "8 000 €" not in page.split("Aide VTE Vert")[0]  # the unsourced 8,000 € VTE TI is gone
    assert "Source : experts-et-decideurs.fr (30/10/2023) ; vérifié le 04/12/2026." in page
    assert (
        "Montant non confirmé pour la période en cours : les sources s'arrêtent en 2023 "
        "(dernière vérification le 04/12/2026)." in page
    )
    assert "Aide VTE Vert 12 000 €" in page
    assert "Plafonnée à 8 000 € si l'entreprise perçoit aussi l'aide exceptionnelle à l'embauche d'alternants." in page
    assert "Une aide par établissement (SIRET), 5 établissements au plus par entreprise (SIREN)." in page
    assert "À remplir par chaque mission : Mission de transition écologique" in page
    assert "Barème : Aides VTE 2023-2027" in page
    assert "Mission d'au moins un an : alternance d'au moins 12 mois (10 pour un VTE Vert)" in page
    for internal in ("VÉRIFIER", "Hypothèse", "Remplacez ce tableau", "à confirmer auprès de Bpifrance"):
        assert internal not in page
    # Contracts in French, never as codes (« contrat : apprentissage, professionnalisation, cdd, cdi »).
    assert "Contrat éligible : alternance d'au moins 12 mois, CDD d'au moins 12 mois ou CDI." in page
    assert not re.search(r"\b(cdd|cdi)\b", page)
    db_session.expire_all()
    company = db_session.get(Company, db_session.get(User, user_id).company_id)
    assert company.name == "Plasturgie du Haut-Bugey" and company.commune_code == "01283"


def test_registration_accepts_a_typed_commune_and_compact_naf(client, db_session):
    recruiter(client, db_session)
    response = post_form(client, "/entreprise", company_form(naf="2229a", commune_code="", commune_label="Oyonnax"))
    assert response.status_code == 302
    assert "Commune Oyonnax" in text_of(client.get("/entreprise"))


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"siren": "123456788"}, "siren", "clé de contrôle"),
        ({"siren": "12345"}, "siren", "9 chiffres"),
        ({"name": ""}, "name", "Champ obligatoire."),
        ({"naf": "99.99Z"}, "naf", "inconnu"),
        ({"naf": "plastique"}, "naf", "Code NAF invalide"),
        ({"headcount": "beaucoup"}, "headcount", "Nombre entier attendu."),
        ({"headcount": "1²"}, "headcount", "Nombre entier attendu."),
        ({"headcount": "0"}, "headcount", "Valeur entre 1 et"),
        ({"commune_code": "", "commune_label": "Zzyzxville"}, "location", "Commune inconnue"),
        ({"commune_code": "", "commune_label": ""}, "location", "Champ obligatoire."),
    ],
)
def test_registration_errors_are_shown_next_to_the_field_and_nothing_is_written(
    client, db_session, changes, field, message
):
    user_id = recruiter(client, db_session)
    before = db_session.scalar(select(func.count(Company.id)))
    data = company_form(**changes)
    response = post_form(client, "/entreprise", data)
    assert response.status_code == 422
    assert message in field_error(response, field)
    assert "Le formulaire contient des erreurs" in text_of(response)
    for name in ("siren", "name", "naf", "headcount", "commune_label"):
        assert value_of(response, name) == data[name].replace("'", "&#39;")
    db_session.expire_all()
    assert db_session.scalar(select(func.count(Company.id))) == before
    assert db_session.get(User, user_id).company_id is None


def test_a_siren_registered_twice_is_refused_with_the_reason(client, db_session):
    make_company(db_session, siren="552100554")
    db_session.commit()
    user_id = recruiter(client, db_session)
    response = post_form(client, "/entreprise", company_form(siren="552 100 554"))
    assert response.status_code == 409
    assert field_error(response, "siren") == "SIREN déjà inscrit."
    assert "une seule inscription par SIREN" in text_of(response)
    db_session.expire_all()
    assert db_session.get(User, user_id).company_id is None


def test_recruiter_updates_the_company_and_the_eligibility_follows(client, db_session):
    company = make_company(db_session, name="Moules Dupont", naf_code="25.73A")
    db_session.commit()
    company_id, siren = company.id, company.siren
    recruiter(client, db_session, company_id=company_id)
    form = client.get("/entreprise")
    assert value_of(form, "name") == "Moules Dupont" and value_of(form, "commune_code") == "01283"
    response = post_form(
        client,
        "/entreprise",
        company_form(
            siren=siren, name="Moules Dupont SAS", headcount="6000", commune_code="75056", commune_label="Paris"
        ),
    )
    assert response.status_code == 302
    page = text_of(client.get("/entreprise"))
    assert "Les informations de l'entreprise sont enregistrées." in page
    assert "Moules Dupont SAS" in page
    assert "Territoire d'industrie Non Commune hors des Territoires d'industrie" in page
    assert "Taille de l'entreprise (PME/ETI) Grande entreprise" in page
    assert "Non éligible" in page and "Condition non remplie." in page


def test_a_failed_update_keeps_the_company_and_reopens_the_form(client, db_session):
    company = make_company(db_session, name="Moules Dupont", naf_code="25.73A")
    db_session.commit()
    company_id, siren = company.id, company.siren
    recruiter(client, db_session, company_id=company_id)
    response = post_form(client, "/entreprise", company_form(siren=siren, name="Nouveau nom", naf="00.00A"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert '<details class="edit-details" open>' in html
    assert value_of(response, "name") == "Nouveau nom"
    assert "Éligibilité au VTE" in text_of(response)
    db_session.expire_all()
    assert db_session.get(Company, company_id).name == "Moules Dupont"


def test_territory_membership_is_unknown_without_the_list_in_force_today(client, db_session):
    """Only the 2020 list has a period (2020-2022): today the page says membership is unknown."""
    company = make_company(db_session)
    db_session.execute(
        update(TerritoireList).where(TerritoireList.version != "2020").values(valid_from=None, valid_until=None)
    )
    db_session.commit()
    company_id = company.id
    recruiter(client, db_session, company_id=company_id)
    page = text_of(client.get("/entreprise"))
    assert "Territoire d'industrie Inconnue" in page
    today = date.today().strftime("%d/%m/%Y")
    assert f"la liste des Territoires d'industrie en vigueur le {today} n'est pas chargée" in page
    assert "Condition inconnue." in page
    assert "Non éligible" not in page.split("Aide VTE Vert")[0]  # unknown is never « no »


# --------------------------------------------------------------------------- my offers


def test_my_offers_lists_every_status_with_application_counts(client, db_session):
    company = make_company(db_session)
    published = make_offer(db_session, company=company, title="Technicien méthodes")
    make_offer(db_session, company=company, title="Brouillon en cours", status=OfferStatus.DRAFT, published_at=None)
    make_offer(db_session, company=company, title="Poste pourvu", status=OfferStatus.CLOSED)
    make_offer(db_session, title="Offre d'une autre entreprise")
    application(db_session, published)
    application(db_session, published, status=ApplicationStatus.INTERVIEW)
    application(db_session, published, status=ApplicationStatus.WITHDRAWN)
    db_session.commit()
    company_id = company.id
    recruiter(client, db_session, company_id=company_id)
    response = client.get("/entreprise/offres")
    page = text_of(response)
    assert response.status_code == 200
    assert "3 offres" in page and "Offre d'une autre entreprise" not in page
    assert "Technicien méthodes Publiée" in page and "Brouillon en cours Brouillon" in page
    assert "Poste pourvu Fermée" in page
    assert "2 candidatures : 1 envoyée, 1 en entretien (sans compter 1 candidature retirée)" in page
    html = response.get_data(as_text=True)
    assert html.count(">Publier<span") == 1  # the draft only
    assert html.count(">Fermer<span") == 2  # the draft and the published offer

    drafts = text_of(client.get("/entreprise/offres?status=draft"))
    assert "1 offre (brouillons)" in drafts
    assert "Brouillon en cours" in drafts and "Technicien méthodes" not in drafts
    past = text_of(client.get("/entreprise/offres?status=closed&page=2"))
    assert "Cette page est au-delà de la dernière" in past and "pas encore d'offre" not in past


def test_publish_a_draft_then_close_it_with_a_confirmation(client, db_session, fake_encoder):
    company = make_company(db_session)
    draft = make_offer(
        db_session,
        company=company,
        title="Technicien méthodes",
        status=OfferStatus.DRAFT,
        published_at=None,
        expires_at=None,
    )
    db_session.commit()
    company_id = company.id
    draft = draft.id
    recruiter(client, db_session, company_id=company_id)
    response = post_form(client, f"/entreprise/offres/{draft}/publier", {"back": "list"})
    assert response.status_code == 302 and response.headers["Location"] == "/entreprise/offres"
    expires = date.today() + timedelta(days=60)
    page = text_of(client.get("/entreprise/offres"))
    assert "Offre « Technicien méthodes » publiée : elle est visible des étudiants jusqu'au" in page
    assert "Technicien méthodes Publiée" in page
    db_session.expire_all()
    assert db_session.get(Offer, draft).status == OfferStatus.PUBLISHED
    assert db_session.get(Offer, draft).expires_at == expires

    response = post_form(client, f"/entreprise/offres/{draft}/fermer", {"back": "offer"})
    assert response.headers["Location"] == f"/entreprise/offres/{draft}"
    assert "Offre « Technicien méthodes » fermée" in text_of(client.get(response.headers["Location"]))
    db_session.expire_all()
    assert db_session.get(Offer, draft).status == OfferStatus.CLOSED


def test_publishing_or_closing_twice_is_a_409_with_a_message(client, db_session, fake_encoder):
    company = make_company(db_session)
    published = make_offer(db_session, company=company)
    closed = make_offer(db_session, company=company, status=OfferStatus.CLOSED)
    db_session.commit()
    company_id = company.id
    published, closed = published.id, closed.id
    recruiter(client, db_session, company_id=company_id)
    again = post_form(client, f"/entreprise/offres/{published}/publier", {"back": "list"})
    assert again.status_code == 409
    assert "Action impossible Cette offre est déjà publiée." in text_of(again)
    assert "Mes offres" in text_of(again)
    twice = post_form(client, f"/entreprise/offres/{closed}/fermer", {"back": "offer"})
    assert twice.status_code == 409 and "Cette offre est déjà fermée." in text_of(twice)
    assert "Candidats recommandés" in text_of(twice)


def test_a_large_company_cannot_publish(client, db_session, fake_encoder):
    company = make_company(db_session, headcount=6000)
    draft = make_offer(db_session, company=company, status=OfferStatus.DRAFT, published_at=None)
    db_session.commit()
    company_id = company.id
    draft = draft.id
    recruiter(client, db_session, company_id=company_id)
    response = post_form(client, f"/entreprise/offres/{draft}/publier", {})
    assert response.status_code == 409
    assert "Le VTE est réservé aux PME et ETI" in text_of(response)
    db_session.expire_all()
    assert db_session.get(Offer, draft).status == OfferStatus.DRAFT


# --------------------------------------------------------------------------- offer editor


def test_save_and_publish_of_a_large_company_writes_nothing(client, db_session, fake_encoder):
    company = make_company(db_session, headcount=6000)
    db_session.commit()
    company_id = company.id
    recruiter(client, db_session, company_id=company_id)
    response = post_form(client, "/entreprise/offres/nouvelle", offer_form(action="publish"))
    assert response.status_code == 409
    assert "Le VTE est réservé aux PME et ETI" in text_of(response)
    assert value_of(response, "title") == "Ingénieur méthodes injection plastique"
    assert offer_count(db_session, company_id) == 0


def test_new_offer_is_saved_as_a_draft_at_the_companys_commune(client, db_session, fake_encoder):
    company = make_company(db_session)
    db_session.commit()
    company_id = company.id
    recruiter(client, db_session, company_id=company_id)
    form = client.get("/entreprise/offres/nouvelle")
    assert form.status_code == 200 and "Facultatif : par défaut, la commune de l'entreprise (Oyonnax)" in text_of(form)
    response = post_form(
        client, "/entreprise/offres/nouvelle", offer_form(skills="injection plastique, AMDEC, amdec", green="on")
    )
    assert response.status_code == 302
    offer = db_session.scalars(select(Offer).where(Offer.company_id == company_id)).one()
    assert response.headers["Location"] == f"/entreprise/offres/{offer.id}/modifier"
    assert offer.status == OfferStatus.DRAFT and offer.commune_code == "01283"
    assert offer.skills == ["injection plastique", "AMDEC"] and offer.green and offer.level_min == 5
    assert offer.salary_min == 32000
    page = client.get(response.headers["Location"])
    text = text_of(page)
    assert "Brouillon « Ingénieur méthodes injection plastique » enregistré" in text
    assert value_of(page, "title") == "Ingénieur méthodes injection plastique"
    assert value_of(page, "skills") == "injection plastique, AMDEC"
    assert f"Territoire d'industrie : {OYONNAX_TERRITORY}" in text


def test_save_and_publish_from_the_editor(client, db_session, fake_encoder):
    company = make_company(db_session)
    db_session.commit()
    company_id = company.id
    recruiter(client, db_session, company_id=company_id)
    response = post_form(client, "/entreprise/offres/nouvelle", offer_form(action="publish", title="Technicien"))
    assert response.status_code == 302 and response.headers["Location"] == "/entreprise/offres"
    page = text_of(client.get("/entreprise/offres"))
    assert "Offre « Technicien » publiée" in page and "Technicien Publiée" in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": ""}, "title", "Champ obligatoire."),
        ({"description": "   "}, "description", "Champ obligatoire."),
        ({"contract_type": ""}, "contract_type", "Champ obligatoire."),
        ({"contract_type": "cdd", "duration_months": "6"}, "duration_months", "au moins 12 mois"),
        ({"contract_type": "apprentissage"}, "duration_months", "Durée obligatoire"),
        (
            {"contract_type": "apprentissage", "duration_months": "6"},
            "duration_months",
            "Une mission en alternance dure au moins 12 mois pour être éligible au VTE (reçu : 6).",
        ),
        (
            {"contract_type": "professionnalisation", "duration_months": "9", "green": "on"},
            "duration_months",
            "Une mission VTE Vert en alternance dure au moins 10 mois pour être éligible au VTE (reçu : 9).",
        ),
        ({"duration_months": "un an"}, "duration_months", "Nombre entier attendu."),
        ({"salary_min": "40000", "salary_max": "30000"}, "salary_max", "inférieur au minimum"),
        ({"start_date": "demain"}, "start_date", "Date invalide"),
        ({"expires_at": "2020-01-01"}, "expires_at", "déjà passée"),
        ({"commune_label": "Zzyzxville"}, "location", "Commune inconnue"),
    ],
)
def test_offer_errors_are_shown_next_to_the_field_and_nothing_is_written(
    client, db_session, fake_encoder, changes, field, message
):
    company = make_company(db_session)
    db_session.commit()
    company_id = company.id
    recruiter(client, db_session, company_id=company_id)
    data = offer_form(**changes)
    response = post_form(client, "/entreprise/offres/nouvelle", data)
    assert response.status_code == 422
    assert message in field_error(response, field)
    assert value_of(response, "skills") == "injection plastique, AMDEC"
    assert value_of(response, "salary_min") == data["salary_min"]
    if data["description"].strip():
        assert "Vous améliorez les procédés" in response.get_data(as_text=True)
    assert offer_count(db_session, company_id) == 0


def test_the_editor_gives_the_minimum_durations_of_the_rules_in_force(client, db_session, fake_encoder):
    """Missions last at least a year; a VTE Vert work-study mission may last 10 months
    (vte-france.fr FAQ entreprises; code.travail.gouv.fr, VTE Vert)."""
    company = make_company(db_session)
    db_session.commit()
    company_id = company.id
    recruiter(client, db_session, company_id=company_id)
    page = text_of(client.get("/entreprise/offres/nouvelle"))
    assert (
        "CDD : 12 mois ou plus ; alternance : 12 à 36 mois (10 à 36 pour une mission VTE Vert) ; CDI : laissez vide."
        in page
    )
    assert "6 à 36" not in page
    saved = post_form(
        client,
        "/entreprise/offres/nouvelle",
        offer_form(contract_type="apprentissage", duration_months="10", green="on"),
    )
    assert saved.status_code == 302 and offer_count(db_session, company_id) == 1


def test_preview_shows_the_skills_matched_on_the_detected_ones_and_the_territory(client, db_session, fake_encoder):
    company = make_company(db_session, commune_code="75056")
    student = make_student(db_session, skills=["SolidWorks", "injection plastique", "cotation fonctionnelle"])
    embed_students(db_session, fake_encoder, [student])
    db_session.commit()
    company_id = company.id
    recruiter(client, db_session, company_id=company_id)
    data = offer_form(
        action="preview",
        title="",
        skills="Injection plastique, injection plastique, Kubernetes",
        description="Vous concevez des moules sous SolidWorks et vérifiez la cotation fonctionnelle des pièces.",
        commune_label="Oyonnax (01100)",
        commune_code="01283",
    )
    response = post_form(client, "/entreprise/offres/nouvelle", data)
    assert response.status_code == 200
    page = text_of(response)
    skills = page.split("Compétences rapprochées")[1].split("Compétences détectées")[0]
    assert "Injection plastique" in skills and skills.count("njection plastique") == 1
    assert "Kubernetes (aucun étudiant visible ne la cite)" in skills
    detected = page.split("Compétences détectées dans la description")[1].split("Lieu et Territoire")[0]
    assert "SolidWorks" in detected and "cotation fonctionnelle" in detected
    assert f"Commune : Oyonnax. Territoire d'industrie : {OYONNAX_TERRITORY}" in page
    assert value_of(response, "skills") == data["skills"]  # the form comes back as typed
    assert "Le formulaire contient des erreurs" not in page  # a preview does not validate the offer
    assert offer_count(db_session, company_id) == 0

    elsewhere = post_form(client, "/entreprise/offres/nouvelle", dict(data, commune_label="", commune_code=""))
    assert "Commune : Paris (celle de l'entreprise). Hors Territoire d'industrie." in text_of(elsewhere)
    unknown = post_form(client, "/entreprise/offres/nouvelle", dict(data, commune_label="Zzyzxville", commune_code=""))
    assert unknown.status_code == 422 and "Commune inconnue" in field_error(unknown, "location")


def test_skills_are_found_in_a_description_longest_label_first():
    from vte.skill_mentions import skills_in_text
    from vte.skills import SkillVocabulary

    vocabulary = SkillVocabulary()
    vocabulary.ids_of(["injection", "injection plastique", "AMDEC", "C", "Lean Manufacturing"])
    text = "C'est un poste d'injection plastique : AMDEC, lean-manufacturing et injection."
    assert skills_in_text(vocabulary.display, text) == [
        "injection plastique",
        "AMDEC",
        "Lean Manufacturing",
        "injection",
    ]
    assert skills_in_text(vocabulary.display, text, exclude=["amdec"]) == [
        "injection plastique",
        "Lean Manufacturing",
        "injection",
    ]


def test_editing_an_offer_shows_its_values_and_saves_the_changes(client, db_session, fake_encoder):
    company = make_company(db_session)
    offer = make_offer(
        db_session,
        company=company,
        title="Technicien méthodes",
        start_date=date(2027, 1, 4),
        skills=["AMDEC"],
        level_min=3,
    )
    db_session.commit()
    company_id = company.id
    offer = offer.id
    recruiter(client, db_session, company_id=company_id)
    form = client.get(f"/entreprise/offres/{offer}/modifier")
    assert value_of(form, "title") == "Technicien méthodes"
    assert value_of(form, "start_date") == "2027-01-04" and value_of(form, "commune_code") == "01283"
    assert '<option value="bac+3" selected>' in form.get_data(as_text=True)
    assert "Enregistrer et publier" not in text_of(form)  # already published
    response = post_form(
        client,
        f"/entreprise/offres/{offer}/modifier",
        offer_form(title="Technicien méthodes senior", commune_code="69123", commune_label="Lyon"),
    )
    assert response.status_code == 302
    assert "Offre « Technicien méthodes senior » enregistrée." in text_of(client.get(response.headers["Location"]))
    db_session.expire_all()
    changed = db_session.get(Offer, offer)
    assert changed.title == "Technicien méthodes senior" and changed.commune_code == "69123"
    assert changed.status == OfferStatus.PUBLISHED


def test_a_closed_offer_cannot_be_edited(client, db_session, fake_encoder):
    company = make_company(db_session)
    offer = make_offer(db_session, company=company, title="Poste pourvu", status=OfferStatus.CLOSED)
    db_session.commit()
    company_id = company.id
    offer = offer.id
    recruiter(client, db_session, company_id=company_id)
    assert "Cette offre est fermée : elle ne peut plus être modifiée." in text_of(
        client.get(f"/entreprise/offres/{offer}/modifier")
    )
    response = post_form(client, f"/entreprise/offres/{offer}/modifier", offer_form(title="Nouveau titre"))
    assert response.status_code == 409
    assert value_of(response, "title") == "Nouveau titre"
    db_session.expire_all()
    assert db_session.get(Offer, offer).title == "Poste pourvu"


# --------------------------------------------------------------------------- candidates and pipeline


def test_offer_page_ranks_visible_students_with_explanations_and_contacts_of_applicants_only(
    client, db_session, fake_encoder
):
    company = make_company(db_session)
    offer = make_offer(db_session, company=company, title="Ingénieur plasturgie", skills=["injection plastique"])
    applicant = make_student(
        db_session,
        first_name="Camille",
        last_name="Martin",
        email="camille@exemple.fr",
        programme="Diplôme d'ingénieur plasturgie",
    )
    other = make_student(
        db_session,
        first_name="Hugo",
        last_name="Secret",
        email="hugo@exemple.fr",
        programme="Master matériaux",
        skills=["rhéologie"],
    )
    hidden = make_student(db_session, first_name="Invisible", programme="Profil caché", visible=False)
    db_session.add(Application(student_id=applicant.id, offer_id=offer.id, message="Bonjour"))
    embed_offers(db_session, fake_encoder, [offer])
    embed_students(db_session, fake_encoder, [applicant, other, hidden])
    db_session.commit()
    company_id = company.id
    offer = offer.id
    recruiter(client, db_session, company_id=company_id)
    response = client.get(f"/entreprise/offres/{offer}")
    assert response.status_code == 200
    page = text_of(response)
    candidates = page.split("Candidats recommandés (")[1].split("Candidats recommandés")[1]
    assert "Camille Martin" in candidates and "camille@exemple.fr" in candidates
    assert "A postulé — candidature « envoyée »" in candidates
    assert "Master matériaux" in candidates
    assert "Hugo" not in page and "hugo@exemple.fr" not in page and "Secret" not in page
    assert "Profil caché" not in page
    assert "compétences communes : injection plastique" in candidates
    assert re.search(r"1\. Camille Martin Score : \d+ %", candidates)
    assert "Détail du score" in candidates and "Adéquation au poste" in candidates


def test_pipeline_groups_applications_by_status_with_the_legal_buttons_only(client, db_session, fake_encoder):
    company = make_company(db_session)
    offer = make_offer(db_session, company=company)
    new = application(db_session, offer, first_name="Alice", last_name="Nouvelle", message="Très motivée")
    talk = application(db_session, offer, status=ApplicationStatus.INTERVIEW, first_name="Bruno", last_name="Entretien")
    done = application(db_session, offer, status=ApplicationStatus.HIRED, first_name="Chloé", last_name="Embauchée")
    db_session.commit()
    company_id = company.id
    offer, new, talk, done = offer.id, new.id, talk.id, done.id
    recruiter(client, db_session, company_id=company_id)
    response = client.get(f"/entreprise/offres/{offer}")
    html = response.get_data(as_text=True)
    page = text_of(response)
    assert "3 candidatures : 1 envoyée, 1 en entretien, 1 embauche" in page

    def card(app_id):
        match = re.search(
            rf'<li class="pipeline-card" data-application-id="{app_id}" data-status="(\w+)"[^>]*>(.*?)</li>', html, re.S
        )
        assert match, app_id
        return match.group(1), re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", match.group(2))))

    status, text = card(new)
    assert status == "submitted" and "Alice Nouvelle" in text and "« Très motivée »" in text
    assert "Passer à « examinée »" in text and "Refuser la candidature" in text
    assert "entretien" not in text and "embauche" not in text
    status, text = card(talk)
    assert status == "interview" and "Passer à « proposition d'embauche »" in text
    status, text = card(done)
    assert status == "hired" and "Passer" not in text and "Refuser" not in text
    assert (
        f'data-application-id="{new}" data-status="submitted" data-name="Alice Nouvelle" data-next="reviewed rejected"'
        in html
    )
    columns = re.findall(r'<h3 id="colonne-(\w+)">', html)
    assert columns == ["submitted", "reviewed", "interview", "offered", "hired", "rejected", "withdrawn"]


def test_recruiter_moves_an_application_to_hired_step_by_step(client, db_session, fake_encoder):
    company = make_company(db_session)
    offer = make_offer(db_session, company=company, contract_type=ContractType.CDI)
    app_id = application(db_session, offer, first_name="Alice", last_name="Nouvelle").id
    db_session.commit()
    company_id = company.id
    offer = offer.id
    recruiter(client, db_session, company_id=company_id)
    for to, label in (("reviewed", "examinée"), ("interview", "entretien"), ("offered", "proposition d'embauche")):
        response = post_form(client, f"/entreprise/candidatures/{app_id}/statut", {"to": to, "back": "offer"})
        assert response.status_code == 302
        assert response.headers["Location"] == f"/entreprise/offres/{offer}#candidatures"
        html = html_lib.unescape(client.get(f"/entreprise/offres/{offer}").get_data(as_text=True))
        assert f'role="status">Candidature : Alice Nouvelle, statut « {label} ».</p>' in html  # by the pipeline
        assert f'flash-success">Candidature : Alice Nouvelle, statut « {label} ».</p>' in html  # at the top
    response = post_form(
        client,
        f"/entreprise/candidatures/{app_id}/statut",
        {"to": "hired", "start_date": "2027-01-04", "contract_type": "cdd", "back": "detail"},
    )
    assert response.headers["Location"] == f"/entreprise/candidatures/{app_id}"
    page = text_of(client.get(response.headers["Location"]))
    assert "statut « embauche »" in page
    assert "Embauche enregistrée le" in page and "début le 4 janvier 2027" in page
    assert "« proposition d'embauche » → « embauche »" in page
    db_session.expire_all()
    assert db_session.get(Application, app_id).status == ApplicationStatus.HIRED
    placement = db_session.scalars(select(Placement).where(Placement.application_id == app_id)).one()
    assert placement.start_date == date(2027, 1, 4) and placement.contract_type == ContractType.CDD


def test_an_illegal_transition_is_refused_with_a_french_message(client, db_session, fake_encoder):
    company = make_company(db_session)
    offer = make_offer(db_session, company=company)
    app_id = application(db_session, offer).id
    db_session.commit()
    company_id = company.id
    recruiter(client, db_session, company_id=company_id)
    skipped = post_form(client, f"/entreprise/candidatures/{app_id}/statut", {"to": "hired", "back": "offer"})
    assert skipped.status_code == 409
    page = text_of(skipped)
    assert "Action impossible Transition impossible : la candidature est « envoyée »" in page
    assert "Statuts possibles depuis « envoyée » : « examinée » (reviewed), « refusée » (rejected)." in page
    assert "Candidatures reçues" in page
    on_detail = post_form(client, f"/entreprise/candidatures/{app_id}/statut", {"to": "offered", "back": "detail"})
    assert on_detail.status_code == 409 and "Historique" in text_of(on_detail)
    bad_date = post_form(
        client,
        f"/entreprise/candidatures/{app_id}/statut",
        {"to": "reviewed", "start_date": "bientôt", "back": "offer"},
    )
    assert bad_date.status_code == 422 and "Date invalide" in text_of(bad_date)
    unknown = post_form(client, f"/entreprise/candidatures/{app_id}/statut", {"to": "promoted"})
    assert unknown.status_code == 422 and "Choix invalide." in text_of(unknown)
    withdraw = post_form(client, f"/entreprise/candidatures/{app_id}/statut", {"to": "withdrawn"})
    assert withdraw.status_code == 403
    db_session.expire_all()
    assert db_session.get(Application, app_id).status == ApplicationStatus.SUBMITTED
    assert (
        db_session.scalar(select(func.count(ApplicationEvent.id)).where(ApplicationEvent.application_id == app_id)) == 1
    )


def test_application_page_shows_the_message_profile_and_history(client, db_session, fake_encoder):
    company = make_company(db_session)
    offer = make_offer(db_session, company=company, title="Ingénieur plasturgie")
    row = application(
        db_session,
        offer,
        status=ApplicationStatus.REVIEWED,
        message="Je connais bien vos presses.",
        first_name="Alice",
        last_name="Nouvelle",
        email="alice@exemple.fr",
        phone="06 12 34 56 78",
        programme="Diplôme d'ingénieur plasturgie",
    )
    db_session.add(ApplicationEvent(application_id=row.id, from_status="submitted", to_status="reviewed"))
    db_session.commit()
    company_id = company.id
    row = row.id
    recruiter(client, db_session, company_id=company_id)
    response = client.get(f"/entreprise/candidatures/{row}")
    assert response.status_code == 200
    page = text_of(response)
    assert "Candidature : Alice Nouvelle" in page and "Offre : Ingénieur plasturgie" in page
    assert "Statut : examinée" in page
    assert "Je connais bien vos presses." in page
    assert "alice@exemple.fr" in page and "06 12 34 56 78" in page
    assert "Candidature « envoyée »" in page and "« envoyée » → « examinée »" in page
    assert "Passer à « entretien »" in page and "Refuser la candidature" in page


def test_odd_page_numbers_show_the_first_page(client, db_session, fake_encoder):
    company = make_company(db_session)
    company_id = company.id
    db_session.commit()
    recruiter(client, db_session, company_id=company_id)
    for page in ("²", "0", "-1", "x"):
        assert client.get(f"/entreprise/offres?page={page}").status_code == 200


def test_manage_access_hides_other_companies_offers(db_session, fake_encoder):
    from vte.errors import NotFoundError
    from vte.permissions import get_offer_for

    mine, theirs = make_company(db_session), make_company(db_session)
    offer = make_offer(db_session, company=theirs)
    owner = create_user(db_session, f"gerant{next(_n)}@exemple.fr", PASSWORD, Role.COMPANY, company_id=theirs.id)
    other = create_user(db_session, f"autre{next(_n)}@exemple.fr", PASSWORD, Role.COMPANY, company_id=mine.id)
    assert get_offer_for(db_session, offer.id, owner, "manage") is offer
    with pytest.raises(NotFoundError):
        get_offer_for(db_session, offer.id, other, "manage")
    with pytest.raises(NotFoundError):
        get_offer_for(db_session, offer.id, None, "manage")

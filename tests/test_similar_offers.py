"""« Offres similaires » (service, offer page, API) and the signed-in student's score on an offer page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from factories import make_company, make_offer, make_school, make_student
from vte.accounts import create_user
from vte.embedding_sync import embed_offers
from vte.models import Offer
from vte.similar_offers import similar_offers
from vte.vocab import ContractType, OfferStatus, Role
from web_support import sign_in, text_of

PASSWORD = "Presses-injection-2026"
TODAY = date.today()


@pytest.fixture()
def plastics(db_session, fake_encoder):
    """An injection offer, two other plastics offers, two unrelated ones, and injection offers the
    engine must never show: a draft, a closed and an expired one."""
    offers = {
        "base": make_offer(db_session),
        "regleur": make_offer(
            db_session,
            title="Régleur presses à injection plastique",
            description="Vous réglez les presses à injection plastique et changez les moules de l'atelier.",
            skills=["injection plastique", "moules"],
        ),
        "technicien": make_offer(
            db_session,
            title="Technicien process injection plastique",
            description="Vous optimisez les procédés d'injection plastique et la qualité des pièces moulées.",
            skills=["injection plastique", "AMDEC"],
        ),
        "comptable": make_offer(
            db_session,
            title="Comptable fournisseurs",
            description="Saisie des factures fournisseurs et rapprochements bancaires.",
            skills=["comptabilité", "SAP"],
            contract_type=ContractType.CDD,
        ),
        "python": make_offer(
            db_session,
            title="Développeur Python industrie 4.0",
            description="Vous développez le MES de nos usines en Python.",
            skills=["Python", "MES"],
            commune_code="69123",
        ),
        "draft": make_offer(db_session, status=OfferStatus.DRAFT, published_at=None),
        "closed": make_offer(db_session, status=OfferStatus.CLOSED),
        "expired": make_offer(db_session, expires_at=TODAY - timedelta(days=1)),
    }
    embed_offers(db_session, fake_encoder, list(offers.values()))
    db_session.commit()
    return {key: o.id for key, o in offers.items()}


def similar_ids(db_session, fake_encoder, app, offer_id, **kw) -> list[int]:
    offer = db_session.get(Offer, offer_id)
    return [o["id"] for o in similar_offers(db_session, fake_encoder, app.config, offer, **kw)]


def test_similar_offers_of_an_injection_offer_are_plastics_first(app, db_session, fake_encoder, plastics):
    ids = similar_ids(db_session, fake_encoder, app, plastics["base"])
    assert set(ids[:2]) == {plastics["regleur"], plastics["technicien"]}
    assert set(ids[2:]) == {plastics["comptable"], plastics["python"]}
    assert plastics["base"] not in ids
    for hidden in ("draft", "closed", "expired"):
        assert plastics[hidden] not in ids


def test_similar_offers_take_at_most_one_offer_per_company(app, db_session, fake_encoder, plastics):
    prolific = make_company(db_session, name="Plasturgie Multisites")
    copies = [
        make_offer(db_session, company=prolific, title=f"Ingénieur méthodes injection plastique (site {n})")
        for n in range(3)
    ]
    embed_offers(db_session, fake_encoder, copies)
    db_session.commit()
    ids = similar_ids(db_session, fake_encoder, app, plastics["base"], limit=10)
    assert len([i for i in ids if i in {c.id for c in copies}]) == 1
    assert ids[0] in {c.id for c in copies}  # the same title: the nearest of all


def test_a_draft_has_no_similar_offers(app, db_session, fake_encoder, plastics):
    assert similar_ids(db_session, fake_encoder, app, plastics["draft"]) == []


def test_offer_page_shows_similar_offers_in_french(client, plastics):
    response = client.get(f"/offres/{plastics['base']}")
    assert response.status_code == 200
    page = text_of(response)
    block = page[page.index("Offres similaires") :]
    assert block.index("Régleur presses à injection plastique") < block.index("Comptable fournisseurs")
    assert "Technicien process injection plastique" in block
    assert "Oyonnax · CDI" in block and "Comptable fournisseurs Entreprise d'essai" in block
    assert "Lyon · CDI" in block and "CDD" in block
    assert "draft" not in block and "cdi" not in block
    html = response.get_data(as_text=True)
    assert f'href="/offres/{plastics["regleur"]}"' in html
    for hidden in ("draft", "closed", "expired"):
        assert f'href="/offres/{plastics[hidden]}"' not in html


def test_api_similar_offers(api, plastics):
    response = api.get(f"/api/v1/offers/{plastics['base']}/similar?limit=2")
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert {i["id"] for i in items} == {plastics["regleur"], plastics["technicien"]}
    assert items[0]["similarity"] >= items[1]["similarity"] and items[0]["company"]["name"]
    assert api.get(f"/api/v1/offers/{plastics['draft']}/similar").status_code == 404
    assert api.get(f"/api/v1/offers/{plastics['base']}/similar?limit=0").status_code == 422


# --- The student's score on the offer page -----------------------------------------------------------


def student_account(db_session, email="lea@exemple.fr", profile=True, **fields):
    school = make_school(db_session)
    user = create_user(db_session, email, PASSWORD, Role.STUDENT, school_id=school.id)
    if profile:
        make_student(db_session, user_id=user.id, school=school, email=email, **fields)
    db_session.commit()
    return user


def score_on_matches_page(client, offer_id) -> str:
    html = client.get("/etudiant/offres").get_data(as_text=True)
    card = html[html.index(f'id="offre-{offer_id}"') :]
    return re.search(r'<p class="score">([^<]+)<', card).group(1).strip()


def test_a_student_sees_the_score_and_explanation_of_mes_offres(client, db_session, plastics):
    student_account(db_session)
    sign_in(client, "lea@exemple.fr", PASSWORD)
    page = text_of(client.get(f"/offres/{plastics['regleur']}"))
    found = re.search(r"Votre compatibilité : (\d+ %)", page)
    assert found, page[:800]
    assert found.group(1) == score_on_matches_page(client, plastics["regleur"])
    assert "Détail du score" in page and "Poste" in page and "proche du profil" in page
    assert "compétences communes : injection plastique" in page


def test_the_score_is_the_one_of_mes_offres_for_every_offer(client, db_session, plastics):
    student_account(db_session)
    sign_in(client, "lea@exemple.fr", PASSWORD)
    for key in ("base", "technicien", "python"):
        page = text_of(client.get(f"/offres/{plastics[key]}"))
        assert f"Votre compatibilité : {score_on_matches_page(client, plastics[key])}" in page


def test_an_offer_outside_the_students_criteria_has_no_score_and_says_why(client, db_session, plastics):
    student_account(db_session, contract_types=["cdi"])
    sign_in(client, "lea@exemple.fr", PASSWORD)
    page = text_of(client.get(f"/offres/{plastics['comptable']}"))  # a CDD
    assert "Votre compatibilité" not in page
    assert "Cette offre n'entre pas dans vos critères" in page


def test_visitors_companies_and_students_without_profile_see_no_score(client, db_session, plastics):
    url = f"/offres/{plastics['regleur']}"
    assert "Votre compatibilité" not in text_of(client.get(url))
    student_account(db_session, "sans.profil@exemple.fr", profile=False)
    sign_in(client, "sans.profil@exemple.fr", PASSWORD)
    page = text_of(client.get(url))
    assert "Votre compatibilité" not in page and "Détail du score" not in page and "critères" not in page
    client.post("/deconnexion", data={})
    company = make_company(db_session)
    create_user(db_session, "recruteur@exemple.fr", PASSWORD, Role.COMPANY, company_id=company.id)
    db_session.commit()
    sign_in(client, "recruteur@exemple.fr", PASSWORD)
    page = text_of(client.get(url))
    assert "Votre compatibilité" not in page and "Détail du score" not in page
    assert "Offres similaires" in page

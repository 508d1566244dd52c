"""Issue 13, company side: a company page a student can read (/entreprises/<id>): description,
website, sector in words, size, places, open offers; linked from offer pages and result cards. The
recruiter writes the description and website in the company's form or through the API, checked."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, timedelta

from sqlalchemy import select

from factories import make_company, make_offer
from test_api_companies import body, caller
from test_web_company import company_form, field_error, recruiter
from vte.models import Company, Naf, Offer
from vte.vocab import OfferStatus
from web_support import post_form, text_of

DESCRIPTION = (
    "Nous injectons des pièces techniques pour l'automobile et le médical.\n\n"
    "Une équipe de 80 personnes, un atelier de 40 presses."
)


def _company_with_offers(db_session):
    company = make_company(
        db_session,
        name="Plasturgie du Bugey",
        naf_code="22.29A",
        headcount=80,
        description=DESCRIPTION,
        website="https://www.plasturgie-bugey.fr",
    )
    make_offer(db_session, company=company, title="Technicien méthodes injection")
    make_offer(db_session, company=company, title="Ingénieur qualité", commune_code="69123")
    make_offer(db_session, company=company, title="Brouillon secret", status=OfferStatus.DRAFT, published_at=None)
    make_offer(db_session, company=company, title="Poste pourvu", status=OfferStatus.CLOSED, commune_code="75056")
    make_offer(
        db_session,
        company=company,
        title="Offre expirée",
        commune_code="38185",
        expires_at=date.today() - timedelta(days=1),
    )
    db_session.commit()
    return company


def test_a_student_reads_the_company_description_website_sector_size_places_and_open_offers(client, db_session):
    company = _company_with_offers(db_session)
    naf = db_session.get(Naf, "22.29A")
    response = client.get(f"/entreprises/{company.id}")
    assert response.status_code == 200
    page = text_of(response)
    assert "Plasturgie du Bugey" in page
    assert "Nous injectons des pièces techniques pour l'automobile et le médical." in page
    assert "Une équipe de 80 personnes, un atelier de 40 presses." in page
    assert f"Secteur {naf.label} — {naf.section_label.capitalize()}" in page
    assert "Industrie manufacturière" in page
    assert "Taille Petite ou moyenne entreprise (PME), 80 salariés" in page
    assert "Siège Oyonnax, Territoire d'industrie" in page
    assert "Lieux des missions Lyon, Oyonnax" in page  # published offers only, by name
    assert "Offres ouvertes (2)" in page
    assert "Technicien méthodes injection" in page and "Ingénieur qualité" in page
    for hidden in ("Brouillon secret", "Poste pourvu", "Offre expirée", "Paris", "Grenoble"):
        assert hidden not in page
    html = response.get_data(as_text=True)
    link = re.search(r'<a class="external" href="([^"]+)" rel="([^"]+)"', html)
    assert link and link.groups() == ("https://www.plasturgie-bugey.fr", "noopener nofollow")


def test_a_company_without_open_offer_still_has_a_readable_page(client, db_session):
    company = make_company(db_session, name="Atelier sans offre")
    make_offer(db_session, company=company, title="Brouillon", status=OfferStatus.DRAFT, published_at=None)
    db_session.commit()
    page = text_of(client.get(f"/entreprises/{company.id}"))
    assert "Atelier sans offre" in page
    assert "Aucune offre ouverte" in page and "Brouillon" not in page
    assert "L'entreprise n'a pas encore rédigé de présentation." in page
    assert "Site web de l'entreprise" not in page
    assert client.get("/entreprises/999999").status_code == 404


def test_offer_pages_and_result_cards_link_to_the_company_page(client, db_session):
    company = _company_with_offers(db_session)
    offer = db_session.scalars(select(Offer).where(Offer.title == "Ingénieur qualité")).one()
    target = f'href="/entreprises/{company.id}"'
    assert target in client.get(f"/offres/{offer.id}").get_data(as_text=True)
    assert target in client.get("/offres").get_data(as_text=True)


def test_the_recruiter_writes_the_description_and_website_and_a_bad_address_is_refused(client, db_session):
    company = make_company(db_session, siren=company_form()["siren"], naf_code="22.29A")
    db_session.commit()
    company_id = company.id
    recruiter(client, db_session, company_id=company_id)

    for bad, message in (
        ("javascript:alert(1)", "doit commencer par https://"),
        ("ftp://fichiers.exemple.fr", "doit commencer par https://"),
        ("https://exemple", "indiquez une adresse comme https://www.exemple.fr"),
        ("https://" + "a" * 300 + ".fr", "Au plus 300 caractères"),
    ):
        refused = post_form(client, "/entreprise", company_form(website=bad, description="Présentation"))
        assert refused.status_code == 422, bad
        assert message in html_lib.unescape(field_error(refused, "website")), bad
        db_session.expire_all()
        assert db_session.get(Company, company_id).website is None
    too_long = post_form(client, "/entreprise", company_form(description="x" * 3001))
    assert too_long.status_code == 422 and "Au plus 3000 caractères" in field_error(too_long, "description")

    saved = post_form(client, "/entreprise", company_form(website="www.plasturgie-bugey.fr", description=DESCRIPTION))
    assert saved.status_code == 302
    db_session.expire_all()
    stored = db_session.get(Company, company_id)
    assert stored.website == "https://www.plasturgie-bugey.fr" and stored.description == DESCRIPTION
    home = text_of(client.get("/entreprise"))
    assert "Site web https://www.plasturgie-bugey.fr" in home
    assert "Voir la page publique de l'entreprise" in home


def test_the_api_takes_the_description_and_website_and_names_a_bad_field(api, db_session):
    company = make_company(db_session, siren=body()["siren"])
    db_session.commit()
    company_id = company.id
    owner = caller(db_session, api, company_id=company_id)
    refused = owner.put(f"/api/v1/companies/{company_id}", json=body(website="javascript:alert(1)"))
    assert refused.status_code == 422
    assert "website" in refused.get_json()["error"]["fields"]
    long_text = owner.put(f"/api/v1/companies/{company_id}", json=body(description="x" * 3001))
    assert long_text.status_code == 422 and "description" in long_text.get_json()["error"]["fields"]
    saved = owner.put(
        f"/api/v1/companies/{company_id}", json=body(website="https://www.exemple.fr", description="Qui nous sommes.")
    )
    assert saved.status_code == 200
    public = api.as_token(None).get(f"/api/v1/companies/{company_id}").get_json()
    assert public["website"] == "https://www.exemple.fr" and public["description"] == "Qui nous sommes."

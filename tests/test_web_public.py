"""Public pages through the test client: home, offer search (list, filters, errors), offer page."""

from __future__ import annotations

import pytest

from catalogue import build_catalogue
from factories import make_offer, make_student
from vte.accounts import create_user
from vte.vocab import OfferStatus, Role
from web_support import sign_in, text_of

PASSWORD = "Mot-de-passe-solide-42"


@pytest.fixture()
def catalogue(db_session, fake_encoder):
    return build_catalogue(db_session, fake_encoder)


def test_home_shows_figures_aids_and_a_search_box(client, catalogue):
    page = text_of(client.get("/"))
    assert "6 offres ouvertes" in page  # the large company's offer is open, though not a VTE one
    assert "Territoires d'industrie (liste 2020)" in page
    assert "Aide VTE Territoires d'industrie" in page and "Aide VTE Vert" in page
    assert "Rechercher" in page


def test_home_gives_each_aid_and_rule_its_source_and_no_internal_note(client, catalogue):
    page = text_of(client.get("/"))
    assert "Aide VTE Territoires d'industrie 4 000 € par VTE recruté" in page
    assert "Pour une PME ou ETI située dans un Territoire d'industrie." in page
    assert "Source : experts-et-decideurs.fr (30/10/2023) ; vérifié le 04/12/2026." in page
    assert "Montant non confirmé pour la période en cours : les sources s'arrêtent en 2023" in page
    assert "Aide VTE Vert 12 000 € par VTE Vert recruté" in page
    assert "Pour une mission de transition écologique, dans une PME ou ETI de toute la France." in page
    assert "Cumulable avec l'aide VTE Territoires d'industrie." in page
    assert "Mission d'au moins un an : alternance d'au moins 12 mois (10 pour un VTE Vert)" in page
    assert "Entreprises : PME ou ETI (définition européenne), de tout secteur, siège social en France." in page
    for internal in ("VÉRIFIER", "Hypothèse", "à confirmer auprès de Bpifrance", "Remplacez ce tableau", "8 000 € par"):
        assert internal not in page
    # The programme is not limited to industrial SMEs in the territories.
    assert "PME et ETI de tous les secteurs, partout en France" in page
    assert "industrielles" not in page and "Trouvez votre mission VTE dans les Territoires d'industrie" not in page


def test_search_lists_offers_newest_first_with_their_facts(client, catalogue):
    response = client.get("/offres")
    assert response.status_code == 200
    page = text_of(response)
    assert "5 offres" in page
    titles = [
        t
        for t in (
            "Technicien",
            "Chargé de mission économie circulaire",
            "Comptable fournisseurs",
            "Développeur Python industrie 4.0",
            "Data analyst qualité",
        )
        if t in page
    ]
    assert (
        page.index("Chargé de mission économie circulaire")
        < page.index("Comptable fournisseurs")
        < page.index("Développeur Python")
        < page.index("Data analyst qualité")
    )
    html = response.get_data(as_text=True)
    assert html.count('<li class="badge green">VTE Vert</li>') == 1  # the one VTE Vert offer
    assert html.count('class="badge territory"') == 3 and "Télétravail complet" in page
    assert len(titles) >= 4


def test_search_around_a_typed_postcode_with_a_radius(client, catalogue):
    page = text_of(client.get("/offres?commune_label=01100&radius_km=30&sort=distance"))
    assert "2 offres à moins de 30 km d'Oyonnax" in page  # « de » elided; the remote one apart
    assert "Et 1 offre en télétravail complet, ailleurs en France" in page
    assert page.index("Chargé de mission") < page.index("Data analyst")  # Paris: remote, far away
    assert "· Oyonnax · 0 km ·" in page


def test_search_with_the_commune_chosen_in_the_autocomplete(client, catalogue):
    page = text_of(client.get("/offres?commune_label=Oyonnax+%2801100%29&commune_code=01283&radius_km=50"))
    assert "à moins de 50 km d'Oyonnax" in page


def test_free_text_search_ranks_and_keeps_the_filters_in_the_form(client, catalogue):
    response = client.get("/offres?q=comptabilit%C3%A9+fournisseurs&contract_type=cdd")
    page = text_of(response)
    assert "1 offre" in page and "Comptable fournisseurs" in page and "Pertinence" in page
    html = response.get_data(as_text=True)
    assert 'value="comptabilité fournisseurs"' in html
    assert '<option value="cdd" selected>' in html


def test_filters_green_and_territory(client, catalogue):
    assert "1 offre" in text_of(client.get("/offres?green=on"))
    assert "3 offres" in text_of(client.get("/offres?territory_only=on"))


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("commune_label=Zzzzville", "location", "Commune inconnue"),
        ("commune_label=99999", "location", "Code postal inconnu"),
        ("sort=distance", "sort", "Le tri par distance demande un lieu"),
        ("contract_type=stage", "contract_type", "Choix invalide"),
    ],
)
def test_search_errors_are_shown_next_to_the_field(client, catalogue, query, field, message):
    response = client.get("/offres?" + query)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in text_of(response)
    assert f'href="#f-{field}"' in html


def test_the_map_asks_for_the_points_of_the_same_search(client, catalogue):
    html = client.get("/offres?commune_label=01100&radius_km=50&green=on").get_data(as_text=True)
    assert 'data-points-url="/api/v1/offers/map?' in html
    start = html.index('data-points-url="') + len('data-points-url="')
    url = html[start : html.index('"', start)].replace("&amp;", "&")
    points = client.get(url).get_json()
    assert [p["id"] for p in points["items"]] == [catalogue["nantua"]]


def test_offer_page_shows_mission_place_territory_and_eligibility(client, catalogue):
    response = client.get(f"/offres/{catalogue['nantua']}")
    assert response.status_code == 200
    page = text_of(response)
    assert "Chargé de mission économie circulaire" in page
    assert "analyse de cycle de vie" in page
    assert "Nantua" in page and "Territoire d'industrie Oyonnax" in page
    assert "Aide VTE Vert : éligible" in page and "Aide VTE Territoires d'industrie : éligible" in page
    assert "Source : experts-et-decideurs.fr (30/10/2023)" in page
    assert "Montants indicatifs" not in page and "cdd, cdi" not in page
    assert "Se connecter pour postuler" in page
    assert 'data-lat="46.1' in response.get_data(as_text=True)


def test_an_offer_that_is_not_vte_vert_never_says_the_green_aid_is_eligible(client, catalogue):
    """The aids shown on an offer are those of this mission: a CDI in Oyonnax is no VTE Vert."""
    page = text_of(client.get(f"/offres/{catalogue['oyonnax']}"))
    assert "Aide VTE Vert : éligible" not in page
    assert "Aide VTE Vert : non éligible" in page
    assert "Condition non remplie : Mission de transition écologique et énergétique (offre « VTE Vert »)." in page
    assert "Aide VTE Territoires d'industrie : éligible" in page


def test_students_are_not_shown_the_company_subsidy_panel(client, db_session, catalogue):
    """A student reads the mission and the company, not what the company may receive for hiring."""
    user = create_user(db_session, "lea@exemple.fr", PASSWORD, Role.STUDENT)
    make_student(db_session, user_id=user.id, email="lea@exemple.fr")
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    page = text_of(client.get(f"/offres/{catalogue['nantua']}"))
    assert "Chargé de mission économie circulaire" in page and "Postuler" in page
    assert "L'entreprise" in page
    for subsidy in ("Aide VTE", "€ par VTE", "aides VTE", "Territoire d'industrie « "):
        assert subsidy not in page


def test_drafts_and_unknown_offers_are_not_found(client, db_session, fake_encoder):
    draft = make_offer(db_session, status=OfferStatus.DRAFT, published_at=None)
    draft_id = draft.id
    db_session.commit()
    for offer_id in (draft_id, 999_999):
        response = client.get(f"/offres/{offer_id}")
        assert response.status_code == 404
        assert "Offre introuvable" in text_of(response)


def test_a_search_without_a_real_match_says_so_and_shows_the_closest_offers(client, db_session, fake_encoder):
    build_catalogue(db_session, fake_encoder)
    db_session.commit()
    page = client.get("/offres?q=boulangerie+artisanale")
    assert page.status_code == 200
    text = " ".join(page.get_data(as_text=True).split())
    assert "Aucune offre ne correspond vraiment à « boulangerie artisanale »" in text
    assert "plus proches" in text


def test_de_is_elided_before_a_vowel():
    from vte.web.presenters import french_of

    assert [french_of(n) for n in ("Oyonnax", "Évian-les-Bains", "Lyon", "Yutz")] == [
        "d'Oyonnax",
        "d'Évian-les-Bains",
        "de Lyon",
        "d'Yutz",
    ]


def test_salary_remote_and_date_filters_and_salary_on_cards(client, db_session, fake_encoder):
    """Issue 13: salary on result cards; filters for salary, remote work and publication date."""
    from datetime import date, timedelta

    from factories import make_company, make_offer
    from vte.embedding_sync import embed_offers
    from vte.index import reset_indexes
    from vte.vocab import Remote

    company = make_company(db_session)
    paid = make_offer(
        db_session, company=company, title="Ingénieur méthodes bien payé", salary_min=38000, salary_max=45000
    )
    remote = make_offer(db_session, company=company, title="Ingénieur méthodes à distance", remote=Remote.PARTIAL)
    old = make_offer(
        db_session, company=company, title="Ingénieur méthodes ancien", published_at=date.today() - timedelta(days=60)
    )
    embed_offers(db_session, fake_encoder, [paid, remote, old])
    db_session.commit()
    reset_indexes()

    def titles(query):
        return text_of(client.get("/offres?" + query))

    everything = titles("q=ing%C3%A9nieur+m%C3%A9thodes")
    assert "Ingénieur méthodes bien payé" in everything and "38" in everything and "45" in everything
    assert "Ingénieur méthodes ancien" in everything
    salary = titles("q=ing%C3%A9nieur+m%C3%A9thodes&salary_min=40000")
    assert "bien payé" in salary and "méthodes à distance" not in salary and "méthodes ancien" not in salary
    distant = titles("q=ing%C3%A9nieur+m%C3%A9thodes&remote=any")
    assert "méthodes à distance" in distant and "bien payé" not in distant
    recent = titles("q=ing%C3%A9nieur+m%C3%A9thodes&published_within_days=30")
    assert "méthodes ancien" not in recent and "bien payé" in recent
    bad = client.get("/offres?salary_min=-5")
    assert bad.status_code == 422 and "Salaire" in text_of(bad)


def test_a_page_past_the_end_says_so_in_french(client, db_session, fake_encoder):
    from factories import make_offer

    make_offer(db_session, title="Technicien qualité")
    db_session.commit()
    page = text_of(client.get("/offres?page=9999"))
    assert "La page 9999 n'existe pas" in page and "Revenir à la première page" in page
    assert "n'existe pas" not in text_of(client.get("/offres"))

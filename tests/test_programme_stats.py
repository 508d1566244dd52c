"""The operator's figures (issue 14): pure aggregation without Flask, then the admin page and its
CSV through the test client."""

from __future__ import annotations

from datetime import UTC, date, datetime

from vte.aid_rules import DEFAULT_AID_RULES
from vte.eligibility import rule_set_on, validate_rules
from vte.programme_stats import OUTSIDE, HireRow, OfferRow, aggregate, aid_of

TODAY = date(2026, 12, 4)
RULES = validate_rules(DEFAULT_AID_RULES)  # the shipped, sourced table
AMOUNTS = {a["code"]: a["amount_eur"] for a in rule_set_on(RULES, date(2026, 6, 1))["aids"]}


def hire(territory="Vallée de l'Arve", region="84", ti=True, vert=False, labelled=False, days=30, year=2026):
    return HireRow(territory, region, datetime(year, 6, 1, tzinfo=UTC), ti, vert, labelled, days)


def test_aid_follows_the_rules_in_force_on_the_day_of_the_hire():
    assert aid_of(hire(ti=True, vert=True), RULES) == AMOUNTS["vte_ti"] + AMOUNTS["vte_vert"]
    assert aid_of(hire(ti=False, vert=False), RULES) == 0
    assert aid_of(hire(year=2019), RULES) == 0  # no rule set then


def test_national_regional_and_territory_figures():
    offers = [
        OfferRow("Vallée de l'Arve", "84", True, date(2026, 10, 1), 0),  # stale: 64 days, no applicant
        OfferRow("Vallée de l'Arve", "84", False, date(2026, 11, 20), 0),  # recent: not stale
        OfferRow(None, "11", False, date(2026, 9, 1), 3),
    ]
    hires = [hire(days=20, labelled=True), hire(vert=True, days=40), hire(territory=None, region="11", ti=False)]
    stats = aggregate(offers, hires, RULES, {"84": "Auvergne-Rhône-Alpes", "11": "Île-de-France"}, TODAY)
    national = stats["national"]
    assert national["open_offers"] == 3 and national["green_offers"] == 1 and national["applications"] == 3
    assert national["stale_offers"] == 1
    assert national["hires"] == 3 and national["labelled"] == 1
    assert national["green_share"] == round(1 / 3, 4)
    assert national["estimated_aid_eur"] == AMOUNTS["vte_ti"] + (AMOUNTS["vte_ti"] + AMOUNTS["vte_vert"])
    assert national["median_days_to_hire"] == 30
    regions = {r["name"]: r for r in stats["by_region"]}
    assert regions["Auvergne-Rhône-Alpes"]["hires"] == 2 and regions["Île-de-France"]["applications"] == 3
    territories = [r["territory"] for r in stats["by_territory"]]
    assert territories == ["Vallée de l'Arve", OUTSIDE]  # territories first, outside last


def test_the_admin_page_and_its_csv(client, db_session, fake_encoder):
    from vte.accounts import create_user
    from vte.vocab import Role
    from web_support import sign_in, text_of

    create_user(db_session, "operateur@vte-essai.fr", "Operateur-VTE-2026", Role.ADMIN)
    db_session.commit()
    sign_in(client, "operateur@vte-essai.fr", "Operateur-VTE-2026")
    page = text_of(client.get("/admin/programme"))
    assert "Le programme en chiffres" in page and "France entière" in page
    assert "Par Territoire d'industrie" in page and "Aide estimée engagée" in page
    csv = client.get("/admin/programme.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("niveau;nom;offres ouvertes") and lines[1].startswith("France;Ensemble;")

"""The operator's verification queues and « Mon compte » in a real browser, with axe-core."""

from __future__ import annotations

from sqlalchemy import select

from pages import DEMO_PASSWORD, at_both_widths, check_accessibility, screenshot, sign_in
from vte.accounts import set_password
from vte.extensions import db
from vte.models import Company, School, User
from vte.vocab import Role

ADMIN_PASSWORD = "Operateur-VTE-2026"


def _admin_with_known_password(live_app) -> str:
    """The demo admin's password is generated at seeding; give it one the test knows, and put one
    school domain and one company in the queues."""
    with live_app.app_context():
        admin = db.session.scalars(select(User).where(User.role == Role.ADMIN)).first()
        set_password(db.session, admin, ADMIN_PASSWORD)
        school = db.session.scalars(select(School).order_by(School.id)).first()
        school.email_domain, school.email_domain_approved_at = "etu.ecole-navigateur.fr", None
        company = db.session.scalars(select(Company).order_by(Company.id)).first()
        company.verified_at = None
        db.session.commit()
        return admin.email


def test_the_operator_approves_a_domain_and_verifies_a_company(live_app, page, phone_page):
    email = _admin_with_known_password(live_app)
    sign_in(page, email, ADMIN_PASSWORD)
    assert page.url.endswith("/admin")
    assert "Domaines e-mail des écoles à valider" in page.locator("h2").first.inner_text()
    check_accessibility(page, "admin")
    screenshot(page, "admin")
    sign_in(phone_page, email, ADMIN_PASSWORD)
    screenshot(phone_page, "admin")

    page.get_by_role("button", name="Valider @etu.ecole-navigateur.fr").click()
    page.wait_for_load_state()
    assert "Domaine @etu.ecole-navigateur.fr validé" in page.locator(".flashes").inner_text()
    verify = page.get_by_role("button", name="comme vérifiée").first
    verify.click()
    page.wait_for_load_state()
    assert "Entreprise marquée comme vérifiée" in page.locator(".flashes").inner_text()


def test_my_account_page_for_every_role(page):
    sign_in(page, "entreprise@demo.vte-match.fr", DEMO_PASSWORD)
    page.locator("header a.who").click()  # the account's name in the header
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Mon compte"
    assert "Changer de mot de passe" in page.locator("main").inner_text()
    at_both_widths(page, "mon-compte")
    page.get_by_label("Mot de passe actuel").fill("pas-le-bon")
    page.locator("#f-password").fill("Nouveau-Mot-2027")
    page.get_by_label("Confirmez le nouveau mot de passe").fill("Nouveau-Mot-2027")
    page.get_by_role("button", name="Changer le mot de passe").click()
    page.wait_for_load_state()
    assert "Mot de passe actuel incorrect" in page.locator(".error-summary").inner_text()
    check_accessibility(page, "mon-compte-erreur")


def test_forgotten_password_page(page):
    page.goto("/connexion")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Mot de passe oublié"
    at_both_widths(page, "mot-de-passe-oublie")
    page.get_by_label("Adresse e-mail").fill("quelquun@exemple.fr")
    page.get_by_role("button", name="Recevoir le lien").click()
    page.wait_for_load_state()
    assert "Si un compte existe avec cette adresse" in page.locator(".flashes").inner_text()
    screenshot(page, "mot-de-passe-oublie-envoye")


def test_the_programme_in_figures(live_app, page, phone_page):
    email = _admin_with_known_password(live_app)
    for p in (page, phone_page):
        sign_in(p, email, ADMIN_PASSWORD)
        p.goto("/admin/programme")
        assert p.locator("h1").inner_text() == "Le programme en chiffres"
        p.wait_for_function("() => document.querySelectorAll('#carte-programme path.leaflet-interactive').length > 0")
        screenshot(p, "admin-programme")
    assert page.locator(".key-figure").count() == 7
    assert page.locator("#territoires ~ * tbody tr, section[aria-labelledby=territoires] tbody tr").count() > 1
    check_accessibility(page, "admin-programme")

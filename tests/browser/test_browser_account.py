"""Sign-in and sign-up pages in a real browser."""

from __future__ import annotations

from pages import DEMO_PASSWORD, check_accessibility, no_horizontal_scroll, screenshot, sign_in


def test_home_page_shows_the_programme_and_figures(page, phone_page):
    for p in (page, phone_page):
        p.goto("/")
        assert "Trouvez votre mission VTE" in p.locator("h1").inner_text()
        assert "offres ouvertes" in p.locator(".figures").inner_text()
        assert no_horizontal_scroll(p)
        screenshot(p, "accueil")
    check_accessibility(page, "accueil")


def test_wrong_password_is_refused_with_a_message_and_the_email_kept(page):
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill("etudiant@demo.vte-match.fr")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    assert "Adresse e-mail ou mot de passe incorrect" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Adresse e-mail").input_value() == "etudiant@demo.vte-match.fr"
    screenshot(page, "connexion-erreur")
    check_accessibility(page, "connexion")


def test_signup_form_keeps_values_and_names_the_problem(page):
    page.goto("/inscription")
    page.get_by_label("Étudiant ou jeune diplômé").check()
    page.get_by_label("Adresse e-mail").fill("nouvelle.etudiante@exemple.fr")
    page.locator("#f-password").fill("court")
    page.get_by_label("Confirmez le mot de passe").fill("court")
    page.get_by_role("button", name="Créer mon compte").click()
    assert "Mot de passe trop faible" in page.locator("#f-password-error").inner_text()
    assert page.get_by_label("Adresse e-mail").input_value() == "nouvelle.etudiante@exemple.fr"
    assert page.get_by_label("Étudiant ou jeune diplômé").is_checked()
    check_accessibility(page, "inscription")
    screenshot(page, "inscription-erreur")


def test_demo_student_lands_on_their_offers(page):
    sign_in(page, "etudiant@demo.vte-match.fr", DEMO_PASSWORD)
    assert page.url.endswith("/etudiant/offres")

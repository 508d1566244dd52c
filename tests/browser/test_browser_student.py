"""The student's journey in a real browser: sign up with a school's invitation code, fill the
profile (commune autocomplete, mobility circle, skill suggestions), see explained matches on the
list and the map, apply, follow the application; export the data and delete the account."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from pages import at_both_widths
from vte.extensions import db

PASSWORD = "Usinage-CN-2026"


def invitation_code(live_app) -> str:
    """A fresh invitation code of a demo school, written in the live database."""
    from sqlalchemy import select

    from vte.models import School, SchoolInvitation

    code = "E" + secrets.token_hex(4).upper()
    with live_app.app_context():
        school = db.session.scalars(select(School).order_by(School.id)).first()
        db.session.add(SchoolInvitation(school_id=school.id, code=code, label="Test navigateur"))
        db.session.commit()
    return code


def sign_up(page, live_app, email: str) -> None:
    page.goto(f"/inscription?code={invitation_code(live_app)}")
    assert page.get_by_label("Étudiant ou jeune diplômé").is_checked()
    page.get_by_label("Adresse e-mail").fill(email)
    page.locator("#f-password").fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_load_state()


def test_new_student_signs_up_fills_profile_sees_explained_matches_and_applies(page, live_app):
    email = f"journee.{secrets.token_hex(3)}@exemple.fr"
    sign_up(page, live_app, email)

    # Right after sign-up: the profile page, school joined, the wizard at its second step.
    assert page.url.endswith("/etudiant/profil")
    assert "Vous avez rejoint" in page.locator(".flashes").inner_text()
    assert "Compléter votre profil" in page.locator("[aria-current=step]").inner_text()

    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.locator("#f-level").select_option("bac+5")
    page.locator("#f-status").select_option("graduate")
    for contract in ("CDI", "CDD (12 mois ou plus)", "Contrat d'apprentissage"):
        page.get_by_label(contract).check()
    skills = page.locator("#f-skills")
    skills.fill("injection plastique")
    chip = page.locator(".chip").first
    chip_skill = chip.get_attribute("data-skill")
    chip.click()
    assert chip.get_attribute("aria-pressed") == "true"
    assert skills.input_value() == f"injection plastique, {chip_skill}"
    page.locator("#f-summary").fill("Trop court")

    box = page.get_by_role("combobox", name="Votre commune")
    box.press_sequentially("Oyonn", delay=30)
    page.get_by_role("option", name="Oyonnax (01100)").first.click()
    assert box.input_value() == "Oyonnax (01100)"
    page.locator("#f-max_distance_km").fill("150")
    page.wait_for_selector("#carte-mobilite path.mobility-circle")
    assert "150 km autour de Oyonnax" in page.locator("[data-mobility-status]").inner_text()
    page.get_by_label("Les entreprises peuvent découvrir mon profil", exact=False).check()
    assert "votre nom, votre adresse e-mail et votre téléphone" in page.locator(".visibility-explained").inner_text()

    # A mistake: the form comes back filled, the message next to the field, the circle redrawn.
    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.wait_for_load_state()
    assert "De 20 à 5000 caractères" in page.locator("#f-summary-error").inner_text()
    assert page.locator("#f-summary").input_value() == "Trop court"
    assert skills.input_value() == f"injection plastique, {chip_skill}"
    assert box.input_value() == "Oyonnax (01100)"
    assert page.get_by_label("CDD (12 mois ou plus)").is_checked()
    assert page.get_by_label("Les entreprises peuvent découvrir mon profil", exact=False).is_checked()
    page.wait_for_selector("#carte-mobilite path.mobility-circle")
    page.locator("#f-summary").fill(
        "Jeune ingénieure en plasturgie, je cherche une mission en production ou en méthodes dans une PME industrielle."
    )
    at_both_widths(page, "etudiant-profil", reload=False)

    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.wait_for_load_state()

    # « Mes offres »: ranked, explained, on the map.
    assert page.url.endswith("/etudiant/offres")
    assert "Profil enregistré" in page.locator(".flashes").inner_text()
    count = page.locator(".result-count").inner_text()
    total = int(count.split()[0])
    assert total > 0
    cards = page.locator(".card.match")
    assert cards.count() == min(total, 10)
    first = cards.first
    assert first.locator(".explanation").inner_text().startswith("Poste")
    assert first.locator(".score").inner_text().split("%")[0].strip().isdigit()
    page.wait_for_selector("#carte-offres .leaflet-marker-icon")
    assert page.locator("#carte-offres .leaflet-marker-icon").count() > 0
    assert page.locator("#carte-offres path.home-marker").count() == 1
    first.get_by_text("Détail du score").click()
    details = first.locator(".breakdown table")
    assert details.is_visible()
    assert "Adéquation au poste (métier et mission)" in details.inner_text()
    assert "Effet sur le score" in details.inner_text() and "base du score" in details.inner_text()
    # On a phone the map is behind « Carte » (tests/browser/test_browser_maps.py): the closed panel is ready.
    at_both_widths(
        page, "etudiant-mes-offres", ready="#carte-offres .leaflet-marker-icon, details.map-panel:not([open])"
    )

    # Apply with a message from the list.
    title = first.locator("h3").inner_text()
    first.get_by_text("Postuler à cette offre").click()
    first.get_by_label("Votre message", exact=False).fill("Bonjour, votre mission correspond à mon projet.")
    first.get_by_role("button", name="Envoyer ma candidature").click()
    page.wait_for_load_state()
    assert "/etudiant/candidatures/" in page.url
    assert "Votre candidature est envoyée" in page.locator(".flashes").inner_text()
    assert page.locator("h1").inner_text() == f"Ma candidature : {title}"
    assert page.locator(".application-facts .status").inner_text() == "envoyée"
    assert "Candidature « envoyée » (par vous)" in page.locator(".history").inner_text()
    at_both_widths(page, "etudiant-candidature")

    page.get_by_role("link", name="Mes candidatures").first.click()
    page.wait_for_load_state()
    row = page.locator(".application-card").filter(has_text=title)
    assert row.count() == 1
    assert row.locator(".status").inner_text() == "envoyée"
    at_both_widths(page, "etudiant-candidatures")

    # Back on the list, the offer shows the application instead of the form.
    page.goto("/etudiant/offres")
    card = page.locator(".card.match").filter(has_text=title)
    assert card.get_by_role("link", name="Voir ma candidature").count() == 1


def test_student_exports_data_then_deletes_the_account(page, live_app):
    email = f"depart.{secrets.token_hex(3)}@exemple.fr"
    sign_up(page, live_app, email)
    assert page.url.endswith("/etudiant/profil")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()
    download = download_info.value
    assert download.suggested_filename == "vte-match-mes-donnees.json"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == email and data["account"]["role"] == "student"

    page.get_by_role("link", name="Supprimer mon compte").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Supprimer mon compte"
    assert "sont effacés" in page.locator(".consequences").inner_text()
    at_both_widths(page, "etudiant-suppression")

    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.wait_for_load_state()
    assert "Cochez la case" in page.locator(".error-summary").inner_text()
    page.get_by_label("Je comprends que la suppression de mon compte est définitive").check()
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith(page.url.split("/", 3)[2])  # the home page
    assert "Votre compte et votre profil sont supprimés" in page.locator(".flashes").inner_text()

    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    assert "Adresse e-mail ou mot de passe incorrect" in page.locator(".error-summary").inner_text()

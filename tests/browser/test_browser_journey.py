"""The whole programme in a real browser, one user per role, each in their own browser context:
the school invites, a company registers and publishes a mission, a student signs up with the
school's link, fills the profile, finds the mission explained on the list and the map and applies;
the company sees the candidate and hires; the school sees the placement in its dashboard chart,
its students list and its CSV export."""

from __future__ import annotations

import csv
import io
import re
import secrets
from pathlib import Path

from pages import DEMO_PASSWORD, screenshot, sign_in
from vte.siren import luhn_complete

PASSWORD = "Parcours-VTE-2026"
STAFF = "ecole@demo.vte-match.fr"
PIPELINE = [
    ("examinée", "reviewed"),
    ("entretien", "interview"),
    ("proposition d'embauche", "offered"),
    ("embauche", "hired"),
]


def submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def pick_commune(page, typed: str, option: str) -> None:
    box = page.locator("#f-commune_label")
    box.press_sequentially(typed, delay=40)
    page.get_by_role("option", name=option).first.click()


def school_hires(page) -> int:
    """Hires of the last 12 months, as the dashboard's chart draws them."""
    page.goto("/ecole")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('graphique-mois'))")
    return page.evaluate(
        "() => Chart.getChart(document.getElementById('graphique-mois'))"
        ".data.datasets[0].data.reduce((a, b) => a + b, 0)"
    )


def export_rows(page) -> list[list[str]]:
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Exporter les statistiques")).click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_school_company_and_student_from_invitation_to_placement(browser, live_server):
    contexts = {
        role: browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", base_url=live_server)
        for role in ("school", "company", "student")
    }
    school, company, student = (contexts[r].new_page() for r in ("school", "company", "student"))
    tag = secrets.token_hex(3)
    title = f"Ingénieur procédés injection plastique {tag} (H/F)"

    # 1. The school creates an invitation code and reads its sign-up link; notes its hires so far.
    sign_in(school, STAFF, DEMO_PASSWORD)
    hires_before = school_hires(school)
    exported_before = export_rows(school)[1]
    assert exported_before[0] == "Ensemble"
    school.goto("/ecole/invitations")
    school.get_by_label("Libellé").fill(f"Parcours {tag}")
    submit(school, school.get_by_role("button", name="Créer le code"))
    code = re.search(r"Code d'invitation (\w+) créé", school.locator(".flash").inner_text()).group(1)
    link = school.get_by_label(f"Lien d'inscription du code {code}").input_value()
    assert link.endswith(f"/inscription?code={code}")

    # 2. A recruiter signs up, registers the company in Oyonnax and publishes a mission.
    company.goto("/inscription")
    company.get_by_label("Entreprise (PME, ETI)").check()
    company.get_by_label("Adresse e-mail").fill(f"rh-{tag}@moules-bugey.fr")
    company.locator("#f-password").fill(PASSWORD)
    company.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    submit(company, company.get_by_role("button", name="Créer mon compte"))
    company.locator("#f-siren").fill(luhn_complete(f"{secrets.randbelow(10**8):08d}"))
    company.locator("#f-name").fill(f"Moules du Bugey {tag}")
    company.locator("#f-naf").fill("22.29A")
    company.locator("#f-headcount").fill("60")
    pick_commune(company, "Oyonn", "Oyonnax (01100)")
    submit(company, company.get_by_role("button", name="Inscrire l'entreprise"))
    assert "Oyonnax - Bugey Sud" in company.locator("section.eligibility").inner_text()
    submit(company, company.get_by_role("link", name="Déposer une offre").first)
    company.locator("#f-title").fill(title)
    company.locator("#f-description").fill(
        "Dans notre atelier de moulage par injection, vous optimisez les réglages des presses, "
        "menez les AMDEC process et accompagnez les industrialisations de nouveaux moules."
    )
    company.locator("#f-skills").fill("injection plastique, AMDEC, réglage de presses")
    company.locator("#f-contract_type").select_option("cdi")
    submit(company, company.get_by_role("button", name="Enregistrer et publier"))
    assert "Publiée" in company.locator(".offer-card", has_text=title).inner_text()

    # 3. A student signs up with the school's link, fills the profile, finds the mission, applies.
    student.goto(link)
    assert student.get_by_label("Étudiant ou jeune diplômé").is_checked()
    student.get_by_label("Adresse e-mail").fill(f"lucie.{tag}@etu.exemple.fr")
    student.locator("#f-password").fill(PASSWORD)
    student.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    submit(student, student.get_by_role("button", name="Créer mon compte"))
    assert "Vous avez rejoint" in student.locator(".flashes").inner_text()
    student.get_by_label("Prénom").fill("Lucie")
    student.get_by_label("Nom", exact=True).fill(f"Parcours{tag}")
    student.locator("#f-level").select_option("bac+5")
    student.locator("#f-status").select_option("graduate")
    student.get_by_label("CDI").check()
    student.locator("#f-skills").fill("injection plastique, AMDEC, réglage de presses")
    student.locator("#f-summary").fill(
        "Ingénieure en plasturgie, je cherche un poste en méthodes et procédés "
        "d'injection plastique dans une PME industrielle."
    )
    student.get_by_role("combobox", name="Votre commune").press_sequentially("Oyonn", delay=40)
    student.get_by_role("option", name="Oyonnax (01100)").first.click()
    student.locator("#f-max_distance_km").fill("30")
    student.get_by_label("Les entreprises peuvent découvrir mon profil", exact=False).check()
    submit(student, student.get_by_role("button", name="Enregistrer mon profil"))
    assert student.url.endswith("/etudiant/offres")
    card = student.locator(".card.match").filter(has_text=title)
    assert card.count() == 1, "the new mission is among the student's ranked offers"
    explanation = card.locator(".explanation").inner_text()
    assert "0 km" in explanation or "moins de 1 km" in explanation
    assert "Territoire d'industrie Oyonnax" in explanation and "injection plastique" in explanation
    student.wait_for_selector("#carte-offres .leaflet-marker-icon")
    screenshot(student, "parcours-etudiant-offres")
    card.get_by_text("Postuler à cette offre").click()
    card.get_by_label("Votre message", exact=False).fill("Bonjour, je serais ravie d'échanger sur cette mission.")
    submit(student, card.get_by_role("button", name="Envoyer ma candidature"))
    assert student.locator(".application-facts .status").inner_text() == "envoyée"

    # 4. The company sees the candidate, ranked and in the pipeline, and hires her.
    submit(company, company.locator(".offer-card", has_text=title).get_by_role("link", name=title).first)
    assert company.locator(".candidate", has_text="Lucie").count() >= 1
    pipeline_card = company.locator(".pipeline-card", has_text="Lucie")
    application_id = pipeline_card.get_attribute("data-application-id")
    for label, status in PIPELINE:
        current = company.locator(f'.pipeline-card[data-application-id="{application_id}"]')
        submit(company, current.get_by_role("button", name=f"Passer à « {label} »"))
        assert (
            company.locator(
                f'.pipeline-column[data-status="{status}"] .pipeline-card[data-application-id="{application_id}"]'
            ).count()
            == 1
        )
    screenshot(company, "parcours-entreprise-embauche")

    # 5. The student sees the hire; the school sees the placement in the chart, the list, the CSV.
    student.goto("/etudiant/candidatures")
    assert student.locator(".application-card", has_text=title).locator(".status").inner_text() == "embauche"
    assert school_hires(school) == hires_before + 1
    screenshot(school, "parcours-ecole-tableau-de-bord")
    school.goto(f"/ecole/etudiants?status=hired&q=Parcours{tag}")
    row = school.locator("table.students tbody tr", has_text="Lucie")
    assert row.count() == 1 and "embauche" in row.inner_text()
    school.goto("/ecole")
    exported = export_rows(school)[1]
    assert int(exported[5]) == int(exported_before[5]) + 1  # « Embauches »
    for context in contexts.values():
        context.close()

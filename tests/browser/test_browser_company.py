"""The recruiter's journeys in a real browser: a new recruiter signs up, registers the company (SIREN,
commune autocomplete), reads its VTE eligibility, writes an offer with the matching preview and
publishes it; the demo recruiter opens an offer, reads the ranked candidates and their explanations,
and moves an application along the pipeline to « embauche » with the buttons."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta

from pages import DEMO_PASSWORD, DESKTOP, PHONE, check_accessibility, no_horizontal_scroll, screenshot, sign_in
from vte.extensions import db
from vte.siren import luhn_complete

PASSWORD = "Plasturgie-VTE-2026"
DEMO_RECRUITER = "entreprise@demo.vte-match.fr"
OPEN_STEPS = ["submitted", "reviewed", "interview", "offered"]
NEXT_LABEL = {
    "submitted": "examinée",
    "reviewed": "entretien",
    "interview": "proposition d'embauche",
    "offered": "embauche",
}
NEXT_STATUS = {"submitted": "reviewed", "reviewed": "interview", "interview": "offered", "offered": "hired"}


def too_wide(page) -> list[str]:
    """The elements sticking out of the viewport (to explain a horizontal scroll)."""
    return page.evaluate("""() => [document.documentElement.scrollWidth, window.innerWidth].concat(
        Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.pipeline-wrap *'))
        .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)))""")


def at_both_widths(page, name: str) -> None:
    """Screenshot and axe-core at 1280 px, then at 375 px (no sideways scrolling), back to 1280 px."""
    screenshot(page, name)
    check_accessibility(page, name)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    assert no_horizontal_scroll(page), f"{name}: horizontal scroll at 375 px, from {too_wide(page)}"
    screenshot(page, name)
    check_accessibility(page, f"{name}-375px")
    page.set_viewport_size(DESKTOP)


def unused_siren() -> str:
    """A valid SIREN (Luhn) that no other test uses: random first eight digits."""
    return luhn_complete(f"{secrets.randbelow(10**8):08d}")


def follow(page, target) -> None:
    """Click a link or a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        target.click()


def pick_commune(page, typed: str, option: str) -> None:
    box = page.locator("#f-commune_label")
    box.fill("")
    box.press_sequentially(typed, delay=50)
    page.get_by_role("option", name=option).first.click()
    assert page.locator("[data-commune-code]").input_value()


def test_new_recruiter_registers_the_company_and_publishes_an_offer(page):
    email = f"recrutement-{secrets.token_hex(4)}@plasturgie-bugey.fr"
    page.goto("/inscription")
    page.get_by_label("Entreprise (PME, ETI)").check()
    page.get_by_label("Nom affiché").fill("Claire Morel")
    page.get_by_label("Adresse e-mail").fill(email)
    page.locator("#f-password").fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Créer mon compte"))
    assert page.url.endswith("/entreprise")
    assert page.locator("h1").inner_text() == "Inscrire mon entreprise"

    # Registration: a wrong SIREN is named next to the field, the rest stays filled.
    siren = unused_siren()
    page.locator("#f-siren").fill(siren[:-1] + str((int(siren[-1]) + 1) % 10))
    page.locator("#f-name").fill("Plasturgie du Haut-Bugey")
    page.locator("#f-naf").fill("22.29A")
    page.locator("#f-headcount").fill("45")
    pick_commune(page, "Oyonn", "Oyonnax (01100)")
    page.locator("#f-description").fill(
        "Nous injectons des pièces techniques pour l'automobile et le médical.\n\n"
        "Une équipe de 45 personnes et un atelier de 40 presses, au cœur de la Plastics Vallée."
    )
    page.locator("#f-website").fill("www.plasturgie-haut-bugey.fr")
    at_both_widths(page, "entreprise-inscription")
    follow(page, page.get_by_role("button", name="Inscrire l'entreprise"))
    assert "clé de contrôle" in page.locator("#f-siren-error").inner_text()
    assert page.locator("#f-name").input_value() == "Plasturgie du Haut-Bugey"
    page.locator("#f-siren").fill(siren)
    follow(page, page.get_by_role("button", name="Inscrire l'entreprise"))

    # The company's page and its eligibility panel.
    assert page.locator("h1").inner_text() == "Plasturgie du Haut-Bugey"
    assert "inscrite" in page.locator(".flashes").inner_text()
    panel = page.locator("section.eligibility")
    text = panel.inner_text()
    assert "Territoire d'industrie" in text and "Oui — Oyonnax - Bugey Sud" in text
    assert "PME" in text
    assert "Aide VTE Territoires d'industrie" in text and "Aide VTE Vert" in text
    assert "€" in panel.locator(".aid .amount").first.inner_text()
    assert "Barème" in text and "Source" in text
    at_both_widths(page, "entreprise-profil-eligibilite")

    # The offer editor: preview of the matching, then save and publish.
    follow(page, page.get_by_role("link", name="Déposer une offre").first)
    page.locator("#f-title").fill("Technicien méthodes injection plastique (H/F)")
    page.locator("#f-description").fill(
        "Au sein de notre atelier de 40 presses, vous pilotez des chantiers de lean manufacturing, "
        "rédigez les AMDEC process et concevez les outillages sous CATIA avec le bureau d'études."
    )
    page.locator("#f-skills").fill("injection plastique, AMDEC, réglage de presses")
    page.locator("#f-contract_type").select_option("cdi")
    page.locator("#f-level_min").select_option("bac+3")
    pick_commune(page, "Oyonn", "Oyonnax (01100)")
    live = page.locator("[data-preview-territory]")
    assert "Oyonnax - Bugey Sud" in live.inner_text()  # updated as soon as the commune is picked
    follow(page, page.get_by_role("button", name="Aperçu de la mise en relation"))
    preview = page.locator("#apercu")
    assert "AMDEC" in preview.locator(".preview-skills").inner_text()
    detected = preview.locator(".preview-detected").inner_text()
    assert "lean manufacturing" in detected and "CATIA" in detected
    assert "Territoire d'industrie : Oyonnax - Bugey Sud" in preview.inner_text()
    assert page.locator("#f-title").input_value() == "Technicien méthodes injection plastique (H/F)"
    assert re.search(r"(\d+ étudiants? visibles? correspond|Aucun étudiant visible)", preview.inner_text())
    student_view = page.locator(".student-view")
    assert "L'offre telle que les étudiants la liront" in student_view.inner_text()
    assert "Technicien méthodes injection plastique (H/F)" in student_view.locator(".offer-title").inner_text()
    assert "CDI" in student_view.locator(".badges").first.inner_text()
    assert "AMDEC" in student_view.inner_text()
    at_both_widths(page, "entreprise-offre-editeur-apercu")

    follow(page, page.get_by_role("button", name="Enregistrer le brouillon"))
    assert (
        "Brouillon « Technicien méthodes injection plastique (H/F) » enregistré"
        in page.locator(".flashes").inner_text()
    )
    assert "Brouillon" in page.locator(".offer-head .badges").inner_text()
    follow(page, page.get_by_role("button", name="Enregistrer et publier"))
    assert page.url.endswith("/entreprise/offres")
    assert "publiée" in page.locator(".flashes").inner_text()
    card = page.locator(".offer-card", has_text="Technicien méthodes injection plastique (H/F)")
    assert "Publiée" in card.locator(".badges").inner_text()
    assert "0 candidature" in card.inner_text()
    page.get_by_label("Statut").select_option("published")
    follow(page, page.get_by_role("button", name="Filtrer"))
    assert "1 offre (publiées)" in page.locator(".result-count").inner_text()
    at_both_widths(page, "entreprise-mes-offres")

    # The company's public page, as students read it.
    page.goto("/entreprise")
    follow(page, page.get_by_role("link", name="Voir la page publique de l'entreprise"))
    assert page.locator("h1").inner_text() == "Plasturgie du Haut-Bugey"
    text = page.locator("article.company-page").inner_text()
    assert "Nous injectons des pièces techniques" in text and "45 salariés" in text
    assert "Petite ou moyenne entreprise (PME)" in text and "Lieux des missions\nOyonnax" in text
    assert "Offres ouvertes (1)" in text and "Technicien méthodes injection plastique (H/F)" in text
    website = page.get_by_role("link", name="Site web de l'entreprise")
    assert website.get_attribute("href") == "https://www.plasturgie-haut-bugey.fr"
    assert website.get_attribute("rel") == "noopener nofollow"
    at_both_widths(page, "entreprise-page-publique")


def ensure_open_application(live_app) -> None:
    """Setup, not the test: the demo recruiter's company needs an application still open. When the
    demo data gives it none (or other tests moved them all), a visible demo student applies to its
    published offer."""
    from sqlalchemy import select

    from vte.accounts import find_user_by_email
    from vte.models import Application, ApplicationEvent, Offer, Student
    from vte.vocab import ApplicationStatus, OfferStatus

    with live_app.app_context():
        recruiter = find_user_by_email(db.session, DEMO_RECRUITER)
        open_ones = db.session.scalars(
            select(Application.id)
            .join(Offer, Offer.id == Application.offer_id)
            .where(Offer.company_id == recruiter.company_id, Application.status.in_(OPEN_STEPS))
        ).first()
        if open_ones is not None:
            return
        offer = db.session.scalars(
            select(Offer)
            .where(Offer.company_id == recruiter.company_id, Offer.status == OfferStatus.PUBLISHED)
            .order_by(Offer.id)
        ).first()
        applied = select(Application.student_id).where(Application.offer_id == offer.id)
        student = db.session.scalars(
            select(Student).where(Student.visible.is_(True), Student.id.not_in(applied)).order_by(Student.id)
        ).first()
        application = Application(
            student_id=student.id,
            offer_id=offer.id,
            status=ApplicationStatus.SUBMITTED,
            message="Bonjour, votre mission correspond à mon projet : je serais ravie d'en parler.",
        )
        db.session.add(application)
        db.session.flush()
        db.session.add(
            ApplicationEvent(
                application_id=application.id,
                from_status=None,
                to_status="submitted",
                at=datetime.now(UTC) - timedelta(days=1),
            )
        )
        db.session.commit()


def open_card(page):
    """The first application card still open on this offer's pipeline (None when there is none)."""
    for status in OPEN_STEPS:
        cards = page.locator(f'.pipeline-column[data-status="{status}"] .pipeline-card')
        if cards.count():
            return cards.first
    return None


def find_open_application(page):
    """Through « Mes offres », the first offer page with an application still open; its card."""
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mes offres").click()
    page.wait_for_url("**/entreprise/offres")
    links = [a.get_attribute("href") for a in page.locator(".offer-card h2 a").all()]
    assert links, "the demo company has no offer"
    for href in links:
        page.goto(href)
        card = open_card(page)
        if card is not None:
            return card
    raise AssertionError("no open application on the demo company's offers")


def test_demo_recruiter_reads_candidates_and_hires_through_the_pipeline(page, live_app):
    ensure_open_application(live_app)
    sign_in(page, DEMO_RECRUITER, DEMO_PASSWORD)
    card = find_open_application(page)
    offer_url = page.url

    # Ranked candidates with their score and explanation.
    candidates = page.locator(".candidate")
    assert candidates.count() >= 1
    first = candidates.first
    assert first.locator(".score").inner_text().endswith("%")
    assert first.locator(".explanation").inner_text().strip()
    first.get_by_text("Détail du score").click()
    assert first.locator(".breakdown table").is_visible()
    assert "Adéquation au poste (métier et mission)" in first.locator(".breakdown table").inner_text()
    at_both_widths(page, "entreprise-candidats-pipeline")

    # Move the open application, button by button, to « embauche ».
    application_id = card.get_attribute("data-application-id")
    name = card.locator("h4").inner_text()
    status = card.get_attribute("data-status")
    while status != "hired":
        current = page.locator(f'.pipeline-card[data-application-id="{application_id}"]')
        buttons = current.locator(".transitions button")
        labels = [b.inner_text() for b in buttons.all()]
        assert any("Refuser" in label for label in labels)
        # refusing is possible but is not the biggest thing on the card (issue 13)
        refuse = current.locator(".transitions button.danger").bounding_box()
        forward = current.locator(".transitions button:not(.danger)").first.bounding_box()
        assert refuse["width"] * refuse["height"] < forward["width"] * forward["height"]
        assert not any("retirée" in label for label in labels)  # the student's decision, not the company's
        label = NEXT_LABEL[status]
        follow(page, current.get_by_role("button", name=f"Passer à « {label} »"))
        status = NEXT_STATUS[status]
        assert f"Candidature : {name}, statut « {label} »" in page.locator(".flashes").inner_text()
        moved = page.locator(
            f'.pipeline-column[data-status="{status}"] .pipeline-card[data-application-id="{application_id}"]'
        )
        assert moved.count() == 1
    hired = page.locator(f'.pipeline-card[data-application-id="{application_id}"]')
    assert hired.locator(".transitions").count() == 0  # a hire is final

    # The application's page: message, history, the hire.
    follow(page, hired.get_by_role("link", name=name))
    assert page.locator("h1").inner_text() == f"Candidature : {name}"
    assert "embauche" in page.locator(".current-status").inner_text()
    assert "« proposition d'embauche » → « embauche »" in page.locator(".history").inner_text()
    assert "Embauche enregistrée le" in page.inner_text("main")
    # The VTE label step after the hire (issue 14): the checklist, its deadline, one step ticked.
    assert "six mois après l'embauche" in page.inner_text("main")
    follow(page, page.get_by_role("button", name="Marquer comme fait").first)
    assert "Étape du label VTE enregistrée" in page.locator(".flashes").inner_text()
    assert "Label VTE demandé sur la plateforme de Bpifrance — fait le" in page.inner_text("main")
    at_both_widths(page, "entreprise-candidature")
    page.goto(offer_url)
    assert page.locator('.pipeline-column[data-status="hired"] .pipeline-card').count() >= 1


def test_demo_recruiter_drags_an_application_to_the_next_column(page, live_app):
    ensure_open_application(live_app)
    sign_in(page, DEMO_RECRUITER, DEMO_PASSWORD)
    card = find_open_application(page)
    application_id = card.get_attribute("data-application-id")
    status = card.get_attribute("data-status")
    name = card.get_attribute("data-name")
    assert card.get_attribute("draggable") == "true"

    # A column the company may not move it to does not take the card.
    card.drag_to(page.locator('.pipeline-column[data-status="withdrawn"]'))
    page.wait_for_timeout(500)
    assert (
        page.locator(f'.pipeline-column[data-status="{status}"] [data-application-id="{application_id}"]').count() == 1
    )

    target = page.locator(f'.pipeline-column[data-status="{NEXT_STATUS[status]}"]')
    with page.expect_navigation():
        card.drag_to(target)
    moved = page.locator(
        f'.pipeline-column[data-status="{NEXT_STATUS[status]}"] [data-application-id="{application_id}"]'
    )
    assert moved.count() == 1
    assert f"Candidature : {name}, statut « {NEXT_LABEL[status]} »." in page.locator("#pipeline-status").inner_text()

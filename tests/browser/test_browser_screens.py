"""The pages issue 13 added, seen by their users in a real browser at 1280 and 375 px (axe-core,
no sideways scrolling, screenshots): the student's score and the similar offers on an offer page,
« Sauvegarder » and the saved offers, an alert made from « Mes offres », an invitation to apply
on « Mes offres », a company's applicants sorted by score, and the operator's outbox."""

from __future__ import annotations

import re

from sqlalchemy import delete, select

from pages import DEMO_PASSWORD, at_both_widths, sign_in
from vte.accounts import set_password
from vte.apply_invitations import invite_to_apply
from vte.embeddings import get_encoder
from vte.extensions import db
from vte.matching import rank_students_for_offer
from vte.models import Application, ApplyInvitation, FavouriteOffer, Offer, SavedSearch, Student, User
from vte.vocab import OfferStatus, Role

STUDENT = "etudiant@demo.vte-match.fr"
COMPANY = "entreprise@demo.vte-match.fr"
ADMIN_PASSWORD = "Operateur-Courriels-2026"


def _demo(live_app, email: str) -> tuple[int, int | None]:
    """(user id, their company id) of a demo account."""
    with live_app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return user.id, user.company_id


def test_a_student_sees_their_score_and_similar_offers_saves_one_and_makes_an_alert(live_app, page):
    sign_in(page, STUDENT, DEMO_PASSWORD)
    page.goto("/etudiant/offres")
    first = page.locator(".match-card a, .card a").filter(has_not_text="Voir ma candidature").first
    first.click()
    page.wait_for_load_state()
    title = page.locator("h1").inner_text()
    assert re.match(r"Votre compatibilité : \d", page.locator("#compatibilite").inner_text())
    similar = page.locator("#similaires ~ * a, #similaires + * a")
    assert page.locator("#similaires").is_visible() and similar.count() >= 1
    at_both_widths(page, "offre-vue-par-un-etudiant")

    page.get_by_role("button", name="Sauvegarder").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Sauvegardée ✓ (retirer)").get_attribute("aria-pressed") == "true"
    page.goto("/etudiant/favoris")
    assert page.locator("main").get_by_text(title, exact=True).count() >= 1
    at_both_widths(page, "offres-sauvegardees")

    page.goto("/etudiant/offres")
    page.get_by_label("Recevoir les nouvelles offres par e-mail").select_option("daily")
    page.get_by_role("button", name="Créer une alerte").click()
    page.wait_for_load_state()
    page.goto("/etudiant/alertes")
    assert page.locator(".alert-name").count() >= 1
    assert "Chaque jour" in page.locator(".alerts .meta").first.inner_text()
    at_both_widths(page, "mes-alertes")

    user_id, _ = _demo(live_app, STUDENT)
    with live_app.app_context():  # leave the demo student as the other tests expect it
        db.session.execute(delete(FavouriteOffer).where(FavouriteOffer.user_id == user_id))
        db.session.execute(delete(SavedSearch).where(SavedSearch.user_id == user_id))
        db.session.commit()


def test_an_invitation_to_apply_shows_on_my_offers(live_app, page):
    student_user, _ = _demo(live_app, STUDENT)
    company_user, company_id = _demo(live_app, COMPANY)
    with live_app.app_context():
        student = db.session.scalar(select(Student).where(Student.user_id == student_user))
        applied = select(Application.offer_id).where(Application.student_id == student.id)
        offer = db.session.scalars(
            select(Offer)
            .where(Offer.company_id == company_id, Offer.status == OfferStatus.PUBLISHED, Offer.id.not_in(applied))
            .order_by(Offer.id)
        ).first()
        invite_to_apply(db.session, db.session.get(User, company_user), offer, student.id)
        db.session.commit()
        title = offer.title
    try:
        sign_in(page, STUDENT, DEMO_PASSWORD)
        page.goto("/etudiant/offres")
        block = page.locator("#invitations-titre")
        assert re.fullmatch(r"Invitations à postuler \(\d+\)", block.inner_text())
        assert page.locator("section", has=block).get_by_text(title).count() >= 1
        at_both_widths(page, "mes-offres-invitation")
    finally:
        with live_app.app_context():
            db.session.execute(delete(ApplyInvitation).where(ApplyInvitation.offer_id == offer.id))
            db.session.commit()


def _applications_from_top_candidates(live_app, company_id: int, n: int = 3) -> tuple[int, list[int]]:
    """An offer of the company and applications to it from its best recommended candidates (the
    demo's random applications are mostly outside the offers' criteria, hence without a score)."""
    with live_app.app_context():
        offer = db.session.scalars(
            select(Offer)
            .where(Offer.company_id == company_id, Offer.status == OfferStatus.PUBLISHED)
            .order_by(Offer.id)
        ).first()
        ranked = rank_students_for_offer(db.session, get_encoder(live_app.config), live_app.config, offer, limit=20)
        applied = set(db.session.scalars(select(Application.student_id).where(Application.offer_id == offer.id)))
        rows = [
            Application(student_id=m.id, offer_id=offer.id, message="Candidature de test navigateur.")
            for m in ranked.matches
            if m.id not in applied
        ][:n]
        db.session.add_all(rows)
        db.session.commit()
        return offer.id, [row.id for row in rows]


def test_a_company_sorts_its_applicants_by_score(live_app, page):
    _, company_id = _demo(live_app, COMPANY)
    offer_id, added = _applications_from_top_candidates(live_app, company_id)
    try:
        _check_sorted_pipeline(page, offer_id)
    finally:
        with live_app.app_context():
            db.session.execute(delete(Application).where(Application.id.in_(added)))
            db.session.commit()


def _check_sorted_pipeline(page, offer_id: int) -> None:
    sign_in(page, COMPANY, DEMO_PASSWORD)
    page.goto(f"/entreprise/offres/{offer_id}?tri=score")
    columns = page.locator(".pipeline-column")
    seen = 0
    for n in range(columns.count()):  # within each step, the most compatible applicant first
        texts = columns.nth(n).locator(".pipeline-card .score").all_inner_texts()
        scores = [float(re.search(r"\d+(?:,\d+)?", t).group().replace(",", ".")) for t in texts]
        assert scores == sorted(scores, reverse=True), scores
        seen += len(scores)
    assert seen >= 2
    at_both_widths(page, "entreprise-candidatures-par-score")


def test_the_operator_reads_the_outbox(live_app, page):
    with live_app.app_context():
        admin = db.session.scalars(select(User).where(User.role == Role.ADMIN)).first()
        set_password(db.session, admin, ADMIN_PASSWORD)
        db.session.commit()
        email = admin.email
    sign_in(page, email, ADMIN_PASSWORD)
    page.goto("/admin/courriels")
    assert page.locator("h1").inner_text() == "Courriels"
    at_both_widths(page, "admin-courriels")

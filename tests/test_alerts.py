"""Saved searches e-mailed as alerts (issue 13): a student saves a search or « Mes offres », gets
the new matching offers ranked in one line each, nothing when nothing is new, and leaves the alert
with one click on the e-mail's signed link."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from factories import make_offer
from vte.alerts import due_alerts, run_alert
from vte.embedding_sync import embed_offers
from vte.extensions import db
from vte.index import reset_indexes
from vte.models import Company, OutboxEmail, SavedSearch
from vte.vocab import ContractType
from web_support import post_form, sign_in, text_of
from world import PASSWORD, build_world


@pytest.fixture()
def world(db_session, fake_encoder):
    world = build_world(db_session, fake_encoder)
    reset_indexes()
    return world


def _run(app, encoder, now):
    sent = 0
    with app.test_request_context(base_url="https://vte.example"):
        for alert in due_alerts(db.session, now):
            sent += run_alert(
                db.session,
                encoder,
                app.config,
                alert,
                now,
                lambda offer_id: url_for("web.offer", offer_id=offer_id, _external=True),
                lambda token: url_for("web.alert_unsubscribe", token=token, _external=True),
            )
        db.session.commit()
    return sent


def _alert_mails(db_session):
    db_session.expire_all()
    return db_session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "alert").order_by(OutboxEmail.id)).all()


def test_only_students_save_searches_and_at_most_twenty(api, world):
    student = api.as_token(world.tokens["student_a"])
    created = student.post("/api/v1/alerts", json={"frequency": "weekly", "search": {"q": "injection plastique"}})
    assert created.status_code == 201 and created.get_json()["name"] == "« injection plastique »"
    assert [a["name"] for a in student.get("/api/v1/alerts").get_json()["items"]] == ["« injection plastique »"]
    bad = student.post("/api/v1/alerts", json={"frequency": "hourly"})
    assert bad.status_code == 422 and "frequency" in bad.get_json()["error"]["fields"]
    company = api.as_token(world.tokens["company_a"])
    assert company.post("/api/v1/alerts", json={"frequency": "daily"}).status_code == 403
    for _ in range(19):
        assert student.post("/api/v1/alerts", json={"frequency": "daily", "kind": "matches"}).status_code == 201
    assert student.post("/api/v1/alerts", json={"frequency": "daily"}).status_code == 409


def test_new_offers_are_sent_once_ranked_and_explained(app, api, world, db_session, fake_encoder):
    student = api.as_token(world.tokens["student_a"])
    student.post("/api/v1/alerts", json={"frequency": "daily", "kind": "matches"})
    alert = db_session.scalars(select(SavedSearch)).one()
    created = alert.checked_at
    assert _run(app, fake_encoder, created + timedelta(hours=3)) == 0  # not due yet

    company = db_session.scalars(select(Company).order_by(Company.id)).first()
    make_offer(
        db_session,
        company=company,
        title="Ingénieur injection plastique",
        description="Injection plastique, réglage des presses.",
        skills=["injection plastique"],
        contract_type=ContractType.CDI,
        published_at=date.today(),
    )
    db_session.commit()
    reset_indexes()
    tomorrow = created + timedelta(days=1)
    assert _run(app, fake_encoder, tomorrow) == 1
    [mail] = _alert_mails(db_session)
    assert mail.to_email == "etudiant.a@matrice.fr"
    assert "nouvelle" in mail.subject and "Mes offres (selon mon profil)" in mail.subject
    assert "• Ingénieur injection plastique —" in mail.body
    assert "https://vte.example/offres/" in mail.body
    assert mail.body.index("Ingénieur injection plastique") < len(mail.body)
    # the next day: nothing new, nothing sent
    assert _run(app, fake_encoder, tomorrow + timedelta(days=1)) == 0
    assert len(_alert_mails(db_session)) == 1


def test_one_click_unsubscribe_and_the_alerts_page(app, client, world, db_session, fake_encoder):
    sign_in(client, "etudiant.a@matrice.fr", PASSWORD)
    page = text_of(client.get("/offres?q=injection"))
    assert "Créer une alerte" in page
    created = post_form(client, "/etudiant/alertes", {"kind": "search", "q": "injection", "frequency": "weekly"})
    assert created.status_code == 302
    listing = text_of(client.get("/etudiant/alertes"))
    assert "« injection »" in listing and "Chaque semaine" in listing

    alert = db_session.scalars(select(SavedSearch)).one()
    company = db_session.scalars(select(Company).order_by(Company.id)).first()
    offer = make_offer(
        db_session, company=company, title="Régleur injection", description="Injection.", published_at=date.today()
    )
    embed_offers(db_session, fake_encoder, [offer])
    db_session.commit()
    reset_indexes()
    assert _run(app, fake_encoder, alert.checked_at + timedelta(days=7)) == 1
    link = re.search(r"https://vte\.example(/alertes/desabonner/\S+)", _alert_mails(db_session)[0].body).group(1)
    anonymous = app.test_client()
    assert "Me désabonner" in text_of(anonymous.get(link))
    assert db_session.scalars(select(SavedSearch)).first() is not None  # opening the link changes nothing
    done = post_form(anonymous, link, {})
    assert "L'alerte « « injection » » est supprimée" in text_of(done)
    db_session.expire_all()
    assert db_session.scalars(select(SavedSearch)).first() is None
    assert "était déjà supprimée" in text_of(post_form(anonymous, link, {}))
    forged = post_form(anonymous, "/alertes/desabonner/abc.def", {})
    assert forged.status_code == 422


def test_a_mail_providers_one_click_unsubscribe_removes_the_alert(app, client, world, db_session, fake_encoder):
    """RFC 8058: the provider POSTs `List-Unsubscribe=One-Click` to the e-mail's List-Unsubscribe
    address, with no form token and no session."""
    sign_in(client, "etudiant.a@matrice.fr", PASSWORD)
    assert (
        post_form(client, "/etudiant/alertes", {"kind": "search", "q": "injection", "frequency": "daily"}).status_code
        == 302
    )
    alert = db_session.scalars(select(SavedSearch)).one()
    company = db_session.scalars(select(Company).order_by(Company.id)).first()
    offer = make_offer(db_session, company=company, title="Régleur injection", published_at=date.today())
    embed_offers(db_session, fake_encoder, [offer])
    db_session.commit()
    reset_indexes()
    assert _run(app, fake_encoder, alert.checked_at + timedelta(days=1)) == 1
    [mail] = _alert_mails(db_session)
    assert mail.unsubscribe_url in mail.body  # the header and the body's link are one address
    provider = app.test_client()
    answer = provider.post(
        mail.unsubscribe_url.removeprefix("https://vte.example"),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200
    db_session.expire_all()
    assert db_session.scalars(select(SavedSearch)).first() is None


def test_alerts_are_erased_with_the_account(api, world, db_session):
    student = api.as_token(world.tokens["student_a"])
    student.post("/api/v1/alerts", json={"frequency": "weekly", "search": {"q": "soudure"}})
    assert student.get("/api/v1/account/export").get_json()["alerts"][0]["name"] == "« soudure »"
    assert student.delete("/api/v1/account").status_code == 200
    db_session.expire_all()
    assert db_session.scalars(select(SavedSearch)).first() is None

"""The VTE label step after a hire (issue 14): the checklist with its six-month deadline on the
company's and the student's application pages, ticked once (409 for a stale tick), reminders by
e-mail 30 and 7 days before the deadline, once each, and the count of labelled placements in the
school's statistics."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from test_api_applications import PASSWORD, pipeline_world
from vte.models import OutboxEmail, Placement
from vte.vte_label import add_months, send_label_reminders
from web_support import post_form, sign_in, text_of


@pytest.fixture()
def world(db_session, api):
    """A student of school A with a profile, company X with an offer (tests/test_api_applications.py)."""
    return pipeline_world(db_session, api)


def test_six_months_after_the_hire_even_at_the_end_of_a_month():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)


def _hire(world):
    company = world["x"]
    app_id = world["student"].post("/api/v1/applications", json={"offer_id": world["ids"]["offer"]}).get_json()["id"]
    for status in ("reviewed", "interview", "offered"):
        assert company.post(f"/api/v1/applications/{app_id}/transitions", json={"to": status}).status_code == 200
    hired = company.post(f"/api/v1/applications/{app_id}/transitions", json={"to": "hired", "contract_type": "cdi"})
    assert hired.status_code == 200
    return app_id, hired.get_json()


def test_the_checklist_through_the_api(world, db_session):
    app_id, detail = _hire(world)
    label = detail["placement"]["vte_label"]
    assert label["done"] is False and [s["code"] for s in label["steps"]] == ["label_requested", "charter_signed"]
    assert label["deadline"] == add_months(datetime.now(UTC).date(), 6).isoformat()
    url = f"/api/v1/applications/{app_id}/vte-label"
    assert world["student"].post(url, json={"step": "charter_signed", "done": True}).status_code == 403
    ticked = world["x"].post(url, json={"step": "label_requested", "done": True})
    assert ticked.status_code == 200 and ticked.get_json()["placement"]["vte_label"]["steps"][0]["done_at"]
    assert world["x"].post(url, json={"step": "label_requested", "done": True}).status_code == 409
    assert world["x"].post(url, json={"step": "nope", "done": True}).status_code == 422
    assert (
        world["x"].post(url, json={"step": "charter_signed", "done": True}).get_json()["placement"]["vte_label"]["done"]
    )
    stats = world["staff_a"].get(f"/api/v1/schools/{world['ids']['school_a']}/stats").get_json()
    assert stats["totals"]["labelled"] == 1


def test_before_the_hire_there_is_no_label_step(world):
    app_id = world["student"].post("/api/v1/applications", json={"offer_id": world["ids"]["offer"]}).get_json()["id"]
    early = world["x"].post(f"/api/v1/applications/{app_id}/vte-label", json={"step": "label_requested", "done": True})
    assert early.status_code == 409 and "après l'embauche" in early.get_json()["error"]["message"]


def test_reminders_30_and_7_days_before_the_deadline_once_each(world, db_session):
    _hire(world)
    placement = db_session.scalars(select(Placement)).one()
    hired = placement.hired_at.date()
    deadline = add_months(hired, 6)

    def reminders():
        db_session.expire_all()
        return db_session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "vte_label_reminder")).all()

    assert send_label_reminders(db_session, today=hired) == 0
    assert send_label_reminders(db_session, today=date.fromordinal(deadline.toordinal() - 30)) == 1
    assert send_label_reminders(db_session, today=date.fromordinal(deadline.toordinal() - 29)) == 0
    [first] = reminders()
    assert first.to_email == "rh@plastiques-x.fr"
    assert f"avant le {deadline.strftime('%d/%m/%Y')}" in first.subject and "30 jours" in first.body
    assert send_label_reminders(db_session, today=date.fromordinal(deadline.toordinal() - 7)) == 1
    assert len(reminders()) == 2
    placement = db_session.scalars(select(Placement)).one()
    placement.label_reminders_sent = 0
    placement.label_requested_at = datetime.now(UTC)  # requested: no more reminders
    db_session.flush()
    assert send_label_reminders(db_session, today=date.fromordinal(deadline.toordinal() - 7)) == 0


def test_the_pages_show_the_checklist(world, app, db_session):
    app_id, _ = _hire(world)
    company = app.test_client()
    sign_in(company, "rh@plastiques-x.fr", PASSWORD)
    page = text_of(company.get(f"/entreprise/candidatures/{app_id}"))
    assert "Label VTE" in page and "six mois après l'embauche" in page and "Marquer comme fait" in page
    done = post_form(
        company,
        f"/entreprise/candidatures/{app_id}/label",
        {"step": "label_requested", "done": "1"},
        follow_redirects=True,
    )
    assert "Étape du label VTE enregistrée" in text_of(done)
    assert "Label VTE demandé sur la plateforme de Bpifrance — fait le" in text_of(done)
    student = app.test_client()
    sign_in(student, "lea@etu.ecole-a.fr", PASSWORD)
    mine = text_of(student.get(f"/etudiant/candidatures/{app_id}"))
    assert "Label VTE demandé sur la plateforme de Bpifrance : fait le" in mine
    assert "Charte VTE signée par le jeune et l'entreprise : à faire" in mine

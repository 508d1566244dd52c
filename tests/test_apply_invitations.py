"""« Inviter à postuler » (issue 13): a company invites a recommended candidate from the offer's
ranked candidates; the student is told by e-mail and sees the invitation on « Mes offres »; one
invitation per candidate and offer; an erased profile takes its invitations with it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from test_api_applications import PASSWORD, pipeline_world
from vte.models import ApplyInvitation, OutboxEmail
from web_support import post_form, sign_in, text_of


@pytest.fixture()
def world(db_session, api, fake_encoder):
    """A student of school A with a visible profile, company X with an offer (tests/test_api_applications.py)."""
    from vte.embedding_sync import embed_offers, embed_students
    from vte.index import reset_indexes
    from vte.models import Offer, Student

    world = pipeline_world(db_session, api)
    embed_offers(db_session, fake_encoder, db_session.scalars(select(Offer)).all())
    embed_students(db_session, fake_encoder, db_session.scalars(select(Student)).all())
    db_session.commit()
    reset_indexes()
    return world


def test_the_company_invites_a_recommended_candidate_who_sees_it(app, world, db_session):
    ids = world["ids"]
    company = app.test_client()
    sign_in(company, "rh@plastiques-x.fr", PASSWORD)
    page = text_of(company.get(f"/entreprise/offres/{ids['offer']}"))
    assert "Inviter à postuler" in page
    done = post_form(
        company,
        f"/entreprise/offres/{ids['offer']}/invitations",
        {"student_id": str(ids["student"])},
        follow_redirects=True,
    )
    assert "Invitation envoyée" in text_of(done)
    assert "Invité à postuler : le candidat a reçu votre invitation par e-mail." in text_of(done)
    again = world["x"].post(f"/api/v1/offers/{ids['offer']}/invitations", json={"student_id": ids["student"]})
    assert again.status_code == 409 and "déjà invité" in again.get_json()["error"]["message"]

    [mail] = db_session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "apply_invitation")).all()
    assert mail.to_email == "lea@etu.ecole-a.fr"
    assert mail.subject == "Plastiques X vous invite à postuler : Ingénieur procédés injection"
    assert f"/offres/{ids['offer']}" in mail.body

    student = app.test_client()
    sign_in(student, "lea@etu.ecole-a.fr", PASSWORD)
    mine = text_of(student.get("/etudiant/offres"))
    assert (
        "Invitations à postuler (1)" in mine
        and "Plastiques X vous invite à postuler à Ingénieur procédés injection" in mine
    )
    listed = world["student"].get("/api/v1/students/me/invitations").get_json()["items"]
    assert [i["title"] for i in listed] == ["Ingénieur procédés injection"]

    # once the student applied, the invitation is done
    world["student"].post("/api/v1/applications", json={"offer_id": ids["offer"]})
    assert world["student"].get("/api/v1/students/me/invitations").get_json()["items"] == []


def test_a_candidate_who_applied_is_not_invited_and_others_cannot_invite(world, db_session):
    ids = world["ids"]
    world["student"].post("/api/v1/applications", json={"offer_id": ids["offer"]})
    applied = world["x"].post(f"/api/v1/offers/{ids['offer']}/invitations", json={"student_id": ids["student"]})
    assert applied.status_code == 409 and "déjà postulé" in applied.get_json()["error"]["message"]
    assert (
        world["y"].post(f"/api/v1/offers/{ids['offer']}/invitations", json={"student_id": ids["student"]}).status_code
        == 403
    )


def test_erasure_takes_the_invitations(world, db_session):
    ids = world["ids"]
    assert (
        world["x"].post(f"/api/v1/offers/{ids['offer']}/invitations", json={"student_id": ids["student"]}).status_code
        == 201
    )
    assert world["student"].delete("/api/v1/account").status_code == 200
    db_session.expire_all()
    assert db_session.scalars(select(ApplyInvitation)).all() == []


def test_applicants_carry_their_match_score_and_sort_by_it(app, world, db_session, fake_encoder):
    """Issue 13, company side: applicants show their compatibility with the offer and its
    explanation, and the pipeline sorts by it on request."""
    import re

    from vte.matching import applicant_scores
    from vte.models import Offer

    ids = world["ids"]
    assert world["student"].post("/api/v1/applications", json={"offer_id": ids["offer"]}).status_code == 201
    offer = db_session.get(Offer, ids["offer"])
    scores = applicant_scores(db_session, fake_encoder, app.config, offer, [ids["student"]])
    assert set(scores) == {ids["student"]} and 0 < scores[ids["student"]]["score"] <= 1
    company = app.test_client()
    sign_in(company, "rh@plastiques-x.fr", PASSWORD)
    page = text_of(company.get(f"/entreprise/offres/{ids['offer']}"))
    shown = re.search(r"compatibilité (\d+) %", page)
    assert shown and int(shown.group(1)) == round(scores[ids["student"]]["score"] * 100)
    assert "trier par compatibilité" in page
    assert "Triées par compatibilité avec l'offre" in text_of(
        company.get(f"/entreprise/offres/{ids['offer']}?tri=score")
    )

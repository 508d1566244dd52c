"""Issue 13, company side: the number of applications agrees everywhere. One definition
(`vte.application_counts`: every application received except those the student withdrew, which
are said apart) for the company's home, « Mes offres », the offer's page and its pipeline, the
public offer page its recruiters see, and the API."""

from __future__ import annotations

import re

from factories import make_company, make_offer, make_student
from test_web_company import recruiter
from vte.application_counts import company_application_counts, offer_application_counts
from vte.auth import create_token
from vte.embedding_sync import embed_offers, embed_students
from vte.models import Application, User
from vte.vocab import ApplicationStatus, Role
from web_support import text_of

S = ApplicationStatus
# Offer A: 9 applications, 2 of them withdrawn -> 7 counted; offer B: 2, 1 withdrawn -> 1.
STATUSES_A = [S.SUBMITTED, S.SUBMITTED, S.REVIEWED, S.INTERVIEW, S.OFFERED, S.HIRED, S.REJECTED]
STATUSES_A += [S.WITHDRAWN, S.WITHDRAWN]
STATUSES_B = [S.SUBMITTED, S.WITHDRAWN]


def _world(db_session, fake_encoder):
    company = make_company(db_session)
    offer_a = make_offer(db_session, company=company, title="Technicien méthodes injection")
    offer_b = make_offer(db_session, company=company, title="Ingénieur qualité fournisseurs")
    students = []
    for offer, statuses in ((offer_a, STATUSES_A), (offer_b, STATUSES_B)):
        for status in statuses:
            student = make_student(db_session)
            students.append(student)
            db_session.add(Application(student_id=student.id, offer_id=offer.id, status=status))
    db_session.flush()
    embed_offers(db_session, fake_encoder, [offer_a, offer_b])
    embed_students(db_session, fake_encoder, students)
    db_session.commit()
    return company.id, offer_a.id, offer_b.id


def test_the_counts_leave_out_withdrawn_applications_and_say_them_apart(db_session, fake_encoder):
    company_id, offer_a, offer_b = _world(db_session, fake_encoder)
    counts = offer_application_counts(db_session, [offer_a, offer_b])
    assert counts[offer_a]["total"] == 7 and counts[offer_a]["withdrawn"] == 2
    assert counts[offer_a]["by_status"] == {
        "submitted": 2,
        "reviewed": 1,
        "interview": 1,
        "offered": 1,
        "hired": 1,
        "rejected": 1,
        "withdrawn": 2,
    }
    assert counts[offer_b]["total"] == 1 and counts[offer_b]["withdrawn"] == 1
    assert company_application_counts(db_session, company_id) == {
        "total": 8,
        "withdrawn": 3,
        "by_status": {**counts[offer_a]["by_status"], "submitted": 3, "withdrawn": 3},
    }


def test_every_page_and_the_api_show_the_same_number_of_applications(client, api, db_session, fake_encoder):
    company_id, offer_a, offer_b = _world(db_session, fake_encoder)
    recruiter(client, db_session, company_id=company_id)
    phrase_a = (
        "7 candidatures : 2 envoyées, 1 examinée, 1 en entretien, 1 avec proposition d'embauche, 1 embauche, "
        "1 refusée (sans compter 2 candidatures retirées)"
    )
    phrase_b = "1 candidature : 1 envoyée (sans compter 1 candidature retirée)"

    home = text_of(client.get("/entreprise"))
    assert "Candidatures reçues sur vos offres : 8 candidatures" in home
    assert "(sans compter 3 candidatures retirées)" in home

    offers = text_of(client.get("/entreprise/offres"))
    assert "Toutes offres confondues : 8 candidatures" in offers
    assert phrase_a in offers and phrase_b in offers

    response = client.get(f"/entreprise/offres/{offer_a}")
    page = text_of(response)
    assert phrase_a in page
    assert "Candidatures reçues (7)" in page
    assert "Candidatures reçues : 7 (sans compter 2 candidatures retirées)" in page
    html = response.get_data(as_text=True)
    columns = dict(re.findall(r'id="colonne-(\w+)">[^<]*<span class="column-count">\((\d+)', html))
    counted = sum(int(n) for status, n in columns.items() if status != "withdrawn")
    assert counted == 7 and columns["withdrawn"] == "2"
    assert "(2, non comptées)" in page

    public = text_of(client.get(f"/offres/{offer_a}"))
    assert f"Vous gérez cette offre : {phrase_a}." in public

    user = User(email="api.recruteur@exemple.fr", password_hash="-", role=Role.COMPANY, company_id=company_id)
    db_session.add(user)
    db_session.flush()
    _, secret = create_token(db_session, user, "tests")
    db_session.commit()
    owner = api.as_token(secret)
    detail = owner.get(f"/api/v1/offers/{offer_a}").get_json()["applications"]
    assert detail["total"] == 7 and detail["withdrawn"] == 2
    listed = owner.get(f"/api/v1/companies/{company_id}/offers").get_json()["items"]
    assert {i["id"]: i["applications"]["total"] for i in listed} == {offer_a: 7, offer_b: 1}

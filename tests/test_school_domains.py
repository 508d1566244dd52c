"""A school's e-mail domain takes effect only once an admin approved it; public webmail and
disposable domains are refused from maintained lists (issue 12, point 5)."""

from __future__ import annotations

import pytest

from factories import make_school
from vte.accounts import create_user
from vte.mail_domains import is_public_mail_domain
from vte.models import School
from vte.vocab import Role
from web_support import post_form, sign_in, text_of

PASSWORD = "Usinage-CN-2026"


@pytest.mark.parametrize(
    "domain",
    ["gmail.com", "ymail.com", "orange.fr", "sfr.fr", "laposte.net", "etu.gmail.com", "mailinator.com", "yopmail.com"],
)
def test_public_and_disposable_domains_are_recognised(domain):
    assert is_public_mail_domain(domain)


@pytest.mark.parametrize("domain", ["etu.univ-lyon1.fr", "insa-rennes.fr", "etu.utc.fr", "grenoble-em.com"])
def test_school_domains_are_not_public(domain):
    assert not is_public_mail_domain(domain)


@pytest.fixture()
def people(db_session):
    school = make_school(db_session, name="Institut d'essai des domaines")
    create_user(db_session, "scolarite@institut-essai.fr", PASSWORD, Role.SCHOOL, school_id=school.id)
    create_user(db_session, "operateur@vte-essai.fr", PASSWORD, Role.ADMIN)
    db_session.commit()
    return {"school": school.id}


def test_a_requested_domain_waits_for_an_admin_then_takes_effect(client, app, db_session, people):
    staff = client
    sign_in(staff, "scolarite@institut-essai.fr", PASSWORD)
    refused = post_form(staff, "/ecole/domaine", {"email_domain": "ymail.com"})
    assert refused.status_code == 422 and "messagerie grand public" in text_of(refused)
    saved = post_form(staff, "/ecole/domaine", {"email_domain": "etu.institut-essai.fr"}, follow_redirects=True)
    assert "prendra effet dès qu'un administrateur l'aura validé" in text_of(saved)
    assert "en attente de validation" in text_of(staff.get("/ecole/invitations"))

    student = app.test_client()
    student.post(
        "/api/v1/auth/signup", json={"email": "zoe@etu.institut-essai.fr", "password": PASSWORD, "role": "student"}
    )
    db_session.expire_all()

    admin = app.test_client()
    sign_in(admin, "operateur@vte-essai.fr", PASSWORD)
    queue = admin.get("/admin")
    assert "Domaines e-mail des écoles à valider (" in text_of(queue)
    assert "@etu.institut-essai.fr" in text_of(queue) and "scolarite@institut-essai.fr" in text_of(queue)
    approved = post_form(
        admin,
        f"/admin/domaines/{people['school']}",
        {"email_domain": "etu.institut-essai.fr", "decision": "approve"},
        follow_redirects=True,
    )
    assert "Domaine @etu.institut-essai.fr validé" in text_of(approved)
    assert "Valider @etu.institut-essai.fr" not in text_of(approved)
    assert "validé le" in text_of(staff.get("/ecole/invitations"))
    assert db_session.get(School, people["school"]).email_domain_approved_at is not None

    # a changed domain needs a new approval
    post_form(staff, "/ecole/domaine", {"email_domain": "eleves.institut-essai.fr"})
    db_session.expire_all()
    assert db_session.get(School, people["school"]).email_domain_approved_at is None


def test_a_decision_applies_only_to_the_request_the_admin_saw(app, db_session, people):
    school = db_session.get(School, people["school"])
    school.email_domain = "etu.institut-essai.fr"
    school_id, school_name = school.id, school.name
    db_session.commit()
    admin = app.test_client()
    token = admin.post("/api/v1/auth/login", json={"email": "operateur@vte-essai.fr", "password": PASSWORD})
    assert token.status_code == 200
    csrf = {"X-CSRFToken": admin.get("/api/v1/auth/csrf").get_json()["csrf_token"]}
    queue = admin.get("/api/v1/admin/school-domains").get_json()["items"]
    assert (school_name, "etu.institut-essai.fr") in [(i["school"], i["email_domain"]) for i in queue]
    # the school changed its request after the admin loaded the page
    db_session.get(School, school_id).email_domain = "autre.institut-essai.fr"
    db_session.commit()
    url = f"/api/v1/admin/school-domains/{school_id}"
    stale = admin.post(
        f"{url}/approve",
        json={"email_domain": "etu.institut-essai.fr"},
        headers=csrf,
    )
    assert stale.status_code == 409 and "a changé entre-temps" in stale.get_json()["error"]["message"]
    refused = admin.post(
        f"{url}/refuse",
        json={"email_domain": "autre.institut-essai.fr"},
        headers=csrf,
    )
    assert refused.status_code == 200 and refused.get_json()["email_domain"] is None
    twice = admin.post(
        f"{url}/refuse",
        json={"email_domain": "autre.institut-essai.fr"},
        headers=csrf,
    )
    assert twice.status_code == 409


def test_only_admins_see_the_queue(client, db_session, people):
    sign_in(client, "scolarite@institut-essai.fr", PASSWORD)
    assert client.get("/admin").status_code == 403


def test_the_admin_reads_the_outbox(client, db_session, people):
    from vte.models import OutboxEmail

    db_session.add(
        OutboxEmail(
            to_email="zoe@exemple.fr", subject="VTE Match : confirmez votre adresse e-mail", body="Lien", kind="x"
        )
    )
    db_session.commit()
    sign_in(client, "operateur@vte-essai.fr", PASSWORD)
    page = text_of(client.get("/admin/courriels"))
    assert "VTE Match : confirmez votre adresse e-mail" in page and "À zoe@exemple.fr" in page and "en attente" in page


def test_the_admin_attaches_a_school_typed_by_students(app, client, db_session, people):
    from sqlalchemy import select

    from vte.models import Student, User

    target = make_school(db_session, name="École d'essai des rattachements")
    target_id = target.id
    db_session.commit()
    student = app.test_client()
    signed = student.post(
        "/api/v1/auth/signup",
        json={
            "email": "yann@exemple.fr",
            "password": PASSWORD,
            "role": "student",
            "school": "Ecole inventee de Quimper",
        },
    )
    assert signed.status_code == 201
    sign_in(client, "operateur@vte-essai.fr", PASSWORD)
    queue = text_of(client.get("/admin"))
    assert "Écoles saisies par les étudiants" in queue and "Ecole inventee de Quimper" in queue
    done = post_form(
        client,
        "/admin/ecoles-saisies",
        {"entered_name": "Ecole inventee de Quimper", "school_id": str(target_id)},
        follow_redirects=True,
    )
    assert "« Ecole inventee de Quimper » est rattaché à l'école choisie" in text_of(done)
    assert "Rattacher « Ecole inventee de Quimper »" not in text_of(done)
    db_session.expire_all()
    user = db_session.scalars(select(User).where(User.email == "yann@exemple.fr")).one()
    assert user.school_id == target_id
    assert db_session.scalars(select(Student).where(Student.user_id == user.id)).first() is None  # no profile yet

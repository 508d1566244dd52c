"""« Mot de passe oublié », password change and e-mail verification (issue 12, point 4): the links
arrive in the outbox, work once and for a limited time, and a student joins a school by the domain
of their address only once the address is verified."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from factories import make_school
from vte.accounts import create_user
from vte.models import AccountToken, OutboxEmail, User
from vte.vocab import Role
from web_support import post_form, sign_in, text_of

PASSWORD = "Usinage-CN-2026"
NEW_PASSWORD = "Fraisage-5axes-2027"
LINK = re.compile(r"https?://[^\s]+/(?:mot-de-passe/nouveau|adresse/confirmer)/([A-Za-z0-9_-]+)")


def _mails(db_session, to: str, kind: str) -> list[OutboxEmail]:
    return db_session.scalars(
        select(OutboxEmail).where(OutboxEmail.to_email == to, OutboxEmail.kind == kind).order_by(OutboxEmail.id)
    ).all()


def _secret_of(mail: OutboxEmail) -> str:
    return LINK.search(mail.body).group(1)


def _signup(client, email: str, role: str = "student"):
    return client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "role": role})


def _csrf(client) -> dict[str, str]:
    return {"X-CSRFToken": client.get("/api/v1/auth/csrf").get_json()["csrf_token"]}


def test_forgotten_password_answers_the_same_and_mails_only_real_accounts(client, db_session):
    create_user(db_session, "lea@exemple.fr", PASSWORD, Role.STUDENT)
    db_session.commit()
    known = client.post("/api/v1/account/password-reset", json={"email": "Lea@Exemple.fr"})
    unknown = client.post("/api/v1/account/password-reset", json={"email": "personne@exemple.fr"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert "Si un compte existe" in known.get_json()["message"]
    mails = _mails(db_session, "lea@exemple.fr", "password_reset")
    assert len(mails) == 1 and "valable" not in mails[0].subject and "dans l'heure" in mails[0].body
    assert not db_session.scalars(select(OutboxEmail).where(OutboxEmail.to_email == "personne@exemple.fr")).all()


def test_a_reset_link_sets_the_password_once_and_ends_other_sessions(client, app, db_session):
    create_user(db_session, "lea@exemple.fr", PASSWORD, Role.STUDENT)
    db_session.commit()
    other_browser = app.test_client()
    assert (
        other_browser.post("/api/v1/auth/login", json={"email": "lea@exemple.fr", "password": PASSWORD}).status_code
        == 200
    )
    client.post("/api/v1/account/password-reset", json={"email": "lea@exemple.fr"})
    secret = _secret_of(_mails(db_session, "lea@exemple.fr", "password_reset")[-1])

    weak = client.post("/api/v1/account/password-reset/confirm", json={"token": secret, "password": "faible"})
    assert weak.status_code == 422 and "password" in weak.get_json()["error"]["fields"]
    done = client.post("/api/v1/account/password-reset/confirm", json={"token": secret, "password": NEW_PASSWORD})
    assert done.status_code == 200 and done.get_json()["email"] == "lea@exemple.fr"
    assert client.get("/api/v1/auth/me").status_code == 200  # this browser is signed in
    assert other_browser.get("/api/v1/auth/me").status_code == 401  # the other session ended

    again = app.test_client().post(
        "/api/v1/account/password-reset/confirm", json={"token": secret, "password": PASSWORD}
    )
    assert again.status_code == 422 and "token" in again.get_json()["error"]["fields"]
    fresh = app.test_client()
    assert fresh.post("/api/v1/auth/login", json={"email": "lea@exemple.fr", "password": PASSWORD}).status_code == 401
    assert (
        fresh.post("/api/v1/auth/login", json={"email": "lea@exemple.fr", "password": NEW_PASSWORD}).status_code == 200
    )


def test_a_reset_link_expires_after_an_hour_and_a_newer_one_replaces_it(client, db_session):
    create_user(db_session, "lea@exemple.fr", PASSWORD, Role.STUDENT)
    db_session.commit()
    client.post("/api/v1/account/password-reset", json={"email": "lea@exemple.fr"})
    first = _secret_of(_mails(db_session, "lea@exemple.fr", "password_reset")[-1])
    client.post("/api/v1/account/password-reset", json={"email": "lea@exemple.fr"})
    second = _secret_of(_mails(db_session, "lea@exemple.fr", "password_reset")[-1])
    replaced = client.post("/api/v1/account/password-reset/confirm", json={"token": first, "password": NEW_PASSWORD})
    assert replaced.status_code == 422

    db_session.execute(
        update(AccountToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )  # an hour went by
    db_session.commit()
    expired = client.post("/api/v1/account/password-reset/confirm", json={"token": second, "password": NEW_PASSWORD})
    assert expired.status_code == 422
    assert "plus valable" in expired.get_json()["error"]["message"]


def test_reset_pages_in_french(client, db_session):
    create_user(db_session, "lea@exemple.fr", PASSWORD, Role.STUDENT)
    db_session.commit()
    assert "Mot de passe oublié" in text_of(client.get("/connexion"))
    empty = post_form(client, "/mot-de-passe-oublie", {"email": ""})
    assert empty.status_code == 422 and "Indiquez l'adresse e-mail" in text_of(empty)
    sent = post_form(client, "/mot-de-passe-oublie", {"email": "lea@exemple.fr"}, follow_redirects=True)
    assert "Si un compte existe avec cette adresse" in text_of(sent)
    secret = _secret_of(_mails(db_session, "lea@exemple.fr", "password_reset")[-1])
    page = client.get(f"/mot-de-passe/nouveau/{secret}")
    assert page.status_code == 200 and "Choisir un nouveau mot de passe" in text_of(page)
    mismatch = post_form(
        client, f"/mot-de-passe/nouveau/{secret}", {"password": NEW_PASSWORD, "password_confirm": "autre"}
    )
    assert mismatch.status_code == 422 and "identiques" in text_of(mismatch)
    done = post_form(
        client, f"/mot-de-passe/nouveau/{secret}", {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    )
    assert done.status_code == 302
    used = post_form(
        client, f"/mot-de-passe/nouveau/{secret}", {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    )
    assert used.status_code == 422 and "Demander un nouveau lien" in text_of(used)


def test_password_change_needs_the_current_one_and_ends_other_sessions(client, app, db_session):
    create_user(db_session, "lea@exemple.fr", PASSWORD, Role.COMPANY)
    db_session.commit()
    sign_in(client, "lea@exemple.fr", PASSWORD)
    other = app.test_client()
    sign_in(other, "lea@exemple.fr", PASSWORD)
    wrong = post_form(
        client,
        "/compte/mot-de-passe",
        {"current_password": "x", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert wrong.status_code == 422 and "Mot de passe actuel : Mot de passe actuel incorrect." in text_of(wrong)
    ok = post_form(
        client,
        "/compte/mot-de-passe",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
        follow_redirects=True,
    )
    assert "Mot de passe modifié" in text_of(ok)
    assert client.get("/compte").status_code == 200
    assert other.get("/compte").status_code == 302  # sent to the sign-in page

    api_wrong = client.post(
        "/api/v1/account/password",
        json={"current_password": PASSWORD, "password": "Autre-Mot-2028"},
        headers=_csrf(client),
    )
    assert api_wrong.status_code == 422 and "current_password" in api_wrong.get_json()["error"]["fields"]


def test_a_student_joins_by_domain_only_once_the_address_is_verified(client, db_session):
    school = make_school(db_session, name="École des Mines d'essai", email_domain="etu.mines-essai.fr")
    school_id, school_name = school.id, school.name
    db_session.commit()
    assert _signup(client, "ines@etu.mines-essai.fr").status_code == 201
    me = client.get("/api/v1/auth/me").get_json()
    assert me["school_id"] is None and me["email_verified"] is False

    mail = _mails(db_session, "ines@etu.mines-essai.fr", "email_verification")[-1]
    page = client.get(f"/adresse/confirmer/{_secret_of(mail)}")
    assert page.status_code == 200 and client.get("/api/v1/auth/me").get_json()["school_id"] is None  # GET uses nothing
    done = post_form(client, f"/adresse/confirmer/{_secret_of(mail)}", {}, follow_redirects=True)
    assert f"Vous êtes rattaché à {school_name}" in text_of(done)
    me = client.get("/api/v1/auth/me").get_json()
    assert me["school_id"] == school_id and me["email_verified"] is True


def test_a_pending_domain_makes_nobody_join(client, db_session):
    make_school(db_session, name="École en attente", email_domain="etu.attente.fr", email_domain_approved_at=None)
    db_session.commit()
    _signup(client, "tom@etu.attente.fr")
    secret = _secret_of(_mails(db_session, "tom@etu.attente.fr", "email_verification")[-1])
    verified = client.post("/api/v1/account/verify-email", json={"token": secret}, headers=_csrf(client))
    assert verified.status_code == 200
    assert verified.get_json()["email_verified"] is True and verified.get_json()["school_id"] is None


def test_a_verification_link_proves_only_the_address_it_was_sent_to(client, app, db_session):
    _signup(client, "tom@exemple.fr")
    secret = _secret_of(_mails(db_session, "tom@exemple.fr", "email_verification")[-1])
    user = db_session.scalars(select(User).where(User.email == "tom@exemple.fr")).one()
    user.email = "tom@autre-exemple.fr"
    db_session.commit()
    assert app.test_client().post("/api/v1/account/verify-email", json={"token": secret}).status_code == 422


def test_resend_and_account_page(client, app, db_session):
    _signup(client, "tom@exemple.fr", role="company")
    page = client.get("/compte")
    assert "pas encore confirmée" in text_of(page)
    resent = post_form(client, "/compte/confirmation", {}, follow_redirects=True)
    assert "Un nouveau lien de confirmation a été envoyé à tom@exemple.fr" in text_of(resent)
    mails = _mails(db_session, "tom@exemple.fr", "email_verification")
    assert len(mails) == 2
    link = app.test_client()  # the link may be opened in another browser
    assert link.post("/api/v1/account/verify-email", json={"token": _secret_of(mails[0])}).status_code == 422
    assert link.post("/api/v1/account/verify-email", json={"token": _secret_of(mails[1])}).status_code == 200
    assert "confirmée le" in text_of(client.get("/compte"))

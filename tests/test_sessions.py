"""Sessions end for good (issue 12, points 2, 3 and 12): a session cookie names the account *and*
its current session token, which changes at logout, password change and erasure, so every copy
of the cookie stops working; ids of erased accounts are never given again; the session lifetime
is configurable; the CSRF secret is a new one after sign-in and after sign-out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from vte import create_app
from vte.models import User
from web_support import csrf_token, sign_in

PASSWORD = "Usinage-CN-2026"


def _signup(client, email="lea@exemple.fr", role="student"):
    response = client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "role": role})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _csrf(client) -> str:
    return client.get("/api/v1/auth/csrf").get_json()["csrf_token"]


def _copy_of(client, app):
    """Another browser holding a copy of `client`'s session cookie."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def _page_logout(client):
    return client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})


def _me(client) -> int:
    return client.get("/api/v1/auth/me").status_code


def test_api_logout_revokes_every_copy_of_the_session_cookie(client, app):
    _signup(client)
    copy = _copy_of(client, app)
    assert _me(copy) == 200
    assert client.post("/api/v1/auth/logout", headers={"X-CSRFToken": _csrf(client)}).status_code == 200
    assert _me(client) == 401
    assert _me(copy) == 401


def test_page_logout_revokes_every_copy_of_the_session_cookie(client, app):
    _signup(client)
    copy = _copy_of(client, app)
    response = _page_logout(client)
    assert response.status_code == 302
    assert _me(copy) == 401
    # Signing in again works, with a new session that the old copy does not share.
    sign_in(client, "lea@exemple.fr", PASSWORD)
    assert _me(client) == 200 and _me(copy) == 401


def test_logout_of_one_browser_signs_out_the_others(client, app):
    _signup(client)
    other = app.test_client()
    assert other.post("/api/v1/auth/login", json={"email": "lea@exemple.fr", "password": PASSWORD}).status_code == 200
    client.post("/api/v1/auth/logout", headers={"X-CSRFToken": _csrf(client)})
    assert _me(other) == 401


def test_password_change_revokes_the_sessions(client, app, db_session):
    from vte.accounts import set_password

    _signup(client)
    copy = _copy_of(client, app)
    user = db_session.scalars(select(User).where(User.email == "lea@exemple.fr")).one()
    set_password(db_session, user, "Nouveau-Mot-2026")
    db_session.commit()
    assert _me(copy) == 401 and _me(client) == 401
    assert client.post("/api/v1/auth/login", json={"email": "lea@exemple.fr", "password": PASSWORD}).status_code == 401
    login = client.post("/api/v1/auth/login", json={"email": "lea@exemple.fr", "password": "Nouveau-Mot-2026"})
    assert login.status_code == 200 and _me(client) == 200


def test_an_erased_accounts_cookie_never_opens_the_next_account(client, app):
    """The erased account is the newest one: SQLite would give its id to the next account."""
    first = _signup(client, "premier@exemple.fr")
    copy = _copy_of(client, app)
    assert client.delete("/api/v1/students/me", headers={"X-CSRFToken": _csrf(client)}).status_code == 200
    second = _signup(app.test_client(), "suivant@exemple.fr")
    assert second["id"] != first["id"]
    assert _me(copy) == 401


def test_ids_of_erased_rows_are_never_reused(db_session):
    """sqlite_autoincrement on the tables holding personal data (PostgreSQL sequences never
    reuse ids)."""
    from vte.accounts import create_user
    from vte.vocab import Role

    user = create_user(db_session, "dernier@exemple.fr", PASSWORD, Role.STUDENT)
    erased = user.id
    db_session.delete(user)
    db_session.flush()
    assert create_user(db_session, "nouveau@exemple.fr", PASSWORD, Role.STUDENT).id > erased


def test_a_cookie_of_the_bare_user_id_is_refused(client, app):
    """Cookies made before session tokens (or forged with a known id) open nothing."""
    account = _signup(client)
    with client.session_transaction() as session:
        session["_user_id"] = str(account["id"])
    assert _me(client) == 401


def test_session_lifetime_defaults_to_14_days_and_is_configurable(monkeypatch):
    monkeypatch.delenv("VTE_SESSION_LIFETIME_DAYS", raising=False)
    app = create_app({"ENV_NAME": "testing"})
    assert app.permanent_session_lifetime == timedelta(days=14)
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=14)
    monkeypatch.setenv("VTE_SESSION_LIFETIME_DAYS", "2")
    app = create_app({"ENV_NAME": "testing"})
    assert app.permanent_session_lifetime == timedelta(days=2)
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=2)


def test_a_session_older_than_its_lifetime_is_refused(client, app, monkeypatch):
    import itsdangerous.timed

    _signup(client)
    assert _me(client) == 200
    later = itsdangerous.timed.time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    assert _me(client) == 401


def _csrf_secret(client):
    with client.session_transaction() as session:
        return session.get("csrf_token")


@pytest.mark.parametrize("face", ["page", "api"])
def test_the_csrf_secret_changes_at_sign_in_and_sign_out(client, db_session, face):
    from vte.accounts import create_user
    from vte.vocab import Role

    create_user(db_session, "lea@exemple.fr", PASSWORD, Role.STUDENT)
    db_session.commit()
    anonymous_token = _csrf(client)
    before = _csrf_secret(client)
    assert before
    if face == "page":
        sign_in(client, "lea@exemple.fr", PASSWORD)
    else:
        login = client.post("/api/v1/auth/login", json={"email": "lea@exemple.fr", "password": PASSWORD})
        assert login.status_code == 200
    assert _csrf_secret(client) != before
    # The token handed out before sign-in no longer validates a write.
    stale = client.post("/api/v1/auth/tokens", json={"name": "x"}, headers={"X-CSRFToken": anonymous_token})
    assert stale.status_code == 403
    signed_in_token = _csrf(client)
    signed_in = _csrf_secret(client)
    if face == "page":
        assert _page_logout(client).status_code == 302
    else:
        assert client.post("/api/v1/auth/logout", headers={"X-CSRFToken": signed_in_token}).status_code == 200
    assert _csrf_secret(client) != signed_in

"""Sign-in back-off per (account, client address), shared by every worker (issue 12, point 10).

Failures are counted per e-mail *and* address in the database: an attacker failing from their
address makes only that address wait, with a wait that doubles; the owner signs in from theirs; a
success resets the counter; two application instances on one database (two gunicorn workers) share
it; the answer is the same for an account that does not exist."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from factories import TEST_FIT_MODEL
from vte import create_app
from vte.config import Config
from vte.extensions import db, limiter
from vte.models import LoginFailure
from web_support import csrf_token, text_of

PASSWORD = "Usinage-CN-2026"
WRONG = "Mauvais-2026"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
EMAIL = "lea@exemple.fr"


def _signup(app, email=EMAIL):
    response = app.test_client().post(
        "/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "role": "student"}
    )
    assert response.status_code == 201, response.get_json()


def _login(client, address, password=WRONG, email=EMAIL, **headers):
    return client.post(
        "/api/v1/auth/login",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


class Clock:
    """The back-off's clock (vte.login_attempts.utcnow), moved by hand."""

    def __init__(self, monkeypatch):
        self.now = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
        monkeypatch.setattr("vte.login_attempts.utcnow", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def test_the_owner_signs_in_from_another_address_after_an_attackers_20_failures(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "VTE_LOGIN_LIMIT", Config.VTE_LOGIN_LIMIT)  # production's flood limit
    with app.app_context():
        limiter.reset()
    _signup(app)
    attacker = app.test_client()
    codes = [_login(attacker, ATTACKER).status_code for _ in range(20)]
    assert codes[:5] == [401] * 5  # free attempts
    assert set(codes[5:]) == {429}  # then the attacker's address waits
    refused = _login(attacker, ATTACKER, password=PASSWORD)
    assert refused.status_code == 429  # even with the right password: no oracle while waiting

    owner = app.test_client()
    signed_in = _login(owner, OWNER, password=PASSWORD)
    assert signed_in.status_code == 200
    assert owner.get("/api/v1/auth/me").get_json()["email"] == EMAIL


def test_a_refused_attempt_says_when_to_retry_in_french(client, app):
    _signup(app)
    for _ in range(5):
        assert _login(client, ATTACKER).status_code == 401
    refused = _login(client, ATTACKER)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "30"
    error = refused.get_json()["error"]
    assert error["code"] == "too_many_requests"
    assert error["message"] == (
        "Trop de tentatives de connexion infructueuses pour ce compte depuis votre adresse : "
        "réessayez dans 30 secondes."
    )


def test_the_back_off_doubles_with_each_failure_up_to_15_minutes(client, app, monkeypatch):
    _signup(app)
    clock = Clock(monkeypatch)
    for _ in range(5):
        assert _login(client, ATTACKER).status_code == 401
    waits = []
    for _ in range(8):
        refused = _login(client, ATTACKER)
        assert refused.status_code == 429
        wait = int(refused.headers["Retry-After"])
        waits.append(wait)
        clock.advance(wait - 1)
        assert _login(client, ATTACKER).status_code == 429  # one second early: still waiting
        clock.advance(1)
        assert _login(client, ATTACKER).status_code == 401  # on time: one more try, one more failure
    assert waits == [30, 60, 120, 240, 480, 900, 900, 900]
    assert "réessayez dans 15 minutes" in _login(client, ATTACKER).get_json()["error"]["message"]


def test_an_unknown_account_gets_exactly_the_same_answers(client, app):
    _signup(app)
    known = [_login(client, ATTACKER) for _ in range(6)]
    unknown = [_login(client, ATTACKER, email="personne@exemple.fr") for _ in range(6)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [401] * 5 + [429]
    assert [r.get_json() for r in known] == [r.get_json() for r in unknown]
    assert known[-1].headers["Retry-After"] == unknown[-1].headers["Retry-After"]


def test_a_success_resets_the_counter_of_its_address(client, app):
    _signup(app)
    for _ in range(4):
        assert _login(client, ATTACKER).status_code == 401
    assert _login(app.test_client(), ATTACKER, password=PASSWORD).status_code == 200
    # Five free failures again (without the reset, the second one would already make it wait).
    assert [_login(client, ATTACKER).status_code for _ in range(6)] == [401] * 5 + [429]


def test_the_sign_in_page_shows_the_wait_in_the_form(client, app):
    _signup(app)

    def submit(password=WRONG):
        return client.post(
            "/connexion",
            data={"csrf_token": csrf_token(client), "email": EMAIL, "password": password},
            environ_base={"REMOTE_ADDR": ATTACKER},
        )

    assert [submit().status_code for _ in range(5)] == [401] * 5
    refused = submit(PASSWORD)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "30"
    assert "réessayez dans 30 secondes" in text_of(refused)
    assert f'value="{EMAIL}"' in refused.get_data(as_text=True)  # the form keeps the address


def test_the_address_is_the_clients_behind_the_proxy(app, db_session, database_url, tmp_path):
    """With VTE_PROXY_COUNT=1 every request comes from the proxy (127.0.0.1): the client's address
    is the one the proxy appended to X-Forwarded-For, and only the attacker's waits."""
    behind_proxy = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(tmp_path),
            "VTE_FIT_MODEL_FILE": TEST_FIT_MODEL,
            "VTE_PROXY_COUNT": 1,
        }
    )
    _signup(behind_proxy)
    client = behind_proxy.test_client()
    codes = [_login(client, "127.0.0.1", **{"X-Forwarded-For": ATTACKER}).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    owner = _login(client, "127.0.0.1", password=PASSWORD, **{"X-Forwarded-For": f"{ATTACKER}, {OWNER}"})
    assert owner.status_code == 200  # the proxy's own entry (the last one) is the client's address
    with behind_proxy.app_context():
        db.engine.dispose()


def test_erasure_forgets_the_accounts_failures(client, app, db_session):
    _signup(app)
    for _ in range(3):
        _login(app.test_client(), ATTACKER)
    assert db_session.scalar(select(func.count()).select_from(LoginFailure)) == 1
    assert _login(client, OWNER, password=PASSWORD).status_code == 200
    csrf = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    assert client.delete("/api/v1/students/me", headers={"X-CSRFToken": csrf}).status_code == 200
    assert db_session.scalar(select(func.count()).select_from(LoginFailure)) == 0


@pytest.fixture()
def two_workers(empty_database_url, tmp_path):
    """Two application instances on one database, as two gunicorn workers (each its own
    Flask-Limiter memory and its own engine)."""
    settings = {
        "ENV_NAME": "testing",
        "SQLALCHEMY_DATABASE_URI": empty_database_url,
        "INSTANCE_PATH": str(tmp_path),
        "VTE_FIT_MODEL_FILE": TEST_FIT_MODEL,
    }
    first, second = create_app(dict(settings)), create_app(dict(settings))
    with first.app_context():
        upgrade()
    yield first, second
    for app in (first, second):
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_two_workers_share_the_counter(two_workers):
    first, second = two_workers
    _signup(first)
    clients = [first.test_client(), second.test_client()]
    # Five failures spread over the two workers: neither saw five itself.
    codes = [_login(clients[i % 2], ATTACKER).status_code for i in range(5)]
    assert codes == [401] * 5
    assert _login(clients[1], ATTACKER).status_code == 429
    assert _login(clients[0], ATTACKER).status_code == 429
    # The owner fails once on one worker and succeeds on the other: that reset is seen by both.
    assert _login(clients[0], OWNER).status_code == 401
    assert _login(clients[1], OWNER, password=PASSWORD).status_code == 200
    with first.app_context():
        rows = db.session.scalars(select(LoginFailure.failures)).all()
    assert rows == [5]  # only the attacker's counter is left

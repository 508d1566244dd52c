"""Sign-up, sign-in, tokens and CSRF through the JSON API."""

from vte.extensions import limiter

PASSWORD = "Usinage-CN-2026"


def _signup(client, email="lea@exemple.fr", role="student"):
    return client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "role": role})


def test_signup_signs_in_and_me_answers(client):
    response = _signup(client)
    assert response.status_code == 201
    assert response.get_json()["role"] == "student"
    assert client.get("/api/v1/auth/me").get_json()["email"] == "lea@exemple.fr"


def test_signup_validation_names_the_fields(client):
    response = client.post("/api/v1/auth/signup", json={"email": "pas-un-email", "password": "x", "role": "pirate"})
    assert response.status_code == 422
    assert {"email", "role"} <= set(response.get_json()["error"]["fields"])
    weak = client.post("/api/v1/auth/signup", json={"email": "a@exemple.fr", "password": "faible", "role": "student"})
    assert weak.status_code == 422
    assert "password" in weak.get_json()["error"]["fields"]
    assert "Mot de passe trop faible" in weak.get_json()["error"]["message"]


def test_admin_accounts_cannot_be_created_by_signup(client):
    response = client.post("/api/v1/auth/signup", json={"email": "a@exemple.fr", "password": PASSWORD, "role": "admin"})
    assert response.status_code == 422


def test_duplicate_signup_is_a_409(client, app):
    _signup(client)
    assert _signup(app.test_client()).status_code == 409


def _logout(client):
    csrf = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    assert client.post("/api/v1/auth/logout", headers={"X-CSRFToken": csrf}).status_code == 200


def test_login_answers_the_same_for_unknown_email_and_wrong_password(client):
    _signup(client)
    _logout(client)
    wrong = client.post("/api/v1/auth/login", json={"email": "lea@exemple.fr", "password": "Mauvais-2026"})
    unknown = client.post("/api/v1/auth/login", json={"email": "personne@exemple.fr", "password": "Mauvais-2026"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()
    ok = client.post("/api/v1/auth/login", json={"email": "LEA@exemple.fr", "password": PASSWORD})
    assert ok.status_code == 200


def test_login_is_rate_limited(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "VTE_LOGIN_LIMIT", "3 per minute")
    with app.app_context():
        limiter.reset()
    codes = [
        client.post("/api/v1/auth/login", json={"email": "x@exemple.fr", "password": "Mauvais-2026"}).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [401, 401, 401]
    assert codes[3] == 429
    assert (
        client.post("/api/v1/auth/login", json={"email": "x@exemple.fr", "password": "y"}).get_json()["error"]["code"]
        == "too_many_requests"
    )


def test_token_authenticates_until_revoked(client, api):
    _signup(client)
    csrf = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    created = client.post("/api/v1/auth/tokens", json={"name": "script"}, headers={"X-CSRFToken": csrf})
    assert created.status_code == 201
    secret = created.get_json()["token"]
    _logout(client)
    assert client.get("/api/v1/auth/me").status_code == 401

    with_token = api.as_token(secret)
    assert with_token.get("/api/v1/auth/me").get_json()["email"] == "lea@exemple.fr"
    assert [t["name"] for t in with_token.get("/api/v1/auth/tokens").get_json()["items"]] == ["script"]
    assert with_token.delete(f"/api/v1/auth/tokens/{created.get_json()['id']}").status_code == 204
    assert with_token.get("/api/v1/auth/me").status_code == 401


def test_cookie_authenticated_writes_need_the_csrf_header(client):
    _signup(client)
    refused = client.post("/api/v1/auth/tokens", json={"name": "x"})
    assert refused.status_code == 403
    assert "CSRF" in refused.get_json()["error"]["message"]


def test_anonymous_calls_get_401_in_json(client):
    response = client.get("/api/v1/students/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"

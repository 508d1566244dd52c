"""Personal API tokens: expiry, scope, at most 20 active, last use (issue 12, point 11)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select, update

from vte import create_app
from vte.models import ApiToken

PASSWORD = "Usinage-CN-2026"


class Account:
    """A student signed in with the session cookie (and its CSRF token), who manages tokens."""

    def __init__(self, app, email="lea@exemple.fr"):
        self.client = app.test_client()
        response = self.client.post(
            "/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "role": "student"}
        )
        assert response.status_code == 201
        self.csrf = {"X-CSRFToken": self.client.get("/api/v1/auth/csrf").get_json()["csrf_token"]}

    def create(self, **body):
        return self.client.post("/api/v1/auth/tokens", json={"name": "script", **body}, headers=self.csrf)

    def tokens(self) -> list[dict]:
        return self.client.get("/api/v1/auth/tokens").get_json()["items"]


def _moment(value: str) -> datetime:
    """ISO 8601 (the API's schemas) or an HTTP date (the export's free-form dicts)."""
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except ValueError:
        return parsedate_to_datetime(value)


def _close(moment: str, expected: datetime) -> bool:
    return abs(_moment(moment) - expected) < timedelta(minutes=1)


def test_a_new_token_expires_in_90_days_and_is_listed_with_scope_expiry_and_last_use(client, app):
    account = Account(app)
    created = account.create()
    assert created.status_code == 201
    body = created.get_json()
    assert body["token"].startswith("vte_")
    assert body["scope"] == "write"
    assert _close(body["expires_at"], datetime.now(UTC) + timedelta(days=90))
    [listed] = account.tokens()
    assert listed["scope"] == "write" and listed["expires_at"] == body["expires_at"]
    assert listed["expired"] is False and listed["last_used_at"] is None
    assert "token" not in listed  # the secret is shown once


def test_the_creator_chooses_1_to_365_days(client, app):
    account = Account(app)
    week = account.create(days=7)
    assert week.status_code == 201
    assert _close(week.get_json()["expires_at"], datetime.now(UTC) + timedelta(days=7))
    for days in (0, 366, "30", 2.5, None):
        refused = account.create(days=days)
        assert refused.status_code == 422, days
        assert "days" in refused.get_json()["error"]["fields"]
    assert len(account.tokens()) == 1


def test_VTE_API_TOKEN_DAYS_sets_the_default_expiry(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "VTE_API_TOKEN_DAYS", 30)
    created = Account(app).create()
    assert _close(created.get_json()["expires_at"], datetime.now(UTC) + timedelta(days=30))


@pytest.mark.parametrize("days", ["0", "366"])
def test_an_out_of_range_VTE_API_TOKEN_DAYS_stops_the_start(monkeypatch, days):
    monkeypatch.setenv("VTE_API_TOKEN_DAYS", days)
    with pytest.raises(RuntimeError, match="VTE_API_TOKEN_DAYS"):
        create_app({"ENV_NAME": "testing"})


def test_an_expired_token_stops_working_at_once(client, app, api, db_session):
    account = Account(app)
    created = account.create().get_json()
    script = api.as_token(created["token"])
    assert script.get("/api/v1/auth/me").status_code == 200
    db_session.execute(
        update(ApiToken).where(ApiToken.id == created["id"]).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    db_session.commit()
    refused = script.get("/api/v1/auth/me")
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "unauthorized"
    [listed] = account.tokens()
    assert listed["expired"] is True  # still listed, until revoked, so its owner sees why


def test_a_read_token_reads_and_is_refused_any_write_in_french(client, app, api):
    account = Account(app)
    reader = api.as_token(account.create(scope="read").get_json()["token"])
    writer = api.as_token(account.create(scope="write").get_json()["token"])
    assert reader.get("/api/v1/auth/me").status_code == 200
    assert reader.get("/api/v1/auth/tokens").status_code == 200
    for response in (
        reader.post("/api/v1/auth/tokens", json={"name": "plus"}),
        reader.put("/api/v1/students/me", json={}),
        reader.delete("/api/v1/students/me"),
    ):
        assert response.status_code == 403
        message = response.get_json()["error"]["message"]
        assert "portée « read »" in message and "lecture seule" in message
    assert len(account.tokens()) == 2  # nothing was created, the account still exists
    assert writer.post("/api/v1/auth/tokens", json={"name": "plus"}).status_code == 201


def test_an_unknown_scope_is_a_422_naming_it(client, app):
    refused = Account(app).create(scope="admin")
    assert refused.status_code == 422
    assert "scope" in refused.get_json()["error"]["fields"]


def test_at_most_20_active_tokens_per_account(client, app, db_session):
    account = Account(app)
    ids = [account.create(name=f"script {n}").get_json()["id"] for n in range(20)]
    refused = account.create(name="le 21e")
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert "tokens" in error["fields"] and "20 jetons" in error["message"]
    # A revoked one frees a place, and so does an expired one.
    assert account.client.delete(f"/api/v1/auth/tokens/{ids[0]}", headers=account.csrf).status_code == 204
    assert account.create(name="remplaçant").status_code == 201
    db_session.execute(
        update(ApiToken).where(ApiToken.id == ids[1]).values(expires_at=datetime.now(UTC) - timedelta(days=1))
    )
    db_session.commit()
    assert account.create(name="autre remplaçant").status_code == 201
    assert account.create(name="de trop").status_code == 409
    assert Account(app, "paul@exemple.fr").create().status_code == 201  # a limit per account


def test_last_use_is_kept_to_the_hour(client, app, api, db_session):
    account = Account(app)
    created = account.create().get_json()
    script = api.as_token(created["token"])
    assert script.get("/api/v1/auth/me").status_code == 200
    [listed] = account.tokens()
    assert _close(listed["last_used_at"], datetime.now(UTC))
    first_use = listed["last_used_at"]
    assert script.get("/api/v1/auth/me").status_code == 200
    assert account.tokens()[0]["last_used_at"] == first_use  # within the hour: not written again

    two_hours_ago = datetime.now(UTC) - timedelta(hours=2)
    db_session.execute(update(ApiToken).where(ApiToken.id == created["id"]).values(last_used_at=two_hours_ago))
    db_session.commit()
    assert script.post("/api/v1/auth/tokens", json={"name": "autre"}).status_code == 201  # a write uses it too
    assert _close(account.tokens()[0]["last_used_at"], datetime.now(UTC))


def test_the_export_shows_each_tokens_scope_expiry_and_last_use(client, app, api, db_session):
    account = Account(app)
    created = account.create(scope="read", days=10).get_json()
    api.as_token(created["token"]).get("/api/v1/auth/me")
    [exported] = account.client.get("/api/v1/students/me/export").get_json()["api_tokens"]
    assert exported["scope"] == "read"
    assert _close(exported["expires_at"], datetime.now(UTC) + timedelta(days=10))
    assert _close(exported["last_used_at"], datetime.now(UTC))


def test_erasure_removes_the_accounts_tokens(client, app, db_session):
    account = Account(app)
    account.create()
    user_id = account.client.get("/api/v1/auth/me").get_json()["id"]
    assert account.client.delete("/api/v1/students/me", headers=account.csrf).status_code == 200
    assert db_session.scalars(select(ApiToken).where(ApiToken.user_id == user_id)).all() == []

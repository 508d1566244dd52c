"""The migration to token expiries and scopes and to the sign-in failure table keeps every token
working, with the rights it had, for 90 days; its downgrade gives the previous schema back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from factories import TEST_FIT_MODEL
from vte import create_app
from vte.extensions import db
from vte.models import as_utc

BEFORE = "a9c3e7b5d1f4"  # the revision before 9fbdd12c8040
ROWS = [
    "INSERT INTO user_account (id, email, password_hash, role, is_active, session_token, created_at, updated_at) "
    "VALUES (1, 'lea@exemple.fr', 'x', 'student', true, 't', :now, :now)",
    "INSERT INTO api_token (id, user_id, name, token_hash, prefix, created_at) "
    "VALUES (1, 1, 'script', 'h', 'vte_x', :now)",
]


def test_existing_tokens_get_90_days_and_the_write_scope(empty_database_url, tmp_path):
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": empty_database_url,
            "INSTANCE_PATH": str(tmp_path),
            "VTE_FIT_MODEL_FILE": TEST_FIT_MODEL,
        }
    )
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            for statement in ROWS:
                conn.execute(text(statement), {"now": "2026-01-01 00:00:00"})
        upgrade()
        with db.engine.connect() as conn:
            expires_at, scope = conn.execute(text("SELECT expires_at, scope FROM api_token WHERE id = 1")).one()
            if isinstance(expires_at, str):  # SQLite through a textual query
                expires_at = datetime.fromisoformat(expires_at)
            assert abs(as_utc(expires_at) - (datetime.now(UTC) + timedelta(days=90))) < timedelta(minutes=5)
            assert scope == "write"
            assert "login_failure" in inspect(conn).get_table_names()
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            assert "login_failure" not in inspect(conn).get_table_names()
            assert {"expires_at", "scope"}.isdisjoint(c["name"] for c in inspect(conn).get_columns("api_token"))
            assert conn.execute(text("SELECT count(*) FROM api_token")).scalar() == 1
        db.engine.dispose()

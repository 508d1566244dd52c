"""The migration to session tokens and never-reused ids keeps every row and link (on SQLite it
rebuilds the tables holding personal data, with foreign keys off while it does)."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from factories import TEST_FIT_MODEL
from vte import create_app
from vte.extensions import db

BEFORE = "8b3e1f0c2d57"
ROWS = [
    "INSERT INTO school (id, name, kind, created_at, updated_at) VALUES (1, 'École', 'engineering', :now, :now)",
    "INSERT INTO user_account (id, email, password_hash, role, is_active, school_id, created_at, updated_at) "
    "VALUES (1, 'lea@exemple.fr', 'x', 'student', true, 1, :now, :now), "
    "(2, 'paul@exemple.fr', 'x', 'student', true, 1, :now, :now)",
    "INSERT INTO student (id, source, user_id, school_id, level, status, summary, skills, languages, "
    "contract_types, wants_green, visible, created_at, updated_at, version) "
    "VALUES (1, 'vte', 2, 1, 5, 'student', '', '[]', '[]', '[]', false, true, :now, :now, 1)",
    "INSERT INTO api_token (id, user_id, name, token_hash, prefix, created_at) "
    "VALUES (1, 2, 'script', 'h', 'vte_x', :now)",
]


def test_upgrade_keeps_rows_and_links_and_gives_each_account_a_session_token(empty_database_url, tmp_path):
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
            users = conn.execute(text("SELECT id, session_token FROM user_account ORDER BY id")).all()
            assert [u.id for u in users] == [1, 2]
            tokens = [u.session_token for u in users]
            assert all(tokens) and len(set(tokens)) == 2
            assert conn.execute(text("SELECT user_id FROM student WHERE id = 1")).scalar() == 2
            assert conn.execute(text("SELECT user_id FROM api_token WHERE id = 1")).scalar() == 2
            if conn.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
                conn.execute(text("DELETE FROM user_account WHERE id = 2"))
                new = conn.execute(
                    text(
                        "INSERT INTO user_account (email, password_hash, role, is_active, session_token, "
                        "created_at, updated_at) VALUES ('n@exemple.fr', 'x', 'student', 1, 't', :now, :now) "
                        "RETURNING id"
                    ),
                    {"now": "2026-01-01 00:00:00"},
                ).scalar()
                assert new == 3
                conn.rollback()
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM api_token")).scalar() == 1
        db.engine.dispose()

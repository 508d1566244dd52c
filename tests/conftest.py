"""Shared fixtures.

The suite runs on SQLite by default and on PostgreSQL when `VTE_TEST_DATABASE_URL` names one (the
test command runs it once for each). One database is built per test session with the Alembic
migrations and loaded with the reference data once; every test then runs inside a transaction that
is rolled back (SQLAlchemy's "join an external transaction" recipe with savepoints), so commits made
by views and CLI commands under test never leak into the next test.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlalchemy.orm import scoped_session, sessionmaker

from databases import load_reference_data, scratch_database
from factories import TEST_FIT_MODEL
from vte import create_app
from vte.extensions import db


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """The session's database (SQLite file, or a scratch PostgreSQL database)."""
    yield from scratch_database(tmp_path_factory)


@pytest.fixture()
def empty_database_url(tmp_path_factory) -> str:
    """A new empty database of the same kind, for tests that need real commits."""
    yield from scratch_database(tmp_path_factory)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
            "VTE_FIT_MODEL_FILE": TEST_FIT_MODEL,
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        load_reference_data()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture()
def db_session(app):
    """A session whose work is rolled back after the test; `db.session` is this session too.
    The in-memory indexes are forgotten too: they must not outlive the rolled-back rows.

    No application context stays pushed during the test: each test-client request gets its own,
    as in production (a shared one would carry `g`, hence the signed-in user, across requests).
    As in production too, a request ends the session: commit test data before calling the app
    (commits only release a savepoint here; the outer transaction is rolled back at the end),
    and keep ids rather than objects across requests."""
    from vte.index import reset_indexes

    with app.app_context():
        reset_indexes()
        connection = db.engine.connect()
    outer = connection.begin()
    factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    original = db.session
    db.session = scoped_session(factory)
    try:
        yield db.session
    finally:
        db.session.remove()
        db.session = original
        outer.rollback()
        connection.close()
        with app.app_context():
            reset_indexes()


@pytest.fixture()
def client(app, db_session):
    from vte.extensions import limiter

    with app.app_context():
        limiter.reset()
    return app.test_client()


@pytest.fixture()
def fake_encoder(app, monkeypatch):
    """Use the deterministic fake encoder in views and commands."""
    from vte.embeddings import FakeEncoder

    encoder = FakeEncoder()
    monkeypatch.setitem(app.config, "VTE_ENCODER", encoder)
    return encoder


@pytest.fixture()
def api(client):
    """A small helper to call the JSON API as a given user (a personal token per user)."""
    return ApiCaller(client)


class ApiCaller:
    def __init__(self, client):
        self.client = client
        self.token: str | None = None

    def as_token(self, token: str | None) -> ApiCaller:
        """Calls with this token only (a client without cookies, like a script)."""
        caller = ApiCaller(self.client.application.test_client())
        caller.token = token
        return caller

    def _headers(self, extra=None):
        return {**({"Authorization": f"Bearer {self.token}"} if self.token else {}), **(extra or {})}

    def get(self, url, headers=None, **kw):
        return self.client.get(url, headers=self._headers(headers), **kw)

    def post(self, url, json=None, headers=None, **kw):
        return self.client.post(url, json=json, headers=self._headers(headers), **kw)

    def put(self, url, json=None, headers=None, **kw):
        return self.client.put(url, json=json, headers=self._headers(headers), **kw)

    def patch(self, url, json=None, headers=None, **kw):
        return self.client.patch(url, json=json, headers=self._headers(headers), **kw)

    def delete(self, url, headers=None, **kw):
        return self.client.delete(url, headers=self._headers(headers), **kw)


@pytest.fixture()
def cli_runner(app, db_session):
    return app.test_cli_runner()


@pytest.fixture()
def dialect(app) -> str:
    with app.app_context():
        return db.engine.dialect.name


WRITES = ("insert", "update", "delete")


@pytest.fixture()
def writes(app):
    """The write statements the database receives while the test runs."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().lower().startswith(WRITES):
            seen.append(statement.split("(")[0][:80])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)

"""A busy or unreachable database is a 503 with Retry-After (JSON and the French page), never a
500; on SQLite, write requests take the write lock when they begin (BEGIN IMMEDIATE) so that
concurrent writers wait their turn instead of failing."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from flask_migrate import upgrade
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from tcp_proxy import TcpProxy
from vte import create_app, errors
from vte.config import normalise_database_url
from vte.database import engine_options
from vte.extensions import db
from vte.models import ApiToken, User

PASSWORD = "Verrou-SQLite-2026"


def make_app(url: str, tmp_path, **extra):
    return create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path), **extra})


@pytest.fixture()
def sqlite_app(empty_database_url, tmp_path):
    if not empty_database_url.startswith("sqlite"):
        pytest.skip("SQLite's write lock")
    app = make_app(empty_database_url, tmp_path, VTE_SQLITE_BUSY_TIMEOUT_MS=200)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def signup(client, email):
    return client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "role": "student"})


def test_a_write_waiting_past_the_busy_timeout_gets_a_503_then_succeeds(sqlite_app):
    path = sqlite_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    client = sqlite_app.test_client()
    try:
        response = signup(client, "lea@exemple.fr")
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) > 0  # the rate limiter may state its own delay
        body = response.get_json()["error"]
        assert body["code"] == "unavailable" and "momentanément indisponible" in body["message"]
    finally:
        holder.rollback()
        holder.close()
    assert signup(client, "lea@exemple.fr").status_code == 201
    with sqlite_app.app_context():
        assert db.session.scalar(select(func.count(User.id)).where(User.email == "lea@exemple.fr")) == 1


def test_write_requests_begin_immediate_and_reads_begin_deferred(sqlite_app):
    begins: list[tuple[str, str]] = []
    with sqlite_app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("BEGIN"):
            begins.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        client = sqlite_app.test_client()
        assert signup(client, "noe@exemple.fr").status_code == 201
        writes = list(begins)
        begins.clear()
        assert client.get("/api/v1/offers").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert writes and set(writes) == {"BEGIN IMMEDIATE"}
    assert begins and set(begins) == {"BEGIN"}


@pytest.fixture()
def postgres_app(empty_database_url, tmp_path):
    if not empty_database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's autocommit reads")
    app = make_app(empty_database_url, tmp_path)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_on_postgresql_reads_autocommit_and_each_write_request_is_one_transaction(postgres_app):
    """A read request sends no BEGIN and no ROLLBACK (two round trips fewer); a write request, and
    the bookkeeping of an API token's last use after a read, stay transactions."""
    from psycopg.pq import TransactionStatus

    after: list[tuple[str, TransactionStatus]] = []
    with postgres_app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, parameters, context, executemany):
        after.append((statement.split()[0].upper(), conn.connection.dbapi_connection.info.transaction_status))

    event.listen(engine, "after_cursor_execute", record)
    try:
        client = postgres_app.test_client()
        assert signup(client, "ines@exemple.fr").status_code == 201
        writes = list(after)
        csrf = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
        created = client.post("/api/v1/auth/tokens", json={"name": "script"}, headers={"X-CSRFToken": csrf})
        assert created.status_code == 201
        after.clear()
        assert client.get("/api/v1/offers").status_code == 200
        reads = list(after)
        after.clear()
        script = postgres_app.test_client()
        assert (
            script.get(
                "/api/v1/auth/me", headers={"Authorization": f"Bearer {created.get_json()['token']}"}
            ).status_code
            == 200
        )
        token_read = list(after)
    finally:
        event.remove(engine, "after_cursor_execute", record)
    assert writes and {status for _, status in writes} == {TransactionStatus.INTRANS}
    assert reads and {status for _, status in reads} == {TransactionStatus.IDLE}  # each statement committed
    bookkeeping = [status for verb, status in token_read if verb in ("SET", "UPDATE")]
    assert bookkeeping == [TransactionStatus.INTRANS, TransactionStatus.INTRANS]  # SET LOCAL applies
    with postgres_app.app_context():
        assert db.session.scalar(select(ApiToken.last_used_at)) is not None


def test_an_unreachable_database_is_a_503_in_json_and_in_french_html(tmp_path):
    app = make_app(normalise_database_url("postgresql://vte@127.0.0.1:1/absente"), tmp_path)  # port 1: closed
    client = app.test_client()
    response = client.get("/api/v1/offers")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert response.get_json()["error"]["code"] == "unavailable"
    page = client.get("/offres")
    assert page.status_code == 503
    assert "Service momentanément indisponible" in page.get_data(as_text=True)


def test_connections_are_checked_before_use_and_postgres_connects_with_a_timeout():
    assert engine_options("sqlite:///x.db") == {"pool_pre_ping": True}
    postgres = engine_options("postgresql+psycopg://vte@db/vte")
    assert postgres["pool_pre_ping"] and postgres["connect_args"]["connect_timeout"] == 5


def test_the_loser_of_two_identical_signups_gets_a_409_not_a_500(client, db_session, monkeypatch):
    """Two sign-ups with one address at the same moment: both pass the « already used? » check
    before either commits; the database's unique rule refuses the second, which is a 409."""
    assert signup(client, "jumeaux@exemple.fr").status_code == 201
    monkeypatch.setattr("vte.accounts.find_user_by_email", lambda session, email: None)  # the check ran too early
    response = signup(client.application.test_client(), "jumeaux@exemple.fr")
    assert response.status_code == 409
    assert "existe déjà" in response.get_json()["error"]["message"]
    assert db_session.scalar(select(func.count(User.id)).where(User.email == "jumeaux@exemple.fr")) == 1


@pytest.fixture()
def postgres_behind_a_relay(empty_database_url, tmp_path):
    """The app on a scratch PostgreSQL database reached through a relay the test can stop and
    start: a database restart without restarting the server the other tests share."""
    if not empty_database_url.startswith("postgresql"):
        pytest.skip("a database server that stops and starts again: PostgreSQL")
    url = make_url(empty_database_url)
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as relay:
        app = make_app(url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False), tmp_path)
        with app.app_context():
            upgrade()
        yield app, relay
        with app.app_context():
            db.engine.dispose()


def test_a_database_restart_gives_503s_then_recovers_without_losing_an_acknowledged_write(
    postgres_behind_a_relay, caplog, monkeypatch
):
    app, relay = postgres_behind_a_relay
    cut_after_answer = {"on": False}

    @app.after_request
    def drop_the_database_once_answered(response):  # a restart between the answer and the teardown
        if cut_after_answer.pop("on", False):
            relay.stop()
        return response

    before = ["avant1@exemple.fr", "avant2@exemple.fr"]
    for email in before:  # the pool now holds connections that the restart will break
        assert signup(app.test_client(), email).status_code == 201
    monkeypatch.setitem(errors._last_outage_log, "at", -errors.OUTAGE_LOG_EVERY_S)  # a new outage

    relay.stop()
    with caplog.at_level(logging.WARNING, logger=errors.log.name):
        during = [signup(app.test_client(), f"pendant{n}@exemple.fr") for n in (1, 2)]
        reads = [app.test_client().get("/api/v1/offers") for _ in range(2)]
        page = app.test_client().get("/offres")
    for response in during + reads:
        assert response.status_code == 503 and response.headers["Retry-After"] == "5"
        assert response.get_json()["error"]["code"] == "unavailable"
    assert page.status_code == 503 and "Service momentanément indisponible" in page.get_data(as_text=True)
    outage_lines = [r for r in caplog.records if r.name == errors.log.name]
    assert len(outage_lines) == 1 and outage_lines[0].exc_info is None  # one line, no traceback

    relay.start()  # the server is back: the pool replaces its broken connections by itself
    after = ["apres1@exemple.fr", "apres2@exemple.fr"]
    for email in after:
        assert signup(app.test_client(), email).status_code == 201
    assert app.test_client().get("/api/v1/offers").status_code == 200

    relay.stop()  # a restart between two requests: the pooled connections are dead but unused
    relay.start()
    assert signup(app.test_client(), "apres3@exemple.fr").status_code == 201  # checked before use
    after.append("apres3@exemple.fr")

    cut_after_answer["on"] = True  # the answer is made, then the connection drops before ROLLBACK
    assert app.test_client().get("/api/v1/offers").status_code == 200
    relay.start()
    assert app.test_client().get("/api/v1/offers").status_code == 200
    with app.app_context():
        emails = set(db.session.scalars(select(User.email)))
    assert emails == set(before + after)  # every acknowledged write kept, the refused ones not written

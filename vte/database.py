"""Engine settings per backend: SQLite gets WAL, foreign keys, a busy timeout and immediate write
transactions; PostgreSQL runs read requests in autocommit and gives up connecting after a few
seconds; every backend checks a pooled connection before use (a database restart costs no
request)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask, has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.routing import IntegerConverter

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_CONNECT_TIMEOUT_S = 5
# Requests that may write; the others never do (design.md: reads never write).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Primary keys are INTEGER (32-bit on PostgreSQL): larger ids cannot exist.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` in routes: an id the database can hold, so a huge one is a 404, not an
    overflow inside the driver."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def end_sessions_safely(app: Flask, db: SQLAlchemy) -> None:
    """Register, after Flask-SQLAlchemy's, a teardown that ends the request's session first (teardowns
    run last registered first): when the database drops the connection after the answer was made
    (a restart at that moment), the closing ROLLBACK fails; the connection is already discarded by
    SQLAlchemy, and a finished request must not become a 500 outside every error handler."""

    @app.teardown_appcontext
    def _end_session(exc: BaseException | None) -> None:
        try:
            db.session.remove()
        except SQLAlchemyError as error:
            db.session.registry.clear()
            log.warning("Session ended on a lost database connection: %s", str(error).splitlines()[0][:200])


def engine_options(url: str) -> dict[str, Any]:
    """SQLAlchemy engine options for a database URL."""
    options: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S}
    return options


def configure_engine_events(engine: Engine, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
    if engine.dialect.name == "postgresql":
        configure_postgresql_transactions(engine)
    if engine.dialect.name != "sqlite":
        return
    configure_sqlite_transactions(engine)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


_WRITE_TRANSACTIONS: ContextVar[bool] = ContextVar("vte_write_transactions", default=False)


@contextmanager
def write_transactions() -> Iterator[None]:
    """Outside a request (commands, workers), the transactions begun inside are write ones."""
    token = _WRITE_TRANSACTIONS.set(True)
    try:
        yield
    finally:
        _WRITE_TRANSACTIONS.reset(token)


def write_expected() -> bool:
    """A request whose method may write (POST, PUT, PATCH, DELETE), or code in `write_transactions`."""
    return _WRITE_TRANSACTIONS.get() or (has_request_context() and request.method not in SAFE_METHODS)


def reads_only() -> bool:
    """A request whose method only reads (GET, HEAD, OPTIONS), outside `write_transactions`. Not
    code outside a request: commands keep their transactions."""
    return has_request_context() and not write_expected()


def configure_postgresql_transactions(engine: Engine) -> None:
    """A read request runs its statements in autocommit, as Django does by default: no BEGIN before
    the first statement and no ROLLBACK when the connection goes back to the pool, two round trips
    of the three or four a typical read costs besides its own statements. It sees what it saw
    before: under READ COMMITTED, PostgreSQL's level, each statement takes its own snapshot in a
    transaction too. Requests that may write, and everything outside a request, keep their
    transactions (one per request or command, design.md)."""

    @event.listens_for(engine, "begin")
    def _autocommit_reads(conn):
        dbapi_connection = conn.connection.dbapi_connection
        autocommit = reads_only()
        if dbapi_connection.autocommit != autocommit:  # idle here: psycopg sends nothing for this
            dbapi_connection.autocommit = autocommit


def configure_sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, emit BEGIN: SAVEPOINTs then work as documented
    (SQLAlchemy's "Serializable isolation / Savepoints / Transactional DDL" recipe for pysqlite).

    A request that may write begins with BEGIN IMMEDIATE: it takes the write lock before its first
    read, so concurrent writers wait their turn (busy timeout) instead of failing with « database
    is locked » when a transaction that has read tries to write. Reads begin deferred."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _explicit_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write_expected() else "BEGIN")

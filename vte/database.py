"""Engine settings per backend: SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Primary keys are INTEGER (32-bit on PostgreSQL): larger ids cannot exist.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` in routes: an id the database can hold, so a huge one is a 404, not an
    overflow inside the driver."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def configure_engine_events(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    configure_sqlite_transactions(engine)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def configure_sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, emit BEGIN: SAVEPOINTs then work as documented
    (SQLAlchemy's "Serializable isolation / Savepoints / Transactional DDL" recipe for pysqlite)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _explicit_begin(conn):
        conn.exec_driver_sql("BEGIN")

"""The migrations build exactly the schema the models describe (tables, columns and their types,
indexes, constraints), on SQLite and on PostgreSQL: a column added to a model without its
migration fails here, not on an operator's `flask db upgrade`."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from vte.extensions import db


def test_the_migrated_database_matches_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []

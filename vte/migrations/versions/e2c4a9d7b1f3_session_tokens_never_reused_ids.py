"""session tokens (logout ends every copy of a session cookie); ids of erased personal rows never reused

Revision ID: e2c4a9d7b1f3
Revises: 8b3e1f0c2d57
Create Date: 2026-12-04 10:00:00.000000

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e2c4a9d7b1f3"
down_revision = "8b3e1f0c2d57"
branch_labels = None
depends_on = None

# Tables holding personal data: on SQLite, AUTOINCREMENT keeps the id of an erased row from being
# given to the next one (PostgreSQL sequences never reuse ids: nothing to do there).
PERSONAL_TABLES = (
    "user_account",
    "student",
    "application",
    "application_event",
    "placement",
    "api_token",
    "outbox_email",
)


def upgrade():
    bind = op.get_bind()
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
    users = sa.table("user_account", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    ids = bind.execute(sa.select(users.c.id)).scalars().all()
    if ids:
        bind.execute(
            users.update().where(users.c.id == sa.bindparam("user_id")).values(session_token=sa.bindparam("token")),
            [{"user_id": user_id, "token": secrets.token_urlsafe(24)} for user_id in ids],
        )
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)
    if bind.dialect.name == "sqlite":
        for table in PERSONAL_TABLES:
            with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
                pass


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in PERSONAL_TABLES:
            with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": False}):
                pass
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("session_token")

"""sign-in failures per (e-mail, address) shared by every worker; API tokens get an expiry and a scope

Revision ID: 9fbdd12c8040
Revises: a9c3e7b5d1f4
Create Date: 2026-12-04 16:00:00.000000

"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9fbdd12c8040"
down_revision = "a9c3e7b5d1f4"
branch_labels = None
depends_on = None

# Tokens made before expiries existed work for this long after the upgrade, with every right they had.
EXISTING_TOKEN_DAYS = 90
# api_token never reuses ids (e2c4a9d7b1f3): SQLite's batch mode rebuilds it, keep AUTOINCREMENT.
KEEP_AUTOINCREMENT = {"sqlite_autoincrement": True}


def upgrade():
    op.create_table(
        "login_failure",
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("address_key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account_key", "address_key", name=op.f("pk_login_failure")),
    )
    with op.batch_alter_table("login_failure") as batch_op:
        batch_op.create_index(batch_op.f("ix_login_failure_last_failure_at"), ["last_failure_at"], unique=False)

    with op.batch_alter_table("api_token", table_kwargs=KEEP_AUTOINCREMENT) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("scope", sa.String(length=5), nullable=True))
    tokens = sa.table("api_token", sa.column("expires_at", sa.DateTime(timezone=True)), sa.column("scope", sa.String))
    expires = datetime.now(UTC) + timedelta(days=EXISTING_TOKEN_DAYS)
    if op.get_bind().dialect.name == "sqlite":
        expires = expires.replace(tzinfo=None)  # stored as naive UTC, as the application writes it
    op.execute(tokens.update().values(expires_at=expires, scope="write"))
    with op.batch_alter_table("api_token", table_kwargs=KEEP_AUTOINCREMENT) as batch_op:
        batch_op.alter_column("expires_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column("scope", existing_type=sa.String(length=5), nullable=False)
        batch_op.create_check_constraint("tokenscope", "scope IN ('read', 'write')")


def downgrade():
    with op.batch_alter_table("api_token", table_kwargs=KEEP_AUTOINCREMENT) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_api_token_tokenscope"), type_="check")
        batch_op.drop_column("scope")
        batch_op.drop_column("expires_at")
    with op.batch_alter_table("login_failure") as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failure_last_failure_at"))
    op.drop_table("login_failure")

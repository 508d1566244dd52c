"""account tokens (password reset, e-mail verification); school domains approved by an admin; companies verified

Revision ID: b7d2e5f8a1c3
Revises: e2c4a9d7b1f3
Create Date: 2026-12-04 16:00:00.000000

Existing accounts, school domains and companies start unverified: nothing that was accepted
without a check is trusted after the upgrade (an admin approves the domains and companies; users
verify their address with the link the service sends).
"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "b7d2e5f8a1c3"
down_revision = "e2c4a9d7b1f3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "account_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_account_token_user_id"), "account_token", ["user_id"], unique=False)
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("school") as batch_op:
        batch_op.add_column(sa.Column("email_domain_approved_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("company") as batch_op:
        batch_op.add_column(sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("company") as batch_op:
        batch_op.drop_column("verified_at")
    with op.batch_alter_table("school") as batch_op:
        batch_op.drop_column("email_domain_approved_at")
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("email_verified_at")
    op.drop_index(op.f("ix_account_token_user_id"), table_name="account_token")
    op.drop_table("account_token")

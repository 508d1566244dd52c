"""outbox delivery: attempts, back-off, claims of concurrent senders, dead letters

Revision ID: d4f1a8c3e6b2
Revises: b7d2e5f8a1c3
Create Date: 2026-12-04 16:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d4f1a8c3e6b2"
down_revision = "b7d2e5f8a1c3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_email") as batch_op:
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claim", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("last_error", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("dead_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_outbox_email_pending", ["sent_at", "dead_at", "next_attempt_at"])


def downgrade():
    with op.batch_alter_table("outbox_email") as batch_op:
        batch_op.drop_index("ix_outbox_email_pending")
        for column in ("dead_at", "last_error", "claim", "claimed_until", "next_attempt_at", "attempts"):
            batch_op.drop_column(column)

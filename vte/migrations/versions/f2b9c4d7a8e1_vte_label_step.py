"""the VTE label step of a placement: label requested, charter signed, reminders sent

Revision ID: f2b9c4d7a8e1
Revises: d4f1a8c3e6b2
Create Date: 2026-12-04 16:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f2b9c4d7a8e1"
down_revision = "d4f1a8c3e6b2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("placement") as batch_op:
        batch_op.add_column(sa.Column("label_requested_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("charter_signed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("label_reminders_sent", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("placement") as batch_op:
        batch_op.drop_column("label_reminders_sent")
        batch_op.drop_column("charter_signed_at")
        batch_op.drop_column("label_requested_at")

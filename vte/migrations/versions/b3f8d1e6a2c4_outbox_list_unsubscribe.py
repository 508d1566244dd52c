"""an outbox e-mail's one-click unsubscribe address (List-Unsubscribe, RFC 8058)

Revision ID: b3f8d1e6a2c4
Revises: a7d3e9f1c5b2
Create Date: 2026-12-04 22:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b3f8d1e6a2c4"
down_revision = "a7d3e9f1c5b2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_email") as batch:
        batch.add_column(sa.Column("unsubscribe_url", sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_email") as batch:
        batch.drop_column("unsubscribe_url")

"""a company's description and website, shown on its public page

Revision ID: a7d3e9f1c5b2
Revises: e5a7c9d2f3b8
Create Date: 2026-12-06 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7d3e9f1c5b2"
down_revision = "e5a7c9d2f3b8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("company") as batch:
        batch.add_column(sa.Column("description", sa.Text(), nullable=True))
        batch.add_column(sa.Column("website", sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table("company") as batch:
        batch.drop_column("website")
        batch.drop_column("description")

"""occupation distributions on offers and students (the job-fit model's ROME evidence)

Revision ID: 8b3e1f0c2d57
Revises: 5f0d2c7a9e41
Create Date: 2026-12-03 16:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8b3e1f0c2d57"
down_revision = "5f0d2c7a9e41"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("offer", "student"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("occupations", sa.JSON(), nullable=True))


def downgrade():
    for table in ("offer", "student"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("occupations")

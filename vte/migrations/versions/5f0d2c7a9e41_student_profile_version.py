"""student profile version (optimistic locking of profile saves)

Revision ID: 5f0d2c7a9e41
Revises: c6a5560939cb
Create Date: 2026-12-03 14:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5f0d2c7a9e41"
down_revision = "c6a5560939cb"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("student") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    with op.batch_alter_table("student") as batch_op:
        batch_op.drop_column("version")

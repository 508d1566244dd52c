"""school registry: aliases, verified flag (schools typed by students), university and other kinds

Revision ID: 4f6b2d8a1c93
Revises: 4d7e2a1c9b60
Create Date: 2026-12-04 16:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "4f6b2d8a1c93"
down_revision = "4d7e2a1c9b60"
branch_labels = None
depends_on = None

KINDS_BEFORE = "kind IN ('engineering', 'business')"
KINDS_AFTER = "kind IN ('engineering', 'business', 'university', 'other')"


def upgrade():
    with op.batch_alter_table("school") as batch_op:
        batch_op.add_column(sa.Column("aliases", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("verified", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.drop_constraint(op.f("ck_school_schoolkind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_school_schoolkind"), KINDS_AFTER)


def downgrade():
    school = sa.table("school", sa.column("kind", sa.String))
    # Schools of the new kinds cannot be stored before this revision: they become engineering schools.
    op.execute(school.update().where(school.c.kind.in_(["university", "other"])).values(kind="engineering"))
    with op.batch_alter_table("school") as batch_op:
        batch_op.drop_constraint(op.f("ck_school_schoolkind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_school_schoolkind"), KINDS_BEFORE)
        batch_op.drop_column("verified")
        batch_op.drop_column("aliases")

"""territoire_list.valid_from / valid_until: the period each list of Territoires d'industrie is in force

A company's Territoire d'industrie status is assessed with the list in force on the date assessed.

Revision ID: 4d7e2a1c9b60
Revises: 9fbdd12c8040
Create Date: 2026-12-04 16:00:00.000000

"""

from datetime import date

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "4d7e2a1c9b60"
down_revision = "9fbdd12c8040"
branch_labels = None
depends_on = None

# The periods of the lists already loaded, by the layout they came from (as vte.refdata.territoires
# sets them on a new import).
PERIODS = {
    "2020_epci": (date(2020, 1, 1), date(2022, 12, 31)),
    "2020_communes": (date(2020, 1, 1), date(2022, 12, 31)),
    "official_epci": (date(2023, 1, 1), date(2027, 12, 31)),
    "official_communes": (date(2023, 1, 1), date(2027, 12, 31)),
}


def upgrade():
    with op.batch_alter_table("territoire_list") as batch_op:
        batch_op.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
    lists = sa.table(
        "territoire_list",
        sa.column("layout", sa.String),
        sa.column("valid_from", sa.Date),
        sa.column("valid_until", sa.Date),
    )
    bind = op.get_bind()
    for layout, (start, end) in PERIODS.items():
        bind.execute(lists.update().where(lists.c.layout == layout).values(valid_from=start, valid_until=end))


def downgrade():
    with op.batch_alter_table("territoire_list") as batch_op:
        batch_op.drop_column("valid_until")
        batch_op.drop_column("valid_from")

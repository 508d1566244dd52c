"""offers saved by students (favourites)

Revision ID: e5a7c9d2f3b8
Revises: c8e2f6a4b0d9
Create Date: 2026-12-04 17:25:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e5a7c9d2f3b8"
down_revision = "c8e2f6a4b0d9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "favourite_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["offer_id"], ["offer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "offer_id", name="uq_favourite_offer"),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_favourite_offer_user_id"), "favourite_offer", ["user_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_favourite_offer_user_id"), table_name="favourite_offer")
    op.drop_table("favourite_offer")

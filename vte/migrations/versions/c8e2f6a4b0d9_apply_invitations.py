"""a company invites a recommended candidate to apply

Revision ID: c8e2f6a4b0d9
Revises: 4f6b2d8a1c93
Create Date: 2026-12-04 17:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c8e2f6a4b0d9"
down_revision = "4f6b2d8a1c93"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "apply_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["offer_id"], ["offer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["by_user_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("offer_id", "student_id", name="uq_apply_invitation"),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_apply_invitation_offer_id"), "apply_invitation", ["offer_id"], unique=False)
    op.create_index(op.f("ix_apply_invitation_student_id"), "apply_invitation", ["student_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_apply_invitation_student_id"), table_name="apply_invitation")
    op.drop_index(op.f("ix_apply_invitation_offer_id"), table_name="apply_invitation")
    op.drop_table("apply_invitation")

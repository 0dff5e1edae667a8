"""plans and their items can be ended, cancelled or superseded; a review's date can be set

Revision ID: 0011_plan_lifecycle
Revises: 0010_buttonless_channels
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_plan_lifecycle"
down_revision = "0010_buttonless_channels"
branch_labels = None
depends_on = None

CLOSURE = sa.Enum("ended", "cancelled", "superseded", name="closure", native_enum=False, length=20)


def upgrade() -> None:
    for table in ("plans", "milestones"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("closed_as", CLOSURE, nullable=True))
            batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
            batch_op.add_column(sa.Column("closed_reason", sa.Text(), nullable=True))
            batch_op.add_column(sa.Column("replaced_by", sa.String(length=100), nullable=True))
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_column("review_on")
    for table in ("milestones", "plans"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in ("replaced_by", "closed_reason", "closed_on", "closed_as"):
                batch_op.drop_column(column)

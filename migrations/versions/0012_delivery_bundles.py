"""a delivery can travel inside another's message (one message per chat and day)

Revision ID: 0012_delivery_bundles
Revises: 0011_plan_lifecycle
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_delivery_bundles"
down_revision = "0011_plan_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bundle_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_deliveries_bundle_id"), ["bundle_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_deliveries_bundle_id_deliveries"), "deliveries", ["bundle_id"],
                                    ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_deliveries_bundle_id_deliveries"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_deliveries_bundle_id"))
        batch_op.drop_column("bundle_id")

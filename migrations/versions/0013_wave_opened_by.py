"""a wave opened from the chat remembers who opened it (and a plan re-import keeps it)

Revision ID: 0013_wave_opened_by
Revises: 0012_delivery_bundles
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_wave_opened_by"
down_revision = "0012_delivery_bundles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("waves", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opened_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_waves_opened_by_id_members"), "members", ["opened_by_id"], ["id"],
                                    ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("waves", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_waves_opened_by_id_members"), type_="foreignkey")
        batch_op.drop_column("opened_by_id")

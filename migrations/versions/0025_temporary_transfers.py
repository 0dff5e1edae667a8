"""Temporary transfers of party activity (chuyển sinh hoạt đảng tạm thời): whether a transfer is temporary, and
its period. Existing transfers are official.

Revision ID: 0025_temporary_transfers
Revises: 0024_audit_append_only
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025_temporary_transfers"
down_revision = "0024_audit_append_only"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("transfers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("temporary", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("temporary_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("temporary_until", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_transfers_temporary_until"), ["temporary_until"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transfers_temporary_until"))
        batch_op.drop_column("temporary_until")
        batch_op.drop_column("temporary_from")
        batch_op.drop_column("temporary")

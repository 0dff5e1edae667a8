"""a transfer's member name can be erased (and when it was); handled updates keep no payload

Revision ID: 0014_transfer_name_erasure
Revises: 0013_wave_opened_by
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_transfer_name_erasure"
down_revision = "0013_wave_opened_by"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("transfers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_erased_at", sa.DateTime(timezone=True), nullable=True))
    # Handled updates are never replayed: what they said (names typed, the cards that buttons sat on) goes now, as the
    # inbox forgets it at the claim from this version on.
    op.execute("UPDATE inbox_updates SET payload = '{}' WHERE handled_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("transfers", schema=None) as batch_op:
        batch_op.drop_column("name_erased_at")

"""when someone not registered was last told how to join (told again at most once an hour)

Revision ID: 0009_stranger_notices
Revises: 0008_inbox_text_keys
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_stranger_notices"
down_revision = "0008_inbox_text_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stranger_notices",
        sa.Column("platform_id", sa.String(length=120), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform_id", name=op.f("pk_stranger_notices")),
    )
    op.create_index(op.f("ix_stranger_notices_told_at"), "stranger_notices", ["told_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_stranger_notices_told_at"), table_name="stranger_notices")
    op.drop_table("stranger_notices")

"""chat_pacing: each chat's next turn to be sent a message, shared by every sending process

Revision ID: 0004_chat_pacing
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_chat_pacing"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_pacing",
        sa.Column("chat_id", sa.String(length=120), nullable=False),
        sa.Column("next_send_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_chat_pacing")),
    )


def downgrade() -> None:
    op.drop_table("chat_pacing")

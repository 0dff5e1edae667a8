"""Messages the bot sent that name someone, kept by the records they name so that an erasure deletes them.

Revision ID: 0020_named_messages
Revises: 0019_targets_split
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base

revision = "0020_named_messages"
down_revision = "0019_targets_split"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "named_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=60), nullable=False),
        sa.Column("chat_id", sa.String(length=120), nullable=False),
        sa.Column("message_id", sa.String(length=60), nullable=False),
        sa.Column("sent_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_named_messages")),
    )
    op.create_index(op.f("ix_named_messages_subject"), "named_messages", ["subject"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_named_messages_subject"), table_name="named_messages")
    op.drop_table("named_messages")

"""what a channel without buttons last offered in each chat, each channel's messages a month, photos kept

Revision ID: 0010_buttonless_channels
Revises: 0009_stranger_notices
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_buttonless_channels"
down_revision = "0009_stranger_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offered_choices",
        sa.Column("chat_id", sa.String(length=120), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("text", sa.String(length=4000), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_offered_choices")),
    )
    op.create_index(op.f("ix_offered_choices_offered_at"), "offered_choices", ["offered_at"], unique=False)
    op.create_table(
        "channel_usage",
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.Column("warned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("spent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("platform", "month", name=op.f("pk_channel_usage")),
    )
    op.create_table(
        "kept_photos",
        sa.Column("ref", sa.String(length=120), nullable=False),
        sa.Column("mime_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("kept_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("ref", name=op.f("pk_kept_photos")),
    )


def downgrade() -> None:
    op.drop_table("kept_photos")
    op.drop_table("channel_usage")
    op.drop_index(op.f("ix_offered_choices_offered_at"), table_name="offered_choices")
    op.drop_table("offered_choices")

"""A turn's replies kept with its update until they are said: a process killed right after the turn's commit no
longer loses what the person was to be told (issue 16 § 2, the audit's M4).

Revision ID: 0022_turn_replies
Revises: 0021_committee_review
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base

revision = "0022_turn_replies"
down_revision = "0021_committee_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbox_updates") as batch:
        batch.add_column(sa.Column("replies", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("replies_until", models.base.UTCDateTime(timezone=True), nullable=True))
        batch.create_index(batch.f("ix_inbox_updates_replies_until"), ["replies_until"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inbox_updates") as batch:
        batch.drop_index(batch.f("ix_inbox_updates_replies_until"))
        batch.drop_column("replies_until")
        batch.drop_column("replies")

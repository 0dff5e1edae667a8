"""The đảng ủy cơ sở's review of an admission (a chi bộ under a đảng ủy cơ sở): its date, members and votes.

Revision ID: 0021_committee_review
Revises: 0020_named_messages
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021_committee_review"
down_revision = "0020_named_messages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nominees") as batch:
        batch.add_column(sa.Column("committee_resolution_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("committee_members", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("committee_votes_for", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nominees") as batch:
        batch.drop_column("committee_votes_for")
        batch.drop_column("committee_members")
        batch.drop_column("committee_resolution_on")

"""The decision setting up the delegation, as the plan file gives it: its number and date.

Revision ID: 0023_delegation_decision
Revises: 0022_turn_replies
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023_delegation_decision"
down_revision = "0022_turn_replies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("delegation_decision_number", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("delegation_decision_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("delegation_decision_on")
        batch.drop_column("delegation_decision_number")

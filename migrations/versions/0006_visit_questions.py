"""What visits ask for the plan: the owner's or director's stance on founding party and mass organisations,
and the Youth Union members, veterans and trade-union members met; the enterprise keeps the latest stance and
its veterans.

Revision ID: 0006_visit_questions
Revises: 0005_counts_follow_events
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_visit_questions"
down_revision = "0005_counts_follow_events"
branch_labels = None
depends_on = None

_STANCE = ("agrees", "hesitant", "declines")


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_stance", sa.Enum(*_STANCE, name="ownerstance", native_enum=False,
                                                              length=20), nullable=True))
        batch_op.add_column(sa.Column("youth_union_members_met", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("veterans_met", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("trade_union_members_met", sa.Integer(), nullable=True))
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_stance", sa.Enum(*_STANCE, name="ownerstance", native_enum=False,
                                                              length=20), nullable=True))
        batch_op.add_column(sa.Column("owner_stance_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("veterans_members", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        for name in ("veterans_members", "owner_stance_on", "owner_stance"):
            batch_op.drop_column(name)
    with op.batch_alter_table("visits", schema=None) as batch_op:
        for name in ("trade_union_members_met", "veterans_met", "youth_union_members_met", "owner_stance"):
            batch_op.drop_column(name)

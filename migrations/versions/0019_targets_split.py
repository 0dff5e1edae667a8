"""Targets as the plan sets them: party organisations founded apart from mass organisations (a target set before
counted both together; the plan's own target is party organisations, so that is what it becomes), and admissions
made outside the bot, which count toward the year's new members.

Revision ID: 0019_targets_split
Revises: 0018_consent_method
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base

revision = "0019_targets_split"
down_revision = "0018_consent_method"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outside_admissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("admitted_on", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"],
                                name=op.f("fk_outside_admissions_enterprise_id_enterprises")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["members.id"],
                                name=op.f("fk_outside_admissions_recorded_by_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outside_admissions")),
    )
    with op.batch_alter_table("outside_admissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outside_admissions_admitted_on"), ["admitted_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_outside_admissions_enterprise_id"), ["enterprise_id"], unique=False)
    op.execute(sa.text("UPDATE targets SET kind = 'party_orgs_founded' WHERE kind = 'organisations_founded'"))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM targets WHERE kind = 'mass_orgs_founded'"))
    op.execute(sa.text("UPDATE targets SET kind = 'organisations_founded' WHERE kind = 'party_orgs_founded'"))
    with op.batch_alter_table("outside_admissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outside_admissions_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_outside_admissions_admitted_on"))
    op.drop_table("outside_admissions")

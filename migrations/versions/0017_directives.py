"""The zones board's directive to enterprises without a party organisation (number, date, issuer, summary) and,
per enterprise, when it was sent and when its written report and its review of party members came back.

Revision ID: 0017_directives
Revises: 0016_admission_pipeline
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base

revision = "0017_directives"
down_revision = "0016_admission_pipeline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["members.id"], name=op.f("fk_directives_recorded_by_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directives")),
    )
    with op.batch_alter_table("directives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directives_issued_on"), ["issued_on"], unique=False)
    op.create_table(
        "directive_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("report_received_on", sa.Date(), nullable=True),
        sa.Column("member_review_received_on", sa.Date(), nullable=True),
        sa.Column("updated_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["directive_id"], ["directives.id"],
                                name=op.f("fk_directive_replies_directive_id_directives"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"],
                                name=op.f("fk_directive_replies_enterprise_id_enterprises"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directive_replies")),
        sa.UniqueConstraint("directive_id", "enterprise_id", name="uq_directive_replies_pair"),
    )
    with op.batch_alter_table("directive_replies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directive_replies_directive_id"), ["directive_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_directive_replies_enterprise_id"), ["enterprise_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("directive_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directive_replies_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_directive_replies_directive_id"))
    op.drop_table("directive_replies")
    with op.batch_alter_table("directives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directives_issued_on"))
    op.drop_table("directives")

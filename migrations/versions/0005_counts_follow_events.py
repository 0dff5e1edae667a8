"""Counts that follow what happens: every change of an enterprise's party-member counts with its source and
date (visit, admission, recognition, transfer, founding, import); a chi bộ trực thuộc đảng ủy cơ sở with its
parent; a founding not tied to one enterprise, its kind and its deciding body; transfers to the zones board's
party body (which make an enterprise "sinh hoạt ghép").

Revision ID: 0005_counts_follow_events
Revises: 0004_chat_pacing
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base

revision = "0005_counts_follow_events"
down_revision = "0004_chat_pacing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_count_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("source", sa.Enum("visit", "admission", "recognition", "transfer", "founding", "imported", "earlier",
                                    name="countsource", native_enum=False, length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("sets", sa.Boolean(), nullable=False),
        sa.Column("official", sa.Integer(), nullable=False),
        sa.Column("probationary", sa.Integer(), nullable=False),
        sa.Column("withdrawn_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["by_id"], ["members.id"], name=op.f("fk_member_count_changes_by_id_members")),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"],
                                name=op.f("fk_member_count_changes_enterprise_id_enterprises"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_count_changes")),
    )
    with op.batch_alter_table("member_count_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_count_changes_enterprise_id"), ["enterprise_id"], unique=False)
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.add_column(sa.Column("party_org_parent", sa.String(length=300), nullable=True))
    with op.batch_alter_table("foundings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("party_org_kind", sa.Enum("chi_bo", "dang_bo", "chi_bo_truc_thuoc",
                                                                name="partyorgkind", native_enum=False, length=20),
                                      nullable=True))
        batch_op.add_column(sa.Column("org_name", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("parent", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("deciding_body", sa.String(length=300), nullable=True))
        batch_op.alter_column("enterprise_id", existing_type=sa.INTEGER(), nullable=True)
    with op.batch_alter_table("transfers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("to_zones_party_body", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("transfers", schema=None) as batch_op:
        batch_op.drop_column("to_zones_party_body")
    op.execute(sa.text("DELETE FROM foundings WHERE enterprise_id IS NULL"))
    with op.batch_alter_table("foundings", schema=None) as batch_op:
        batch_op.alter_column("enterprise_id", existing_type=sa.INTEGER(), nullable=False)
        for name in ("deciding_body", "parent", "org_name", "party_org_kind"):
            batch_op.drop_column(name)
    op.execute(sa.text("UPDATE enterprises SET party_org_status = 'chi_bo' WHERE party_org_status = 'chi_bo_truc_thuoc'"))
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.drop_column("party_org_parent")
    with op.batch_alter_table("member_count_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_count_changes_enterprise_id"))
    op.drop_table("member_count_changes")

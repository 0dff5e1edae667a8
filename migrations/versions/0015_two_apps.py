"""one person on two apps: the account pushes go to, one-time codes that link a second account, invites with a name;
one-time download links for files Zalo cannot carry

Revision ID: 0015_two_apps
Revises: 0014_transfer_name_erasure
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_two_apps"
down_revision = "0014_transfer_name_erasure"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("push_via", sa.String(length=120), nullable=True))
    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("for_member_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("full_name", sa.String(length=200), nullable=True))
        batch.create_foreign_key(op.f("fk_invites_for_member_id_members"), "members", ["for_member_id"], ["id"],
                                 ondelete="CASCADE")
    op.create_table(
        "download_links",
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_digest", name=op.f("pk_download_links")),
    )
    op.create_index(op.f("ix_download_links_expires_at"), "download_links", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_download_links_expires_at"), table_name="download_links")
    op.drop_table("download_links")
    with op.batch_alter_table("invites") as batch:
        batch.drop_constraint(op.f("fk_invites_for_member_id_members"), type_="foreignkey")
        batch.drop_column("full_name")
        batch.drop_column("for_member_id")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("push_via")

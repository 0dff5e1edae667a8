"""the inbox keys updates by text (Zalo has no update id), and replays them in the order they arrived

Revision ID: 0008_inbox_text_keys
Revises: 0007_plan_documents
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_inbox_text_keys"
down_revision = "0007_plan_documents"
branch_labels = None
depends_on = None

OLD = "inbox_updates_before_text_keys"


def _set_aside_old_table() -> None:
    """Rename the table out of the way, with the names of its index and key, which the new table takes."""
    op.drop_index("ix_inbox_updates_handled_at", table_name="inbox_updates")
    op.rename_table("inbox_updates", OLD)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {OLD} RENAME CONSTRAINT pk_inbox_updates TO pk_{OLD}")


def upgrade() -> None:
    _set_aside_old_table()
    op.create_table(
        "inbox_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("update_key", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_updates")),
        sa.UniqueConstraint("source", "update_key", name=op.f("uq_inbox_updates_source")),
    )
    op.create_index(op.f("ix_inbox_updates_handled_at"), "inbox_updates", ["handled_at"], unique=False)
    # The ids are numbered explicitly: the order of an INSERT … SELECT is not the order of its ORDER BY.
    op.execute(
        "INSERT INTO inbox_updates (id, source, update_key, payload, received_at, handled_at) "
        "SELECT ROW_NUMBER() OVER (ORDER BY source, update_id), source, CAST(update_id AS VARCHAR(64)), payload, "
        f"received_at, handled_at FROM {OLD}")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('inbox_updates', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM inbox_updates), 0) + 1, false)")
    op.drop_table(OLD)


def downgrade() -> None:
    _set_aside_old_table()
    op.create_table(
        "inbox_updates",
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("update_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("source", "update_id", name=op.f("pk_inbox_updates")),
    )
    op.create_index(op.f("ix_inbox_updates_handled_at"), "inbox_updates", ["handled_at"], unique=False)
    # Only numeric keys fit the old column: another platform's updates are dropped.
    numeric = ("update_key ~ '^[0-9]{1,9}$'" if op.get_bind().dialect.name == "postgresql"
               else "update_key NOT GLOB '*[^0-9]*' AND length(update_key) BETWEEN 1 AND 9")
    op.execute(
        "INSERT INTO inbox_updates (source, update_id, payload, received_at, handled_at) "
        f"SELECT source, CAST(update_key AS INTEGER), payload, received_at, handled_at FROM {OLD} WHERE {numeric}")
    op.drop_table(OLD)

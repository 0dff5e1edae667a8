"""A member's position in the delegation (Trưởng đoàn, Phó Trưởng đoàn, thành viên) and the side they come from
(a role key of the bodies file: the party body or the zones board), as the decision setting up the delegation
names them (the domain review's III.1). Both empty until an admin sets them.

Revision ID: 0026_member_positions
Revises: 0025_temporary_transfers
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026_member_positions"
down_revision = "0025_temporary_transfers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.Enum("head", "deputy", "member", name="position",
                                                          native_enum=False, length=20), nullable=True))
        batch_op.add_column(sa.Column("side", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("side")
        batch_op.drop_column("position")

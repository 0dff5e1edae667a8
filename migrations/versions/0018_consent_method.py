"""How a worker gave consent (Decree 13/2023, Art. 11): read aloud and agreed, signed the printed form (its
photo attached to the record), or another way the record describes. Consents recorded before were read aloud.

Revision ID: 0018_consent_method
Revises: 0017_directives
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base

revision = "0018_consent_method"
down_revision = "0017_directives"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nominee_consents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("method", sa.Enum("read_aloud", "signed_form", "other", name="consentmethod",
                                                        native_enum=False, length=20),
                                      nullable=False, server_default="read_aloud"))
        batch_op.add_column(sa.Column("how", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("form_photo_ref", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("form_attached_at", models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nominee_consents", schema=None) as batch_op:
        for name in ("form_attached_at", "form_photo_ref", "how", "method"):
            batch_op.drop_column(name)

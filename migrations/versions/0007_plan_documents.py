"""plans as documents: issue date, place, subject, what they implement, their issuers, their reports' recipients
and their own dated body names; what each review is called and where its report starts

Revision ID: 0007_plan_documents
Revises: 0006_visit_questions
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_plan_documents'
down_revision = '0006_visit_questions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('issued_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('place', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('subject', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('implements_kind', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('implements_number', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('implements_issued_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('report_recipients', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('bodies', sa.JSON(), nullable=True))

    op.create_table('plan_issuers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('short', sa.String(length=300), nullable=True),
    sa.Column('superior', sa.String(length=300), nullable=True),
    sa.Column('signer_title', sa.String(length=100), nullable=True),
    sa.Column('authority', sa.String(length=200), nullable=True),
    sa.Column('signer', sa.String(length=200), nullable=True),
    sa.Column('body', sa.String(length=50), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_issuers_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_issuers'))
    )
    with op.batch_alter_table('plan_issuers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_issuers_plan_id'), ['plan_id'], unique=False)

    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_kind', sa.Enum('assessment', 'interim', 'final', name='reviewkind',
                                                             native_enum=False, length=20), nullable=True))
        batch_op.add_column(sa.Column('review_covers_from', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_column('review_covers_from')
        batch_op.drop_column('review_kind')

    with op.batch_alter_table('plan_issuers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_issuers_plan_id'))
    op.drop_table('plan_issuers')

    with op.batch_alter_table('plans', schema=None) as batch_op:
        for column in ('bodies', 'report_recipients', 'implements_issued_on', 'implements_number', 'implements_kind',
                       'subject', 'place', 'issued_on', 'source'):
            batch_op.drop_column(column)

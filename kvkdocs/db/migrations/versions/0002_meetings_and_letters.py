"""Meeting files and letter batches of a round.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 14:30:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('meeting_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('budget', sa.BigInteger(), nullable=True),
    sa.Column('granted', sa.BigInteger(), nullable=False),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['file_sha256'], ['stored_files.sha256'], ),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'number', name='uq_meeting_files_round_number')
    )
    with op.batch_alter_table('meeting_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_files_round_id'), ['round_id'], unique=False)

    op.create_table('letter_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('zip_sha256', sa.String(length=64), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting_files.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['zip_sha256'], ['stored_files.sha256'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('letter_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_batches_meeting_id'), ['meeting_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('letter_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_batches_meeting_id'))
    op.drop_table('letter_batches')
    with op.batch_alter_table('meeting_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_files_round_id'))
    op.drop_table('meeting_files')

"""Signed documents a municipality uploads for its draft (issue 11, second part).

Only a new table, so the migration depends on nothing before it but its place in the chain.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 16:40:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | Sequence[str] | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('signed_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('comparable', sa.Boolean(), nullable=False),
    sa.Column('differences', sa.JSON(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['draft_id'], ['drafts.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['file_sha256'], ['stored_files.sha256']),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('signed_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signed_documents_draft_id'), ['draft_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('signed_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signed_documents_draft_id'))
    op.drop_table('signed_documents')

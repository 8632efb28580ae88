"""Uploads and their files, acknowledged before they are checked (intake in the background).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 16:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uploads_round_id'), ['round_id'], unique=False)

    op.create_table('upload_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('upload_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['file_sha256'], ['stored_files.sha256'], ),
    sa.ForeignKeyConstraint(['upload_id'], ['uploads.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['application_versions.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('upload_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_upload_files_checked_at'), ['checked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_upload_files_upload_id'), ['upload_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('upload_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_upload_files_upload_id'))
        batch_op.drop_index(batch_op.f('ix_upload_files_checked_at'))
    op.drop_table('upload_files')
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_uploads_round_id'))
    op.drop_table('uploads')

"""A letter batch says whether its ZIP holds PDF copies too.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 15:50:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('letter_batches', schema=None) as batch_op:
        # Batches made before this column were Word only: the web could not make PDF then.
        batch_op.add_column(sa.Column('pdf', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('letter_batches', schema=None) as batch_op:
        batch_op.drop_column('pdf')

"""A round keeps the secretariat's address (``avsender``), so the receipt can name it from the first submission.

Rounds made before this column have none; the receipt says so until the secretariat enters it
(or a meeting file names a sender).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 17:20:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | Sequence[str] | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('avsender', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_column('avsender')

"""A commitment's promise type (buyback, share_sale, cb_no_revision…) and its terms (floor, caps, window, actor,
instrument) as read from its quote.

Rows stored before this revision get type 'other' and no terms; re-extracting their filing fills them.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commitment") as batch:
        batch.add_column(sa.Column("type", sa.String(length=32), nullable=False, server_default="other"))
        batch.add_column(sa.Column("terms", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    with op.batch_alter_table("commitment") as batch:
        batch.drop_column("terms")
        batch.drop_column("type")

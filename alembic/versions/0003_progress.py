"""Progress toward quantitative promises: one row per (commitment, filing) that reports a figure
(回购进展, 增持进展, 减持进展, 时间过半); and a status change's explanation (its code and figures, so it
reads in either language: "only 3,100万元 against a floor of 5,000万元").

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("filing_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=10), nullable=False),
        sa.Column("done", sa.Float(), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("bound", sa.String(length=8), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("evidence_quote", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitment.id"], name=op.f("fk_progress_commitment_id_commitment"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["filing_id"], ["filing.id"], name=op.f("fk_progress_filing_id_filing"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress")),
        sa.UniqueConstraint("commitment_id", "filing_id", name=op.f("uq_progress_commitment_id_filing_id")),
    )
    op.create_index(op.f("ix_progress_commitment_id"), "progress", ["commitment_id"], unique=False)
    with op.batch_alter_table("status_change") as batch:
        batch.add_column(sa.Column("explain", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("status_change") as batch:
        batch.drop_column("explain")
    op.drop_index(op.f("ix_progress_commitment_id"), table_name="progress")
    op.drop_table("progress")

"""One promise, many filings: the filings that state a commitment (the one that made it and each that restates
it); a commitment whose window counts from an event not dated yet (its deadline empty, the event named), or a
standing undertaking that never has one; the company's own word on a commitment (a periodic report's 履行情况);
and the first day of a followed company's record that polls have read.

Every commitment stored before this revision gets its own filing as its one (making) source.

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commitment_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("filing_id", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.Column("restated", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitment.id"],
                                name=op.f("fk_commitment_source_commitment_id_commitment"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["filing_id"], ["filing.id"], name=op.f("fk_commitment_source_filing_id_filing"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_source")),
        sa.UniqueConstraint("commitment_id", "filing_id", name=op.f("uq_commitment_source_commitment_id_filing_id")),
    )
    op.create_index(op.f("ix_commitment_source_commitment_id"), "commitment_source", ["commitment_id"])
    op.create_index(op.f("ix_commitment_source_filing_id"), "commitment_source", ["filing_id"])
    op.execute("INSERT INTO commitment_source (commitment_id, filing_id, quote, fingerprint, restated, created_at) "
               "SELECT id, filing_id, quote, fingerprint, false, created_at FROM commitment")
    with op.batch_alter_table("commitment") as batch:
        batch.alter_column("deadline", existing_type=sa.Date(), nullable=True)
        batch.add_column(sa.Column("anchor", sa.String(length=60), nullable=True))
        batch.add_column(sa.Column("reported_status", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("reported_on", sa.Date(), nullable=True))
    with op.batch_alter_table("company") as batch:
        batch.add_column(sa.Column("covered_from", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.drop_column("covered_from")
    op.execute("DELETE FROM commitment WHERE deadline IS NULL")
    with op.batch_alter_table("commitment") as batch:
        batch.drop_column("reported_on")
        batch.drop_column("reported_status")
        batch.drop_column("anchor")
        batch.alter_column("deadline", existing_type=sa.Date(), nullable=False)
    op.drop_index(op.f("ix_commitment_source_filing_id"), table_name="commitment_source")
    op.drop_index(op.f("ix_commitment_source_commitment_id"), table_name="commitment_source")
    op.drop_table("commitment_source")

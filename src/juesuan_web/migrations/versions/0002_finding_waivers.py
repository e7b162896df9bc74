"""waivers of warnings, by finding fingerprint

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "finding_waivers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("submission_id", "fingerprint", name="uq_waiver_submission_finding"),
    )
    with op.batch_alter_table("finding_waivers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_waivers_submission_id"), ["submission_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("finding_waivers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_waivers_submission_id"))
    op.drop_table("finding_waivers")

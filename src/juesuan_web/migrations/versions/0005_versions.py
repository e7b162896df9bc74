"""versions and corrections: the hash of each upload as sent, the 更正说明 of a correction

Revision ID: 0005_versions
Revises: 0004_notices
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_versions"
down_revision = "0004_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("original_sha256", sa.String(length=64), nullable=True))
    with op.batch_alter_table("published_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("correction_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("published_versions", schema=None) as batch_op:
        batch_op.drop_column("correction_note")
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.drop_column("original_sha256")

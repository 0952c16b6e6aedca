"""Learning: who vouches for each activity, reported vs counted time, completion evidence

Revision ID: 5c1e9a7d3f20
Revises: 5b8e1f3a7c24
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1e9a7d3f20"
down_revision: str | None = "5b8e1f3a7c24"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("learning_activity") as batch:
        batch.add_column(
            sa.Column("reported_minutes", sa.Float(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("time_flag", sa.String(length=40), nullable=True))
        batch.add_column(
            sa.Column("assertion", sa.String(length=20), nullable=False, server_default="self")
        )
        batch.add_column(sa.Column("asserted_by", sa.String(length=200), nullable=True))
    # Time held so far was counted as reported.
    op.execute("UPDATE learning_activity SET reported_minutes = minutes")
    op.create_index("ix_learning_activity_source_id", "learning_activity", ["source_id"])
    with op.batch_alter_table("learning_item_progress") as batch:
        batch.add_column(sa.Column("evidence", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("learning_item_progress") as batch:
        batch.drop_column("evidence")
    op.drop_index("ix_learning_activity_source_id", table_name="learning_activity")
    with op.batch_alter_table("learning_activity") as batch:
        batch.drop_column("asserted_by")
        batch.drop_column("assertion")
        batch.drop_column("time_flag")
        batch.drop_column("reported_minutes")

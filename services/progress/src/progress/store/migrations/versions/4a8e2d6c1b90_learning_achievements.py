"""Learning: badges held (from recognition.v1), shown on transcripts

Revision ID: 4a8e2d6c1b90
Revises: ee9c6b441075
Create Date: 2026-11-28 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4a8e2d6c1b90"
down_revision: str | None = "ee9c6b441075"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "learning_achievement",
        sa.Column("award_id", sa.String(length=36), nullable=False),
        sa.Column("learner_id", sa.String(length=64), nullable=False),
        sa.Column("badge_id", sa.String(length=200), nullable=False),
        sa.Column("badge_name", sa.String(length=300), nullable=False),
        sa.Column("awarded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("award_id"),
    )
    op.create_index(
        "ix_learning_achievement_learner_id", "learning_achievement", ["learner_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_learning_achievement_learner_id", table_name="learning_achievement")
    op.drop_table("learning_achievement")

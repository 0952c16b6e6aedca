"""Statements: an index on (authority_key, seq), which a `statements/read/mine` credential walks

Without it the query read every statement in seq order until it found a page of its own
(issue 10.5: plans that do not depend on planner statistics).

Revision ID: 7c3d9e2b5f18
Revises: 5b7d9f1a3c24
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7c3d9e2b5f18"
down_revision: str | None = "5b7d9f1a3c24"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_statements_authority_seq", "statements", ["authority_key", "seq"])


def downgrade() -> None:
    op.drop_index("ix_statements_authority_seq", table_name="statements")

"""Statements: flag those whose StatementRef target is itself a StatementRef statement

Deep StatementRef chains are followed from this small partial index instead of from every
statement with a target.

Revision ID: 9d2f4b6a8c10
Revises: 4a8e2d6c1b90
Create Date: 2026-11-28 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9d2f4b6a8c10"
down_revision: str | None = "4a8e2d6c1b90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.add_column(
            sa.Column("target_is_ref", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        """
        UPDATE statements SET target_is_ref = TRUE
        WHERE target_statement_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM statements AS target
            WHERE target.statement_id = statements.target_statement_id
              AND target.target_statement_id IS NOT NULL
        )
        """
    )
    op.create_index(
        "ix_statements_target_is_ref_seq",
        "statements",
        ["seq"],
        sqlite_where=sa.text("target_is_ref"),
        postgresql_where=sa.text("target_is_ref"),
    )


def downgrade() -> None:
    op.drop_index("ix_statements_target_is_ref_seq", table_name="statements")
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("target_is_ref")

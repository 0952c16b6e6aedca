"""reporting_lines: who reports to whom, from the HRIS events the catalog consumes.

Revision ID: 3a9f1c6e2b74
Revises: 0a4c6e8b2d15
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3a9f1c6e2b74"
down_revision: str | None = "0a4c6e8b2d15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EMPLOYEE = sa.String(length=64).with_variant(sa.VARCHAR(length=64, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "reporting_lines",
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("employee_id", EMPLOYEE, nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("manager_id", EMPLOYEE, nullable=True),
        sa.Column("employed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index(
        "ix_reporting_lines_in_force",
        "reporting_lines",
        ["employee_id", "effective_date", "occurred_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_reporting_lines_in_force", table_name="reporting_lines")
    op.drop_table("reporting_lines")

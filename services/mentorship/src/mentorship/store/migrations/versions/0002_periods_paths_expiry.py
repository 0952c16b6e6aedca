"""HRIS periods kept by the consumer, catalog paths and path completions, proposal expiry index

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 17:00:00
"""

from collections.abc import Sequence
from datetime import date, datetime

import sqlalchemy as sa
import sqlmodel

from alembic import op
from mentorship.domain.hris import HrisFact, periods

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    periods_table = op.create_table(
        "employee_periods",
        sa.Column("employee_id", _ID(length=64), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("manager_id", _ID(length=64), nullable=True),
        sa.Column("department", _ID(length=200), nullable=False),
        sa.Column("role_id", _ID(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("employee_id", "valid_from"),
    )
    op.create_index(
        "ix_employee_periods_manager", "employee_periods", ["manager_id", "valid_from"]
    )
    op.create_table(
        "catalog_item_skills",
        sa.Column("item_id", _ID(length=36), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("item_id"),
    )
    op.create_table(
        "paths",
        sa.Column("path_id", _ID(length=36), nullable=False),
        sa.Column("item_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("path_id"),
    )
    op.create_table(
        "path_completions",
        sa.Column("employee_id", _ID(length=64), nullable=False),
        sa.Column("path_id", _ID(length=36), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("employee_id", "path_id"),
    )
    op.create_index("ix_path_completions_path", "path_completions", ["path_id"])
    op.create_index("ix_mentorships_expiry", "mentorships", ["status", "expires_at"])
    _backfill_periods(periods_table)


def _backfill_periods(table: sa.Table) -> None:
    """Periods for the facts already held (the consumer keeps them from now on)."""
    rows = op.get_bind().execute(
        sa.text(
            "SELECT employee_id, effective_date, occurred_at, kind, manager_set, manager_id, "
            "department, role_id FROM employee_facts"
        )
    )
    by_employee: dict[str, list[HrisFact]] = {}
    for r in rows:
        effective = r[1] if isinstance(r[1], date) else date.fromisoformat(str(r[1]))
        occurred = r[2] if isinstance(r[2], datetime) else datetime.fromisoformat(str(r[2]))
        fact = HrisFact(r[0], effective, occurred, r[3], bool(r[4]), r[5], r[6], r[7])
        by_employee.setdefault(r[0], []).append(fact)
    values = [
        {
            "employee_id": employee_id,
            "valid_from": p.valid_from,
            "valid_to": p.valid_to,
            "manager_id": p.employee.manager_id,
            "department": p.employee.department,
            "role_id": p.employee.role_id,
            "active": p.employee.active,
        }
        for employee_id, facts in by_employee.items()
        for p in periods(facts)
    ]
    if values:
        op.bulk_insert(table, values)


def downgrade() -> None:
    op.drop_index("ix_mentorships_expiry", table_name="mentorships")
    op.drop_index("ix_path_completions_path", table_name="path_completions")
    op.drop_table("path_completions")
    op.drop_table("paths")
    op.drop_table("catalog_item_skills")
    op.drop_index("ix_employee_periods_manager", table_name="employee_periods")
    op.drop_table("employee_periods")

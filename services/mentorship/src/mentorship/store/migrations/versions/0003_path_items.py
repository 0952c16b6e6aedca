"""A path's required items as rows (an item event finds the paths holding it)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 17:45:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    items = op.create_table(
        "path_items",
        sa.Column("path_id", _ID(length=36), nullable=False),
        sa.Column("item_id", _ID(length=36), nullable=False),
        sa.PrimaryKeyConstraint("path_id", "item_id"),
    )
    op.create_index("ix_path_items_item", "path_items", ["item_id"])
    paths = sa.table("paths", sa.column("path_id", sa.String), sa.column("item_ids", sa.JSON))
    rows: list[dict[str, Any]] = [
        {"path_id": path_id, "item_id": item_id}
        for path_id, item_ids in op.get_bind().execute(sa.select(paths.c.path_id, paths.c.item_ids))
        for item_id in dict.fromkeys(item_ids or [])
    ]
    if rows:
        op.bulk_insert(items, rows)
    op.drop_table("paths")


def downgrade() -> None:
    op.create_table(
        "paths",
        sa.Column("path_id", _ID(length=36), nullable=False),
        sa.Column("item_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("path_id"),
    )
    op.drop_index("ix_path_items_item", table_name="path_items")
    op.drop_table("path_items")

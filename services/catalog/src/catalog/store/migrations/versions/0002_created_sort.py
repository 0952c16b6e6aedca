"""items: a browse index for the `created` sorts.

Revision ID: 5c1d7e2b9a40
Revises: a255903a9429
Create Date: 2026-12-03 10:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5c1d7e2b9a40"
down_revision: str | None = "a255903a9429"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_items_browse_created",
            ["status", "created_at", "id", "kind", "language", "duration_minutes"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index("ix_items_browse_created")

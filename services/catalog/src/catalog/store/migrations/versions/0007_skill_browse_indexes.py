"""item_skills: a copy of each item's sort keys and filter columns, and a browse index per sort.

A skill filter with a sort (title, duration, created, updated; either direction) read every
item teaching the skill, then sorted them: 10,000 rows per page for a skill taught by 1 % of a
million items, seconds on SQLite. With the item's sort keys beside each skill link and an index
on (skill, status, sort key, item) per sort, a page is read in order and the walk stops.

The table is rebuilt (old rows copied with their item's values in one pass, the indexes built
after): adding NOT NULL columns to a filled table is a rebuild on SQLite anyway. The index on
(skill, level) goes: each new index starts with the skill and carries the level.

Revision ID: 8b3e5a1c7d20
Revises: 6d2b8f4a1e93
Create Date: 2026-12-03 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8b3e5a1c7d20"
down_revision: str | None = "6d2b8f4a1e93"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ordered(length: int) -> sa.types.TypeEngine[str]:
    return sa.String(length=length).with_variant(
        sa.VARCHAR(length=length, collation="C"), "postgresql"
    )


def _link_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("item_id", _ordered(36), nullable=False),
        sa.Column("skill_id", _ordered(200), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
    ]


def _copied_columns() -> list[sa.Column[object]]:
    """The item's columns each link carries (ItemSkillRow, LINK_COPIES)."""
    return [
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sort_title", _ordered(300), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("language", _ordered(35), nullable=False),
    ]


# name -> sort key; each index carries the columns a filter checks (see ItemSkillRow).
BROWSE_INDEXES = {
    "title": "sort_title",
    "duration": "duration_minutes",
    "created": "created_at",
    "updated": "updated_at",
}


def _rebuild(columns: list[sa.Column[object]], copied_from_items: list[str]) -> None:
    """item_skills made again with `columns`, its rows copied (with `copied_from_items` taken
    from each link's item)."""
    postgres = op.get_bind().dialect.name == "postgresql"
    op.rename_table("item_skills", "item_skills_old")
    if postgres:
        # Constraint (and index) names are per schema on PostgreSQL: free the primary key's.
        op.execute("ALTER TABLE item_skills_old RENAME CONSTRAINT item_skills_pkey TO item_skills_old_pkey")
    op.create_table(
        "item_skills",
        *columns,
        sa.PrimaryKeyConstraint("item_id", "skill_id", name="item_skills_pkey" if postgres else None),
    )
    names = [column.name for column in columns]
    picked = ", ".join(
        f"i.{name}" if name in copied_from_items else f"s.{name}" for name in names
    )
    op.execute(
        f"INSERT INTO item_skills ({', '.join(names)}) "
        f"SELECT {picked} FROM item_skills_old s JOIN items i ON i.id = s.item_id"
    )
    op.drop_table("item_skills_old")


def upgrade() -> None:
    copied = _copied_columns()
    _rebuild(_link_columns() + copied, [column.name for column in copied])
    for name, sort_key in BROWSE_INDEXES.items():
        carried = [c for c in ("level", "kind", "language", "duration_minutes") if c != sort_key]
        op.create_index(
            f"ix_item_skills_browse_{name}",
            "item_skills",
            ["skill_id", "status", sort_key, "item_id", *carried],
        )


def downgrade() -> None:
    _rebuild(_link_columns(), [])
    op.create_index("ix_item_skills_skill_level", "item_skills", ["skill_id", "level"])

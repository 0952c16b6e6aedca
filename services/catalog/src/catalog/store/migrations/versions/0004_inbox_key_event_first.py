"""inbox: its unique key leads with the event id (fast without planner statistics).

Revision ID: 0a4c6e8b2d15
Revises: 7e4b2c9d1f03
Create Date: 2026-12-03 13:45:00
"""

from collections.abc import Sequence

from continuum_runtime.migrations import lead_inbox_key_with_event_id, restore_legacy_inbox_key

revision: str = "0a4c6e8b2d15"
down_revision: str | None = "7e4b2c9d1f03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    lead_inbox_key_with_event_id()


def downgrade() -> None:
    restore_legacy_inbox_key()

"""xAPI credentials: the content (Activity id prefixes) each provider is registered for

Credentials issued before keep any content (`*`), as they could write anything until now.

Revision ID: 5b8e1f3a7c24
Revises: 9d2f4b6a8c10
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b8e1f3a7c24"
down_revision: str | None = "9d2f4b6a8c10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("xapi_credentials") as batch:
        batch.add_column(sa.Column("content", sa.Text(), nullable=False, server_default="*"))


def downgrade() -> None:
    with op.batch_alter_table("xapi_credentials") as batch:
        batch.drop_column("content")

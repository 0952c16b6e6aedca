"""xAPI documents (State, Activity Profile, Agent Profile) and canonical Activity Definitions

Revision ID: b7d1c0a4e2f3
Revises:
Create Date: 2026-11-28 15:54:47.133601
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7d1c0a4e2f3"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "xapi_documents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("scope_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("activity_id", sa.Text(), nullable=True),
        sa.Column("agent_key", sa.Text(), nullable=True),
        sa.Column("registration", sa.String(length=36), nullable=True),
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.Column("content_type", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("etag", sa.String(length=40), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_index("ix_xapi_documents_scope_hash", "xapi_documents", ["scope_hash"])
    op.create_table(
        "xapi_activities",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("activity_id", sa.Text(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash"),
    )


def downgrade() -> None:
    op.drop_table("xapi_activities")
    op.drop_index("ix_xapi_documents_scope_hash", table_name="xapi_documents")
    op.drop_table("xapi_documents")

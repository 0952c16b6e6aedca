"""xAPI statements (with their filter rows and attachments), xAPI credentials, outbox and inbox

Revision ID: c3e5a7f9d1b2
Revises: b7d1c0a4e2f3
Create Date: 2026-11-28 15:55:49.938236
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3e5a7f9d1b2"
down_revision: str | None = "b7d1c0a4e2f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite auto-increments only INTEGER PRIMARY KEY; PostgreSQL gets BIGSERIAL.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("consumer", sa.String(length=128), nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("event_type", sa.String(length=255), nullable=False),
        sa.Column("topic", sa.String(length=255), nullable=False),
        sa.Column("partition", sa.Integer(), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consumer", "event_id", name="uq_inbox_consumer_event"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=255), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("event_type", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    op.create_index("ix_outbox_unsent", "outbox", ["sent_at", "id"])
    op.create_table(
        "statements",
        sa.Column("seq", BigId, autoincrement=True, nullable=False),
        sa.Column("statement_id", sa.String(length=36), nullable=False),
        sa.Column("stored_us", sa.BigInteger(), nullable=False),
        sa.Column("verb_id", sa.String(length=2048), nullable=False),
        sa.Column("actor_key", sa.String(length=2048), nullable=False),
        sa.Column("authority_key", sa.String(length=2048), nullable=False),
        sa.Column("registration", sa.String(length=36), nullable=True),
        sa.Column("target_statement_id", sa.String(length=36), nullable=True),
        sa.Column("is_voiding", sa.Boolean(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("has_attachments", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("statement_id"),
    )
    op.create_index("ix_statements_actor_seq", "statements", ["actor_key", "seq"])
    op.create_index("ix_statements_registration_seq", "statements", ["registration", "seq"])
    op.create_index("ix_statements_stored", "statements", ["stored_us"])
    op.create_index("ix_statements_target", "statements", ["target_statement_id"])
    op.create_index("ix_statements_verb_seq", "statements", ["verb_id", "seq"])
    op.create_index(
        "ix_statements_with_target_seq",
        "statements",
        ["seq"],
        sqlite_where=sa.text("target_statement_id IS NOT NULL"),
        postgresql_where=sa.text("target_statement_id IS NOT NULL"),
    )
    op.create_table(
        "statement_refs",
        sa.Column("seq", BigId, nullable=False),
        sa.Column("ref", sa.String(length=2048), nullable=False),
        sa.Column("related", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["seq"], ["statements.seq"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seq", "ref"),
    )
    op.create_index("ix_statement_refs_ref_seq", "statement_refs", ["ref", "seq", "related"])
    op.create_table(
        "statement_attachments",
        sa.Column("sha2", sa.String(length=128), nullable=False),
        sa.Column("content_type", sa.String(length=255), nullable=False),
        sa.Column("length", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha2"),
    )
    op.create_table(
        "xapi_credentials",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("xapi_credentials")
    op.drop_table("statement_attachments")
    op.drop_index("ix_statement_refs_ref_seq", table_name="statement_refs")
    op.drop_table("statement_refs")
    for index in (
        "ix_statements_with_target_seq",
        "ix_statements_verb_seq",
        "ix_statements_target",
        "ix_statements_stored",
        "ix_statements_registration_seq",
        "ix_statements_actor_seq",
    ):
        op.drop_index(index, table_name="statements")
    op.drop_table("statements")
    op.drop_index("ix_outbox_unsent", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("inbox")

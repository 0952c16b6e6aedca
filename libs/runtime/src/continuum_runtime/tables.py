"""The outbox and inbox tables, added to each service's own metadata (and migrations)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# The inbox's unique key: (event_id, consumer); earlier migrations made (consumer, event_id).
INBOX_KEY = "uq_inbox_event_consumer"
LEGACY_INBOX_KEY = "uq_inbox_consumer_event"

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


@dataclass(frozen=True)
class MessagingTables:
    outbox: Table
    inbox: Table


def add_messaging_tables(metadata: MetaData) -> MessagingTables:
    """Define `outbox` and `inbox` on a service's metadata (idempotent)."""
    if "outbox" in metadata.tables:
        return MessagingTables(metadata.tables["outbox"], metadata.tables["inbox"])
    outbox = Table(
        "outbox",
        metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("topic", String(255), nullable=False),
        Column("key", String(255), nullable=False),
        Column("event_type", String(255), nullable=False),
        Column("source", String(255), nullable=False),
        Column("subject", String(255), nullable=True),
        Column("occurred_at", DateTime(timezone=True), nullable=False),
        Column("payload", Text, nullable=False),
        Column("headers", JSON, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text, nullable=True),
    )
    # The relay's scan: unsent rows in id order.
    Index("ix_outbox_unsent", outbox.c.sent_at, outbox.c.id)
    inbox = Table(
        "inbox",
        metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("consumer", String(128), nullable=False),
        Column("event_id", String(128), nullable=False),
        Column("event_type", String(255), nullable=False),
        Column("topic", String(255), nullable=False),
        Column("partition", Integer, nullable=False),
        Column("offset", BigInteger, nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
        # The event id leads: it is what a batch looks up, and it stays selective for a planner
        # without statistics (one consumer per database would make `consumer` match every row).
        UniqueConstraint("event_id", "consumer", name=INBOX_KEY),
    )
    return MessagingTables(outbox, inbox)

"""Tables of the xAPI statements: one row per statement plus the rows the filters search.

`statements` keeps the full statement JSON as text and, as indexed columns, what the query
filters compare: the verb, the registration, the voided flag, `stored` (microseconds since the
epoch). `seq` (insertion order) orders results and is the paging cursor, so that every filter
walks one index (filter value, seq) in order and stops after `limit` rows.
`statement_refs` holds one row per Agent IFI and per Activity id a statement matches,
`related` telling whether only the related_* filters see it.
`statement_attachments` keeps attachment content once per SHA-2.
`xapi_documents` holds State, Activity Profile and Agent Profile documents, `xapi_activities`
the canonical Activity Definitions, `xapi_credentials` the clients' Basic credentials and the
content each is registered for.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
    text,
)
from sqlmodel import Field

from progress.store.base import Table

# SQLite makes an INTEGER PRIMARY KEY the rowid (auto-increment); PostgreSQL wants BIGINT.
SeqType = BigInteger().with_variant(Integer(), "sqlite")


class StatementRow(Table, table=True):
    """One stored statement."""

    __tablename__ = "statements"
    __table_args__ = (
        Index("ix_statements_verb_seq", "verb_id", "seq"),
        Index("ix_statements_registration_seq", "registration", "seq"),
        Index("ix_statements_stored", "stored_us"),
        Index("ix_statements_target", "target_statement_id"),
        Index("ix_statements_actor_seq", "actor_key", "seq"),
        # Statements with a StatementRef object, in order: the "targets a match" filter path.
        Index(
            "ix_statements_with_target_seq",
            "seq",
            sqlite_where=text("target_statement_id IS NOT NULL"),
            postgresql_where=text("target_statement_id IS NOT NULL"),
        ),
        # Statements whose target is itself a StatementRef statement: where deeper chains start.
        Index(
            "ix_statements_target_is_ref_seq",
            "seq",
            sqlite_where=text("target_is_ref"),
            postgresql_where=text("target_is_ref"),
        ),
    )

    seq: int | None = Field(default=None, sa_column=Column(SeqType, primary_key=True))
    statement_id: str = Field(sa_column=Column(String(36), nullable=False, unique=True))
    stored_us: int = Field(sa_column=Column(BigInteger, nullable=False))
    verb_id: str = Field(sa_column=Column(String(2048), nullable=False))
    # The learner key (employee id or actor IFI), as on xapi.statements.v1.
    actor_key: str = Field(sa_column=Column(String(2048), nullable=False))
    authority_key: str = Field(sa_column=Column(String(2048), nullable=False))
    registration: str | None = Field(default=None, sa_column=Column(String(36)))
    # The statement a StatementRef object points at (voiding targets among them).
    target_statement_id: str | None = Field(default=None, sa_column=Column(String(36)))
    # The target is stored and has a StatementRef object itself (kept up to date on arrival).
    target_is_ref: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    is_voiding: bool = Field(sa_column=Column(Boolean, nullable=False))
    voided: bool = Field(sa_column=Column(Boolean, nullable=False))
    has_attachments: bool = Field(sa_column=Column(Boolean, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))


class StatementRefRow(Table, table=True):
    """Something the agent or activity filter matches in a statement, one row each.

    `ref` is ``agent <IFI key>`` or ``activity <activity id>``: one table (so one INSERT per
    batch) and one index serving both filters.
    """

    __tablename__ = "statement_refs"
    __table_args__ = (Index("ix_statement_refs_ref_seq", "ref", "seq", "related"),)

    seq: int = Field(
        sa_column=Column(
            SeqType, ForeignKey("statements.seq", ondelete="CASCADE"), primary_key=True
        )
    )
    ref: str = Field(sa_column=Column(String(2048), primary_key=True))
    related: bool = Field(sa_column=Column(Boolean, nullable=False))


class StatementAttachmentRow(Table, table=True):
    """Attachment content, stored once per SHA-2 whatever the number of statements using it."""

    __tablename__ = "statement_attachments"

    sha2: str = Field(sa_column=Column(String(128), primary_key=True))
    content_type: str = Field(sa_column=Column(String(255), nullable=False))
    length: int = Field(sa_column=Column(BigInteger, nullable=False))
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class XapiDocument(Table, table=True):
    """A State, Activity Profile or Agent Profile document, stored as the bytes received."""

    __tablename__ = "xapi_documents"

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    scope_hash: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    activity_id: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    agent_key: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    registration: str | None = Field(default=None, sa_column=Column(String(36), nullable=True))
    document_id: str = Field(sa_column=Column(Text, nullable=False))
    content_type: str = Field(sa_column=Column(String(255), nullable=False))
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    etag: str = Field(sa_column=Column(String(40), nullable=False))
    updated: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class XapiActivity(Table, table=True):
    """The LRS's canonical Activity Definition, merged from the Statements it has stored."""

    __tablename__ = "xapi_activities"

    id_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    activity_id: str = Field(sa_column=Column(Text, nullable=False))
    definition: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    updated: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class XapiCredential(Table, table=True):
    """One xAPI client: the secret is stored only as HMAC-SHA256(pepper, secret)."""

    __tablename__ = "xapi_credentials"

    key: str = Field(sa_column=Column(String(64), primary_key=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    scopes: str = Field(sa_column=Column(String(500), nullable=False))  # space separated
    # Activity id prefixes it is registered for, space separated; `*`: any content.
    content: str = Field(sa_column=Column(Text, nullable=False, server_default="*"))
    secret_hash: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


statements_table = StatementRow.__table__  # type: ignore[attr-defined]
refs_table = StatementRefRow.__table__  # type: ignore[attr-defined]
attachments_table = StatementAttachmentRow.__table__  # type: ignore[attr-defined]


def agent_ref(ifi_key: str) -> str:
    return "agent " + ifi_key


def activity_ref(activity_id: str) -> str:
    return "activity " + activity_id

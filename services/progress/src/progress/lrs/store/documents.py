"""xAPI documents (State, Activity Profile, Agent Profile) and the Activity Definitions learnt
from stored Statements.

One table holds the three kinds of document: a document lives in a *scope* (kind, activity,
agent, registration) under its own id. Both are stored as SHA-256 hashes as well, so that
arbitrarily long IRIs never meet an index length limit on either backend.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import JSON, Column, DateTime, LargeBinary, String, Text, delete, insert, select
from sqlalchemy import Table as CoreTable
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, col

from progress.store.base import Table

DocumentKind = Literal["state", "activity_profile", "agent_profile"]

# Activity Definition properties whose values are objects merged key by key (language maps and
# extensions); every other property is replaced by the newest Statement's value.
_MERGED_DEFINITION_KEYS = ("name", "description", "extensions")
_CONTEXT_ACTIVITY_KEYS = ("parent", "grouping", "category", "other")


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


@dataclass(frozen=True)
class DocumentScope:
    """Where a document lives; unused parts are None (no agent for an Activity Profile...)."""

    kind: DocumentKind
    activity_id: str | None = None
    agent_key: str | None = None
    registration: str | None = None

    def hash(self) -> str:
        return _sha256(self.kind, self.activity_id, self.agent_key, self.registration)

    def key_hash(self, document_id: str) -> str:
        return _sha256(self.kind, self.activity_id, self.agent_key, self.registration, document_id)


@dataclass(frozen=True)
class StoredDocument:
    document_id: str
    content_type: str
    content: bytes
    etag: str
    updated: datetime


def document_etag(content: bytes) -> str:
    """The SHA-1 hex digest of the document's bytes (unquoted)."""
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


# -- documents ---------------------------------------------------------------------------------


async def get_document(
    session: AsyncSession, scope: DocumentScope, document_id: str, *, for_update: bool = False
) -> StoredDocument | None:
    """One document, locked until the transaction ends when `for_update`."""
    query = select(XapiDocument).where(col(XapiDocument.key_hash) == scope.key_hash(document_id))
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).scalar_one_or_none()
    return None if row is None else _stored(row)


async def list_document_ids(
    session: AsyncSession, scope: DocumentScope, *, since: datetime | None = None
) -> list[str]:
    """The ids of the scope's documents, those updated after `since` (exclusive) when given."""
    query = select(col(XapiDocument.document_id)).where(
        col(XapiDocument.scope_hash) == scope.hash()
    )
    if since is not None:
        query = query.where(col(XapiDocument.updated) > _utc(since))
    query = query.order_by(col(XapiDocument.updated), col(XapiDocument.id))
    return list((await session.execute(query)).scalars())


async def create_document(
    session: AsyncSession,
    scope: DocumentScope,
    document_id: str,
    *,
    content: bytes,
    content_type: str,
    now: datetime | None = None,
) -> StoredDocument | None:
    """Insert a new document; None when another transaction created it first."""
    stored = StoredDocument(document_id, content_type, content, document_etag(content), _now(now))
    values = {
        "key_hash": scope.key_hash(document_id),
        "scope_hash": scope.hash(),
        "kind": scope.kind,
        "activity_id": scope.activity_id,
        "agent_key": scope.agent_key,
        "registration": scope.registration,
        "document_id": document_id,
        "content_type": content_type,
        "content": content,
        "etag": stored.etag,
        "updated": stored.updated,
    }
    table = _core(XapiDocument)
    inserted = await _insert_unless_exists(session, table, values, ["key_hash"])
    return stored if inserted else None


async def replace_document(
    session: AsyncSession,
    scope: DocumentScope,
    document_id: str,
    *,
    content: bytes,
    content_type: str,
    now: datetime | None = None,
) -> StoredDocument:
    """Overwrite an existing document (the caller holds its row lock)."""
    stored = StoredDocument(document_id, content_type, content, document_etag(content), _now(now))
    table = _core(XapiDocument)
    await session.execute(
        table.update()
        .where(table.c.key_hash == scope.key_hash(document_id))
        .values(
            content=content, content_type=content_type, etag=stored.etag, updated=stored.updated
        )
    )
    return stored


async def delete_document(session: AsyncSession, scope: DocumentScope, document_id: str) -> bool:
    """Delete one document; whether it existed."""
    result = await session.execute(
        delete(XapiDocument).where(col(XapiDocument.key_hash) == scope.key_hash(document_id))
    )
    return bool(getattr(result, "rowcount", 0))


async def delete_documents(session: AsyncSession, scope: DocumentScope) -> int:
    """Delete every document of a scope (the State Resource's multiple-document DELETE)."""
    result = await session.execute(
        delete(XapiDocument).where(col(XapiDocument.scope_hash) == scope.hash())
    )
    return int(getattr(result, "rowcount", 0))


# -- activities --------------------------------------------------------------------------------


async def record_activity_definitions(
    session: AsyncSession, statements: Iterable[Mapping[str, Any]]
) -> None:
    """Merge the Activity Definitions found in stored Statements into the canonical ones.

    Call it in the transaction that stores the (already validated) Statements. Activities in
    the object, the context activities and a SubStatement's object and context all count; a
    later Statement's definition wins property by property, language maps and extensions merge.
    """
    learnt: dict[str, dict[str, Any]] = {}
    for statement in statements:
        for activity in _statement_activities(statement):
            definition = activity.get("definition")
            if isinstance(definition, Mapping) and definition:
                activity_id = str(activity["id"])
                learnt[activity_id] = merge_definitions(learnt.get(activity_id), definition)
    now = _now(None)
    # A fixed order of row locks keeps concurrent batches from deadlocking on PostgreSQL.
    for activity_id, definition in sorted(learnt.items()):
        await _merge_activity(session, activity_id, definition, now)


async def get_activity_definition(session: AsyncSession, activity_id: str) -> dict[str, Any] | None:
    """The canonical definition of one Activity, None when no Statement has defined it."""
    row = await session.get(XapiActivity, _sha256(activity_id))
    return None if row is None else dict(row.definition)


async def activity_definitions(
    session: AsyncSession, activity_ids: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """Canonical definitions by Activity id (for the ``canonical`` statement format)."""
    hashes = {_sha256(activity_id) for activity_id in activity_ids}
    if not hashes:
        return {}
    rows = await session.execute(select(XapiActivity).where(col(XapiActivity.id_hash).in_(hashes)))
    return {row.activity_id: dict(row.definition) for row in rows.scalars()}


def merge_definitions(
    current: Mapping[str, Any] | None, newer: Mapping[str, Any]
) -> dict[str, Any]:
    """`newer` applied over `current`: maps merge key by key, other properties are replaced."""
    merged = dict(current or {})
    for key, value in newer.items():
        previous = merged.get(key)
        if key in _MERGED_DEFINITION_KEYS and isinstance(previous, Mapping):
            merged[key] = {**previous, **value} if isinstance(value, Mapping) else value
        else:
            merged[key] = value
    return merged


async def _merge_activity(
    session: AsyncSession, activity_id: str, definition: dict[str, Any], now: datetime
) -> None:
    id_hash = _sha256(activity_id)
    values = {"id_hash": id_hash, "activity_id": activity_id, "definition": definition}
    if await _insert_unless_exists(
        session, _core(XapiActivity), {**values, "updated": now}, ["id_hash"]
    ):
        return
    table = _core(XapiActivity)
    current = (
        await session.execute(
            select(table.c.definition).where(table.c.id_hash == id_hash).with_for_update()
        )
    ).scalar_one()
    merged = merge_definitions(current, definition)
    if merged != current:
        await session.execute(
            table.update().where(table.c.id_hash == id_hash).values(definition=merged, updated=now)
        )


def _statement_activities(statement: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    target = statement.get("object")
    if isinstance(target, Mapping):
        object_type = target.get("objectType", "Activity")
        if object_type == "Activity" and "id" in target:
            yield target
        elif object_type == "SubStatement":
            yield from _statement_activities(target)
    context = statement.get("context")
    activities = context.get("contextActivities") if isinstance(context, Mapping) else None
    if isinstance(activities, Mapping):
        for key in _CONTEXT_ACTIVITY_KEYS:
            value = activities.get(key)
            for activity in value if isinstance(value, list) else (value,):
                if isinstance(activity, Mapping) and "id" in activity:
                    yield activity


# -- helpers -----------------------------------------------------------------------------------


async def _insert_unless_exists(
    session: AsyncSession, table: CoreTable, values: Mapping[str, Any], keys: list[str]
) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING, so a lost race never aborts the caller's transaction."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = (
            postgresql.insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
        )
    elif dialect == "sqlite":
        statement = (
            sqlite.insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
        )
    else:  # pragma: no cover - only the two supported backends exist
        statement = insert(table).values(**values)
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


def _core(model: type[Table]) -> CoreTable:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, CoreTable)
    return table


def _stored(row: XapiDocument) -> StoredDocument:
    return StoredDocument(
        document_id=row.document_id,
        content_type=row.content_type,
        content=bytes(row.content),
        etag=row.etag,
        updated=_utc(row.updated),
    )


def _sha256(*parts: str | None) -> str:
    # JSON keeps None apart from "" and stops one part's text from running into the next.
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _now(now: datetime | None) -> datetime:
    return _utc(now or datetime.now(UTC))


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored value is UTC.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)

"""xAPI documents (State, Activity Profile, Agent Profile), stored as the bytes received.

One table holds the three kinds: a document lives in a *scope* (kind, activity, agent,
registration) under its own id. Both are kept as SHA-256 hashes as well, so that arbitrarily
long IRIs never meet an index length limit on either backend.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from progress.lrs.domain.documents import DocumentScope, StoredDocument, document_etag
from progress.lrs.store.sql import as_utc, core_table, insert_unless_exists, utc_now
from progress.lrs.store.tables import XapiDocument


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
        query = query.where(col(XapiDocument.updated) > as_utc(since))
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
    stored = StoredDocument(
        document_id, content_type, content, document_etag(content), utc_now(now)
    )
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
    table = core_table(XapiDocument)
    inserted = await insert_unless_exists(session, table, values, ["key_hash"])
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
    stored = StoredDocument(
        document_id, content_type, content, document_etag(content), utc_now(now)
    )
    table = core_table(XapiDocument)
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


def _stored(row: XapiDocument) -> StoredDocument:
    return StoredDocument(
        document_id=row.document_id,
        content_type=row.content_type,
        content=bytes(row.content),
        etag=row.etag,
        updated=as_utc(row.updated),
    )

"""xAPI documents: read, store (PUT), merge (POST) and delete them under the concurrency
rules of Communication 3.1, and the Activity Definitions the LRS learnt from statements."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from continuum_runtime.unit_of_work import UnitOfWork
from progress.lrs.domain.documents import (
    RULE_CONCURRENCY,
    DocumentScope,
    Preconditions,
    StoredDocument,
    merged_document,
)
from progress.lrs.domain.errors import Refused
from progress.lrs.store import activities
from progress.lrs.store import documents as store


@dataclass(frozen=True)
class DocumentWrite:
    """A document a PUT or POST carries, and where it goes."""

    scope: DocumentScope
    document_id: str
    content: bytes
    content_type: str


async def get_document(
    *, uow: UnitOfWork, scope: DocumentScope, document_id: str
) -> StoredDocument | None:
    async with uow:
        return await store.get_document(uow.session, scope, document_id)


async def document_ids(
    *, uow: UnitOfWork, scope: DocumentScope, since: datetime | None
) -> list[str]:
    """The ids of the scope's documents, updated after `since` when given."""
    async with uow:
        return await store.list_document_ids(uow.session, scope, since=since)


async def put_document(
    *, uow: UnitOfWork, write: DocumentWrite, preconditions: Preconditions, required: bool
) -> StoredDocument:
    """Create or overwrite one document; a profile PUT (`required`) must carry a precondition."""
    async with uow:
        return await _store(uow, write, preconditions, required=required)


async def post_document(
    *,
    uow: UnitOfWork,
    write: DocumentWrite,
    posted: Mapping[str, Any] | None,
    preconditions: Preconditions,
) -> StoredDocument:
    """Create a document, or merge the posted JSON object into the existing one."""
    async with uow:
        return await _store(
            uow, write, preconditions, merge=lambda current: merged_document(current, posted)
        )


async def delete_documents(
    *,
    uow: UnitOfWork,
    scope: DocumentScope,
    document_id: str | None,
    preconditions: Preconditions,
) -> None:
    """Delete one document, or every document of the scope (State only) when no id is given."""
    async with uow:
        if document_id is None:
            await store.delete_documents(uow.session, scope)
            return
        current = await store.get_document(uow.session, scope, document_id, for_update=True)
        preconditions.check(current)
        if current is not None:
            await store.delete_document(uow.session, scope, document_id)


async def activity_definition(*, uow: UnitOfWork, activity_id: str) -> dict[str, Any] | None:
    """The LRS's canonical definition of an Activity (None when no statement defined it)."""
    async with uow:
        return await activities.get_activity_definition(uow.session, activity_id)


async def _store(
    uow: UnitOfWork,
    write: DocumentWrite,
    preconditions: Preconditions,
    *,
    required: bool = False,
    merge: Callable[[StoredDocument], bytes] | None = None,
) -> StoredDocument:
    """Create or overwrite one document under the preconditions; `merge` (POST) gives the new
    content of an existing document instead.

    When a concurrent request creates the document first, it is read back and the decision is
    taken again, as if this request had arrived just after the other.
    """
    session = uow.session
    scope, document_id = write.scope, write.document_id
    for _attempt in range(2):
        current = await store.get_document(session, scope, document_id, for_update=True)
        preconditions.check(current, required=required)
        if current is not None:
            if merge is not None:
                content, content_type = merge(current), current.content_type
            else:
                content, content_type = write.content, write.content_type
            return await store.replace_document(
                session, scope, document_id, content=content, content_type=content_type
            )
        created = await store.create_document(
            session, scope, document_id, content=write.content, content_type=write.content_type
        )
        if created is not None:
            return created
    raise Refused(409, "the document was changed by concurrent requests; retry", RULE_CONCURRENCY)

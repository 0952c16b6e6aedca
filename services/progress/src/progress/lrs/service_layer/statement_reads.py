"""Reading statements: one by id, a filtered page, and what formatting them needs (canonical
Activity Definitions, attachment content)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from continuum_runtime.unit_of_work import UnitOfWork
from progress.lrs.store import activities
from progress.lrs.store import statement_queries as store
from progress.lrs.store.statement_filter import StatementFilter
from progress.lrs.store.statement_queries import StoredStatement


async def statement_by_id(*, uow: UnitOfWork, statement_id: str) -> StoredStatement | None:
    async with uow:
        return await store.get_statement(uow.session, statement_id)


async def statement_page(
    *, uow: UnitOfWork, query: StatementFilter, limit: int, after_seq: int | None
) -> list[StoredStatement]:
    """Up to `limit` matching statements after the cursor position (see find_statements)."""
    async with uow:
        return await store.find_statements(uow.session, query, limit=limit, after_seq=after_seq)


async def canonical_definitions(
    *, uow: UnitOfWork, activity_ids: Iterable[str]
) -> dict[str, dict[str, Any]]:
    async with uow:
        return await activities.activity_definitions(uow.session, activity_ids)


async def attachment_contents(*, uow: UnitOfWork, sha2s: list[str]) -> dict[str, tuple[str, bytes]]:
    """Attachment content by SHA-2: (content type, bytes)."""
    async with uow:
        return await store.get_attachments(uow.session, sha2s)

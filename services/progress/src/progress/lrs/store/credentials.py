"""xAPI client credentials (HTTP Basic key/secret pairs): storing and finding them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from progress.lrs.store.tables import XapiCredential


async def insert_credential(session: AsyncSession, credential: XapiCredential) -> None:
    session.add(credential)
    await session.flush()


async def get_credential(session: AsyncSession, key: str) -> XapiCredential | None:
    return await session.get(XapiCredential, key)

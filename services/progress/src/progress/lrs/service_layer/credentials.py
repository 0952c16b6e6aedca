"""xAPI client credentials: issue them, find them for authentication."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

from continuum_runtime.unit_of_work import UnitOfWork
from progress.lrs.domain.credentials import hash_secret
from progress.lrs.store import credentials as store
from progress.lrs.store.tables import XapiCredential


async def issue_credential(
    *, uow: UnitOfWork, name: str, scopes: Sequence[str], content: Sequence[str], pepper: str
) -> tuple[str, str]:
    """A new key and secret for an activity provider registered for `content` (Activity id
    prefixes, or `*` for any); only the keyed hash of the secret is kept. Returns both."""
    if not content or any(not prefix or prefix.split() != [prefix] for prefix in content):
        raise ValueError("content must be Activity id prefixes (or *), without spaces")
    key = secrets.token_hex(16)
    secret = secrets.token_urlsafe(32)
    async with uow:
        await store.insert_credential(
            uow.session,
            XapiCredential(
                key=key,
                name=name,
                scopes=" ".join(scopes),
                content=" ".join(content),
                secret_hash=hash_secret(secret, pepper),
                created_at=datetime.now(UTC),
            ),
        )
    return key, secret


async def find_credential(*, uow: UnitOfWork, key: str) -> XapiCredential | None:
    async with uow:
        return await store.get_credential(uow.session, key)

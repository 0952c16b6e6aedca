"""xAPI client credentials (HTTP Basic key/secret pairs) and their lookup."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, String
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field

from progress.store.base import Table


class XapiCredential(Table, table=True):
    """One xAPI client: the secret is stored only as HMAC-SHA256(pepper, secret)."""

    __tablename__ = "xapi_credentials"

    key: str = Field(sa_column=Column(String(64), primary_key=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    scopes: str = Field(sa_column=Column(String(500), nullable=False))  # space separated
    secret_hash: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


def hash_secret(secret: str, pepper: str) -> str:
    """HMAC-SHA256 of a secret keyed with the server pepper, as hex.

    A slow password hash (bcrypt, scrypt) exists to stop guessing of low-entropy human passwords.
    These secrets are 32 random bytes (256 bits) made by the server, so guessing is hopeless and a
    fast keyed hash is as safe as a slow one; the pepper (kept outside the database) makes a
    stolen table useless on its own. Verifying takes a microsecond instead of ~100 ms, which
    matters when every xAPI request carries Basic credentials.
    """
    return hmac.new(pepper.encode(), secret.encode(), hashlib.sha256).hexdigest()


def secret_matches(secret: str, secret_hash: str, pepper: str) -> bool:
    return hmac.compare_digest(hash_secret(secret, pepper), secret_hash)


async def create_credential(
    session: AsyncSession, *, name: str, scopes: list[str], pepper: str
) -> tuple[str, str]:
    """Issue a new key and secret; only the hash of the secret is kept. Returns (key, secret)."""
    key = secrets.token_hex(16)
    secret = secrets.token_urlsafe(32)
    session.add(
        XapiCredential(
            key=key,
            name=name,
            scopes=" ".join(scopes),
            secret_hash=hash_secret(secret, pepper),
            created_at=datetime.now(UTC),
        )
    )
    await session.flush()
    return key, secret


async def get_credential(session: AsyncSession, key: str) -> XapiCredential | None:
    return await session.get(XapiCredential, key)

"""A fresh PostgreSQL database per test session, created and dropped by the tests."""

from __future__ import annotations

import os
import uuid

import asyncpg
from sqlalchemy.engine import make_url

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    """`TEST_POSTGRES_URL` names the server (any database on it); the default is local."""
    return os.environ.get("TEST_POSTGRES_URL", DEFAULT_ADMIN_URL)


async def create_database(prefix: str = "continuum_test") -> str:
    """Create an empty database; returns its SQLAlchemy asyncpg URL."""
    url = make_url(admin_url())
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(_plain(url.set(database="postgres")))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return url.set(drivername="postgresql+asyncpg", database=name).render_as_string(
        hide_password=False
    )


async def drop_database(sqlalchemy_url: str) -> None:
    url = make_url(sqlalchemy_url)
    conn = await asyncpg.connect(_plain(url.set(database="postgres")))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
    finally:
        await conn.close()


def _plain(url: object) -> str:
    from sqlalchemy.engine import URL

    assert isinstance(url, URL)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)

"""One progress app per backend for a test module: a migrated database, no broker."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from continuum_runtime.testing.postgres import create_database, drop_database
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

BACKENDS = ["sqlite", "postgresql"]

Seed = Callable[[FastAPI], Awaitable[None]]


@asynccontextmanager
async def progress_app(
    backend: str,
    tmp_path_factory: pytest.TempPathFactory,
    auth_settings: dict[str, str],
    **overrides: Any,
) -> AsyncIterator[FastAPI]:
    """The app on a fresh database made by the migrations; relay and consumers off."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('progress') / 'progress.db'}"
    else:
        url = await create_database()
    await migrate_async(url)
    settings = ProgressSettings(
        database_url=url,
        relay_enabled=False,
        consumers_enabled=False,
        log_json=False,
        **{**auth_settings, **overrides},
    )
    application = create_app(settings)
    try:
        yield application
    finally:
        await application.state.runtime.engine.dispose()
        if backend == "postgresql":
            await drop_database(url)


def app_per_backend(*, seed: Seed | None = None, **overrides: Any) -> Any:
    """A module-scoped `app` fixture, run once per backend; `seed` fills it before the tests.

    Assign it to `app` in the test module; `overrides` are ProgressSettings fields.
    """

    @pytest.fixture(scope="module", params=BACKENDS)
    async def app(
        request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory,
        auth_settings: dict[str, str],
    ) -> AsyncIterator[FastAPI]:
        async with progress_app(
            request.param, tmp_path_factory, auth_settings, **overrides
        ) as application:
            if seed is not None:
                await seed(application)
            yield application

    return app


def asgi_client(app: FastAPI, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    """A client calling the app in process; the caller closes it."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t", headers=headers
    )

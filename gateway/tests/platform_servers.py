"""The real services and the gateway, each served by uvicorn on a free port in the test loop.

Backends are the real catalog and progress apps on their own SQLite files with the session
broker (their own consumer groups), so the gateway talks HTTP to exactly what runs in
production. A backend can be stopped mid-test to see the gateway degrade.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.testing.broker import free_port


class ServedApp:
    """An app under uvicorn (lifespan on) as a task of the running loop."""

    def __init__(self, app: FastAPI, port: int | None = None) -> None:
        self.app = app
        self.port = port or free_port()
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="on", ws="none",
                                # Longer than any wait in a test, so a client never reuses a
                                # connection the server is closing (a ReadError, not a bug).
                                timeout_keep_alive=75)  # fmt: skip
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        for _ in range(600):
            if self._server.started:
                return
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.05)
        raise RuntimeError("the app did not start within 30 s")

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await asyncio.wait_for(self._task, 30)
            self._server = self._task = None


@dataclass
class Platform:
    issuer: DevIssuer
    gateway: ServedApp
    backends: dict[str, ServedApp]
    bootstrap_servers: str
    hris_secret: bytes
    _clients: list[httpx.AsyncClient] = field(default_factory=list)

    def token(self, subject: str, *roles: str, **claims: Any) -> str:
        return self.issuer.mint(subject, list(roles), reports=claims.pop("reports", None),
                                extra=claims or None)  # fmt: skip

    def client(
        self, subject: str | None = None, *roles: str, base: str | None = None, **claims: Any
    ) -> httpx.AsyncClient:
        """A client of the gateway (or of `base`) holding a token for `subject` with `roles`."""
        headers = {}
        if subject is not None:
            headers["Authorization"] = f"Bearer {self.token(subject, *roles, **claims)}"
        client = httpx.AsyncClient(base_url=base or self.gateway.url, headers=headers,
                                   timeout=30, trust_env=False)  # fmt: skip
        self._clients.append(client)
        return client

    def backend(self, name: str, subject: str, *roles: str) -> httpx.AsyncClient:
        """A client of a backend directly (seeding, and comparing with the gateway)."""
        return self.client(subject, *roles, base=self.backends[name].url)

    async def close(self) -> None:
        for client in self._clients:
            await client.aclose()


def unique_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def sqlite_url(folder: Path, name: str) -> str:
    return f"sqlite+aiosqlite:///{folder / f'{name}.db'}"


Factory = Callable[[Any], FastAPI]

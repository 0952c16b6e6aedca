"""The gateway's backends by name: one client each, closed together, probed for `/readyz`."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator

from gateway.backends.client import BackendClient, BackendConfig
from gateway.backends.errors import BackendUnavailable
from gateway.backends.metrics import BackendMetrics


class Backends:
    def __init__(
        self, configs: Iterable[BackendConfig], *, metrics: BackendMetrics | None = None
    ) -> None:
        self._clients: dict[str, BackendClient] = {}
        for config in configs:
            if config.name in self._clients:
                raise ValueError(f"backend {config.name!r} is configured twice")
            self._clients[config.name] = BackendClient(config, metrics=metrics)

    def __getitem__(self, name: str) -> BackendClient:
        try:
            return self._clients[name]
        except KeyError:
            raise KeyError(
                f"no backend named {name!r}; configured: {sorted(self._clients)}"
            ) from None

    def deployed(self, name: str) -> BackendClient:
        """The backend's client; BackendUnavailable (503) when this gateway has none."""
        client = self._clients.get(name)
        if client is None:
            raise BackendUnavailable(name, f"{name} is not deployed")
        return client

    def get(self, name: str, default: BackendClient | None = None) -> BackendClient | None:
        return self._clients.get(name, default)

    def __contains__(self, name: object) -> bool:
        return name in self._clients

    def __iter__(self) -> Iterator[BackendClient]:
        return iter(self._clients.values())

    async def readiness(self, wait_seconds: float = 1.0) -> dict[str, str]:
        """Each backend's probe result ("ok" or a short reason), probed concurrently."""
        clients = list(self._clients.values())
        results = await asyncio.gather(*(c.probe(wait_seconds=wait_seconds) for c in clients))
        return {c.name: result for c, result in zip(clients, results, strict=True)}

    async def aclose(self) -> None:
        await asyncio.gather(*(c.aclose() for c in self._clients.values()))

"""Runs the toy service's consumers in a process of its own (for kill tests).

python toy_worker.py DATABASE_URL BOOTSTRAP TOPIC JWKS_URL ISSUER
"""

from __future__ import annotations

import asyncio
import sys

from asgi_lifespan import LifespanManager
from helpers import toy_settings
from toy import build_toy


async def main(url: str, bootstrap: str, topic: str, jwks: str, issuer: str) -> None:
    auth = {"auth_jwks_url": jwks, "auth_issuer": issuer}
    settings = toy_settings(
        url, bootstrap, auth, service_name=f"toy-{topic}", consumer_batch_size=50
    )
    _runtime, app, _metadata, _effects = build_toy(
        settings, topic=topic, consumer_label="worker", handler_delay=0.01, batch=True
    )
    async with LifespanManager(app, startup_timeout=60):
        await asyncio.Event().wait()  # until killed


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))

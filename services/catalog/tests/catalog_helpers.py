"""Helpers for catalog tests: the app in process, tokens, and realistic payloads."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from catalog.main import create_app
from catalog.settings import CatalogSettings
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.service import ServiceRuntime


@dataclass
class CatalogClient:
    app: FastAPI
    runtime: ServiceRuntime
    http: httpx.AsyncClient
    admin: dict[str, str]
    learner: dict[str, str]
    learner_id: str

    async def put_skill(self, skill_id: str, **fields: Any) -> dict[str, Any]:
        body = {"name": skill_id.replace("-", " "), "category": "digital", **fields}
        response = await self.http.put(f"/skills/{skill_id}", json=body, headers=self.admin)
        assert response.status_code in (200, 201), response.text
        return dict(response.json())

    async def put_role(self, role_id: str, skills: dict[str, int], **fields: Any) -> dict[str, Any]:
        body = {
            "title": role_id.replace("-", " "),
            "required_skills": [{"skill_id": s, "level": lv} for s, lv in skills.items()],
            **fields,
        }
        response = await self.http.put(f"/roles/{role_id}", json=body, headers=self.admin)
        assert response.status_code in (200, 201), response.text
        return dict(response.json())

    async def create_item(self, **fields: Any) -> dict[str, Any]:
        response = await self.http.post("/items", json=item_body(**fields), headers=self.admin)
        assert response.status_code == 201, response.text
        return dict(response.json())


def item_body(**fields: Any) -> dict[str, Any]:
    """A valid course; keyword arguments replace or add fields."""
    body: dict[str, Any] = {
        "kind": "course",
        "title": "Python for data analysis",
        "summary": "Load, clean and explore tabular data with pandas.",
        "language": "en",
        "duration_minutes": 240,
        "skills": [],
        "tags": ["python", "data"],
        "details": {"provider": "Internal Academy", "credits": 2},
        "status": "published",
    }
    body.update(fields)
    return body


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def catalog_settings(
    url: str, bootstrap: str, auth: dict[str, str], **overrides: Any
) -> CatalogSettings:
    values: dict[str, Any] = {
        "database_url": url,
        "kafka_bootstrap_servers": bootstrap,
        "relay_interval_seconds": 0.05,
        "log_json": False,
        "max_request_bytes": 64 * 1024,
        "import_max_bytes": 8 * 1024 * 1024,
        **auth,
        **overrides,
    }
    return CatalogSettings(**values)


@asynccontextmanager
async def start_catalog(
    url: str, bootstrap: str, auth: dict[str, str], issuer: DevIssuer, **overrides: Any
) -> AsyncIterator[CatalogClient]:
    app = create_app(catalog_settings(url, bootstrap, auth, **overrides))
    learner_id = unique("E")
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
    ):
        yield CatalogClient(
            app=app,
            runtime=app.state.runtime,
            http=http,
            admin={"Authorization": f"Bearer {issuer.mint('admin-1', ['admin'])}"},
            learner={"Authorization": f"Bearer {issuer.mint(learner_id, ['learner'])}"},
            learner_id=learner_id,
        )

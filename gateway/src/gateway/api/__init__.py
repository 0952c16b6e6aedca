"""The gateway's routes: composed views, pass-through routes, HRIS, live events, xAPI."""

from __future__ import annotations

from fastapi import APIRouter

from gateway.api import hris, live, views, xapi
from gateway.api.catalog_passages import CATALOG_PASSAGES
from gateway.api.passages import passage_router
from gateway.api.progress_passages import PROGRESS_PASSAGES

# Composed views first: where a view and a pass-through share a path, the view answers.
ROUTERS: list[APIRouter] = [
    views.router,
    live.router,
    hris.router,
    passage_router("catalog", CATALOG_PASSAGES, tag="catalog"),
    passage_router("progress", PROGRESS_PASSAGES, tag="progress"),
    xapi.router,
]

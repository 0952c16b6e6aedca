"""HTTP routers of the catalog service."""

from __future__ import annotations

from fastapi import APIRouter

from catalog.api import (
    aspirations,
    imports,
    items,
    paths,
    recommendations,
    roles,
    skills,
    transfer,
)

ROUTERS: list[APIRouter] = [
    skills.router,
    roles.router,
    aspirations.router,
    items.router,
    paths.router,
    recommendations.router,
    transfer.router,
    imports.router,
]

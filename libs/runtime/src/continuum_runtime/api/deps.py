"""FastAPI dependencies every service's routers use: the caller, role guards, the unit of work.

async def create(body: ItemCreate, principal: AdminPrincipal, uow: UnitOfWorkDep): ...
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from continuum_runtime.auth.dependencies import (
    AdminPrincipal,
    CurrentPrincipal,
    current_principal,
    require_roles,
)
from continuum_runtime.unit_of_work import UnitOfWork


def unit_of_work(request: Request) -> UnitOfWork:
    """A fresh unit of work for the use case this request calls (it opens and commits it)."""
    uow: UnitOfWork = request.app.state.runtime.unit_of_work()
    return uow


def read_only_unit_of_work(request: Request) -> UnitOfWork:
    """A unit of work for a use case that only reads (on SQLite it takes no write lock)."""
    uow: UnitOfWork = request.app.state.runtime.unit_of_work(read_only=True)
    return uow


UnitOfWorkDep = Annotated[UnitOfWork, Depends(unit_of_work)]
ReadOnlyUnitOfWorkDep = Annotated[UnitOfWork, Depends(read_only_unit_of_work)]

__all__ = [
    "AdminPrincipal",
    "CurrentPrincipal",
    "ReadOnlyUnitOfWorkDep",
    "UnitOfWorkDep",
    "current_principal",
    "require_roles",
    "unit_of_work",
]

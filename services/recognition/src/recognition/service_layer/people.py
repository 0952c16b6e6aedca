"""Recording people from HRIS events."""

from __future__ import annotations

from datetime import datetime

from continuum_runtime.unit_of_work import UnitOfWork
from recognition.store import people as store


async def record_hire(
    *,
    uow: UnitOfWork,
    employee_id: str,
    display_name: str,
    email: str,
    department: str,
    manager_id: str | None,
    at: datetime,
) -> None:
    async with uow:
        await store.save_person(
            uow.session,
            employee_id=employee_id,
            display_name=display_name,
            email=email,
            department=department,
            manager_id=manager_id,
            at=at,
        )


async def record_change(
    *,
    uow: UnitOfWork,
    employee_id: str,
    at: datetime,
    department: str | None = None,
    manager_id: str | None = None,
    manager_changes: bool = False,
    active: bool | None = None,
) -> None:
    async with uow:
        await store.update_person(
            uow.session,
            employee_id,
            at=at,
            department=department,
            manager_id=manager_id,
            manager_changes=manager_changes,
            active=active,
        )

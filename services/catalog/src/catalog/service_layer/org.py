"""Who may read a learner's catalog data (aspiration, plans): the learner, an admin, or a
manager the learner reports to according to the HRIS events the catalog holds.

Not the token's word: a manager's reports come from the organisation's data, directly, or
through `levels` of management when the service is configured to let managers see indirect
reports.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from catalog.store import org as store
from catalog.store.org import ReportingLineRow
from continuum_contracts.events import hris
from continuum_runtime.auth import Principal
from continuum_runtime.unit_of_work import UnitOfWork


async def may_read_learner(
    *, uow: UnitOfWork, viewer: Principal, employee_id: str, levels: int, day: date | None = None
) -> bool:
    """Whether `viewer` may read `employee_id`'s data on `day` (today by default)."""
    if viewer.is_admin or employee_id == viewer.subject:
        return True
    if not viewer.has("manager"):
        return False
    day = day or datetime.now(UTC).date()
    seen = {employee_id}
    current = employee_id
    async with uow:
        for _ in range(levels):
            manager = await store.manager_on(uow.session, current, day)
            if manager is None or manager in seen:  # the top, or a loop in bad data
                return False
            if manager == viewer.subject:
                return True
            seen.add(manager)
            current = manager
    return False


async def record_hris_event(*, uow: UnitOfWork, event_id: str, event: hris.EmployeeEvent) -> None:
    """Keep the reporting line a hire, a manager change or a leaver announces."""
    effective = event.effective_date
    manager_id: str | None = None
    employed = True
    if isinstance(event, hris.EmployeeHired | hris.EmployeeManagerChanged):
        manager_id = event.manager_id
    elif isinstance(event, hris.EmployeeLeft):
        # The effective date of a leaver is their last working day.
        effective, employed = effective + timedelta(days=1), False
    else:
        return
    async with uow:
        await store.record_line(
            uow.session,
            ReportingLineRow(
                event_id=event_id,
                employee_id=event.employee_id,
                effective_date=effective,
                occurred_at=event.occurred_at,
                manager_id=manager_id,
                employed=employed,
            ),
        )

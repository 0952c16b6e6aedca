"""Batch runs reuse the org read for a day: a new HRIS fact must be seen by the next run."""

from __future__ import annotations

from datetime import UTC, date, datetime

from continuum_runtime.testing.service import ServiceUnderTest, unique
from mentorship.domain.hris import HrisFact
from mentorship.service_layer.hris import record_fact
from mentorship.service_layer.org_cache import OrgCache, OrgOnDay


def _fact(employee_id: str, kind: str, manager_id: str | None = None) -> HrisFact:
    return HrisFact(
        employee_id=employee_id,
        effective_date=date(2026, 1, 5),
        occurred_at=datetime.now(UTC),
        kind=kind,
        manager_set=True,
        manager_id=manager_id,
        department="Engineering",
        role_id=None,
    )


async def test_the_org_cache_sees_every_new_fact(service: ServiceUnderTest) -> None:
    boss, report = unique("B"), unique("R")
    cache = OrgCache()
    today = datetime.now(UTC).date()

    async def org() -> OrgOnDay:
        async with service.runtime.unit_of_work(read_only=True) as uow:
            return await cache.on(uow.session, today)

    before = await org()
    assert await org() is before  # nothing changed: the same people and chart
    await record_fact(uow=service.runtime.unit_of_work(), fact=_fact(boss, "hired"))
    await record_fact(uow=service.runtime.unit_of_work(), fact=_fact(report, "hired"))
    hired = await org()
    assert {boss, report} <= hired.people.keys()
    assert not hired.chart.in_one_line(boss, report)
    await record_fact(uow=service.runtime.unit_of_work(), fact=_fact(report, "manager", boss))
    moved = await org()
    assert moved.people[report].manager_id == boss
    assert moved.chart.manager_chain(report) == [boss]

"""The org on a day (people and the reporting tree), kept per process while HRIS is silent.

Reading 12,000 periods and numbering the tree costs a batch run more than it should pay when
nothing changed. Facts are only ever added, each in the transaction that re-derives the
employee's periods, so (day, number of facts, highest fact id) changes whenever the org on that
day can: the count catches a fact committed after one with a higher id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from mentorship.domain.hris import Employee, org_facts
from mentorship.domain.org import OrgChart
from mentorship.store import org
from mentorship.store.tables import EmployeeFactRow


@dataclass(frozen=True)
class OrgOnDay:
    stamp: tuple[Any, ...]
    people: dict[str, Employee]
    chart: OrgChart


async def _stamp(session: AsyncSession, day: date) -> tuple[Any, ...]:
    row = (await session.execute(select(func.count(), func.max(col(EmployeeFactRow.id))))).one()
    return (day, *row)


class OrgCache:
    """The last org read, re-read when its stamp differs."""

    def __init__(self) -> None:
        self._last: OrgOnDay | None = None

    async def on(self, session: AsyncSession, day: date) -> OrgOnDay:
        stamp = await _stamp(session, day)
        if self._last is None or self._last.stamp != stamp:
            people = await org.people_on(session, day)
            self._last = OrgOnDay(stamp, people, OrgChart(org_facts(people)))
        return self._last

"""Org facts from HRIS, and what they do to running mentorships.

A departure ends the leaver's open mentorships (automatically, with the contract's reason); a
move that puts a pair in one reporting line flags their mentorship for the pair and admins to
decide, since only they know whether it can stay candid.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from continuum_runtime.errors import NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.domain.hris import Employee, HrisFact, periods
from mentorship.service_layer.mentorships import end_automatically
from mentorship.store import mentorships, org


async def record_fact(*, uow: UnitOfWork, fact: HrisFact) -> None:
    """Keep the fact and re-derive that employee's dated periods from their facts."""
    today = datetime.now(UTC).date()
    async with uow:
        earlier = await org.facts_of(uow.session, fact.employee_id)
        await org.insert_fact(uow.session, fact)
        await org.replace_periods(uow.session, fact.employee_id, periods([*earlier, fact]))
        if fact.kind == "left":
            await _end_for_departure(uow, fact, today)
        elif fact.kind in ("manager", "hired"):
            await _flag_reporting_lines(uow, fact)


async def _end_for_departure(uow: UnitOfWork, fact: HrisFact, today: date) -> None:
    open_ones = await mentorships.mentorships_of(uow.session, [fact.employee_id], open_only=True)
    for row in open_ones:
        if fact.effective_date > today:
            row.flag = f"{fact.employee_id} leaves the company on {fact.effective_date.isoformat()}"
            continue
        reason = "mentor_left" if row.mentor_id == fact.employee_id else "mentee_left"
        await end_automatically(uow=uow, row=row, reason=reason, at=fact.occurred_at)


def _chain(people: dict[str, Employee], employee_id: str) -> set[str]:
    seen: set[str] = set()
    boss = people[employee_id].manager_id if employee_id in people else None
    while boss and boss not in seen:
        seen.add(boss)
        boss = people[boss].manager_id if boss in people else None
    return seen


async def _flag_reporting_lines(uow: UnitOfWork, fact: HrisFact) -> None:
    """Flag open mentorships whose pair is in one line once the move takes effect."""
    open_ones = await mentorships.open_mentorships(uow.session)
    if not open_ones:
        return
    day = fact.effective_date
    people = await org.people_on(uow.session, day)
    for row in open_ones:
        if row.mentor_id in _chain(people, row.mentee_id) or row.mentee_id in _chain(
            people, row.mentor_id
        ):
            row.flag = (
                f"mentor and mentee are in one reporting line from {day.isoformat()} (HRIS): "
                "end the mentorship or confirm it can stay candid"
            )


async def read_employee(
    *, uow: UnitOfWork, employee_id: str, on: date
) -> tuple[Employee, list[str]]:
    """An employee as HRIS has them on `on`, with their manager chain (nearest first)."""
    async with uow:
        employee = await org.employee_on(uow.session, employee_id, on)
        if employee is None:
            raise NotFound("employee", employee_id)
        return employee, await org.manager_chain(uow.session, employee_id, on)

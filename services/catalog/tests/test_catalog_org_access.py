"""Which learners a manager may plan for: the reporting lines of the HRIS events the catalog
consumed (hris.employees.v1), never a list the token carries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
from factories import put_role, put_skill

from continuum_contracts.events.hris import EmployeeHired, EmployeeLeft, EmployeeManagerChanged
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest, eventually, unique
from continuum_runtime.testing.topics import publish_events

TODAY = datetime.now(UTC).date()


def hired(employee: str, manager: str | None, *, on: date = TODAY) -> EmployeeHired:
    return EmployeeHired(
        employee_id=employee,
        effective_date=on - timedelta(days=30),
        occurred_at=datetime.now(UTC),
        email=f"{employee}@example.com",
        given_name="Ada",
        family_name="Lovelace",
        role_id="data-analyst",
        manager_id=manager,
        department="Data",
        location="remote",
    )


async def aspiring(admin: httpx.AsyncClient, employee: str) -> None:
    skill = unique("sql")
    role = unique("analyst")
    await put_skill(admin, skill)
    await put_role(admin, role, {skill: 2})
    response = await admin.put(f"/aspirations/{employee}", json={"target_role_id": role})
    assert response.status_code == 200, response.text


async def test_a_manager_reads_the_reports_hris_names_and_no_one_else(
    catalog: ServiceUnderTest, bootstrap_servers: str, admin: httpx.AsyncClient
) -> None:
    await ensure_topics(bootstrap_servers)
    learner, manager, their_manager = unique("E"), unique("M"), unique("D")
    await aspiring(admin, learner)
    await publish_events(
        bootstrap_servers, [hired(their_manager, None), hired(manager, their_manager)]
    )
    await publish_events(bootstrap_servers, [hired(learner, manager)])
    as_manager = catalog.client("manager", subject=manager)

    async def readable() -> bool:
        return (await as_manager.get(f"/aspirations/{learner}")).status_code == 200

    await eventually(readable, seconds=90, what="the hire to reach the catalog")
    plan = await as_manager.post("/recommendations", json={"employee_id": learner})
    assert plan.status_code == 200, plan.text
    # Indirect reports are not configured: the manager's manager may not read.
    skip_level = catalog.client("manager", subject=their_manager)
    assert (await skip_level.get(f"/aspirations/{learner}")).status_code == 403
    # A token claiming the learner as a report proves nothing.
    claimant = catalog.client("manager", subject=unique("M"), reports=[learner])
    assert (await claimant.get(f"/aspirations/{learner}")).status_code == 403
    denied = await claimant.post("/recommendations", json={"employee_id": learner})
    assert denied.status_code == 403
    # Without the manager role, the reporting line alone is not enough either.
    as_learner = catalog.client("learner", subject=manager)
    assert (await as_learner.get(f"/aspirations/{learner}")).status_code == 403


async def test_a_new_manager_takes_over_and_a_leaver_is_no_ones_report(
    catalog: ServiceUnderTest, bootstrap_servers: str, admin: httpx.AsyncClient
) -> None:
    await ensure_topics(bootstrap_servers)
    learner, before, after = unique("E"), unique("M"), unique("M")
    await aspiring(admin, learner)
    now = datetime.now(UTC)
    moved = EmployeeManagerChanged(
        employee_id=learner,
        effective_date=TODAY,
        occurred_at=now,
        manager_id=after,
        previous_manager_id=before,
    )
    # Announced for next month: not in force yet.
    leaves = EmployeeLeft(
        employee_id=learner, effective_date=TODAY + timedelta(days=30), occurred_at=now
    )
    await publish_events(bootstrap_servers, [hired(learner, before), moved, leaves])
    old, new = catalog.client("manager", subject=before), catalog.client("manager", subject=after)

    async def handed_over() -> bool:
        return (await new.get(f"/aspirations/{learner}")).status_code == 200

    await eventually(handed_over, seconds=90, what="the manager change to reach the catalog")
    assert (await old.get(f"/aspirations/{learner}")).status_code == 403
    left = EmployeeLeft(
        employee_id=learner, effective_date=TODAY - timedelta(days=1), occurred_at=now
    )
    await publish_events(bootstrap_servers, [left])

    async def gone() -> bool:
        return (await new.get(f"/aspirations/{learner}")).status_code == 403

    await eventually(gone, seconds=90, what="the leaver to reach the catalog")

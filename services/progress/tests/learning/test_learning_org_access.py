"""Managers see the people who report to them according to the HRIS events the service holds
(directly, or indirectly when configured), never according to claims in their token; a team
overview costs the same number of queries whatever the team's size. SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from dataclasses import replace

from factories import counted_queries, deliver, hired, item, item_published, manager_changed

from continuum_runtime.auth.principal import Principal
from continuum_runtime.testing.service import ServiceUnderTest, service_fixture
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer import access
from progress.learning.service_layer.clock import today
from progress.learning.service_layer.reports import team_overview
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

progress = service_fixture(create_app, ProgressSettings, migrate_async, events=False)
COURSE = item("org-course")


def uid(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


async def test_a_token_listing_reports_grants_nothing_hris_does_not_say(
    progress: ServiceUnderTest,
) -> None:
    boss, report, stranger = uid("M"), uid("E"), uid("E")
    await deliver(
        progress,
        item_published(COURSE),
        hired(report, "r", manager_id=boss),
        hired(stranger, "r", manager_id=uid("M")),
    )
    # The token claims the stranger as a report; HRIS says otherwise.
    client = progress.client("manager", subject=boss, reports=[stranger])
    assert (await client.get(f"/learners/{stranger}/progress")).status_code == 403
    assert (await client.get(f"/learners/{report}/progress")).status_code == 200
    body = {"target_kind": "item", "target_id": str(COURSE.id)}
    refused = await client.post("/assignments", json={**body, "learner_id": stranger})
    assert refused.status_code == 403
    granted = await client.post("/assignments", json={**body, "learner_id": report})
    assert (granted.status_code, granted.json()["reason"]) == (201, "manager")
    team = (await client.get(f"/teams/{boss}/overview")).json()
    assert [m["learner_id"] for m in team["members"]] == [report]


async def test_a_manager_change_moves_who_may_read(progress: ServiceUnderTest) -> None:
    old, new, report = uid("M"), uid("M"), uid("E")
    await deliver(progress, hired(report, "r", manager_id=old))
    await deliver(progress, manager_changed(report, new, old))
    old_client = progress.client("manager", subject=old)
    new_client = progress.client("manager", subject=new)
    assert (await old_client.get(f"/learners/{report}")).status_code == 403
    assert (await new_client.get(f"/learners/{report}")).status_code == 200
    old_team = (await old_client.get(f"/teams/{old}/overview")).json()
    assert old_team["members"] == []


async def test_indirect_reports_only_when_configured(progress: ServiceUnderTest) -> None:
    head, lead, engineer = uid("M"), uid("M"), uid("E")
    await deliver(
        progress, hired(lead, "r", manager_id=head), hired(engineer, "r", manager_id=lead)
    )
    caller = Principal(subject=head, roles=frozenset({"manager"}))
    direct = progress.settings.learning_policy()
    indirect = replace(direct, indirect_reports=True)
    runtime = progress.runtime

    async def may_read(learner_id: str, policy: LearningPolicy) -> bool:
        return await access.may_read_learner(
            uow=runtime.unit_of_work(), caller=caller, learner_id=learner_id, policy=policy
        )

    assert await may_read(lead, direct)
    assert not await may_read(engineer, direct)
    assert await may_read(engineer, indirect)
    # Reporting runs one way: the lead does not read their own manager.
    lead_caller = Principal(subject=lead, roles=frozenset({"manager"}))
    assert not await access.may_read_learner(
        uow=runtime.unit_of_work(), caller=lead_caller, learner_id=head, policy=indirect
    )
    members = await access.team_members(
        uow=runtime.unit_of_work(), caller=caller, manager_id=head, policy=indirect
    )
    assert members == sorted([lead, engineer])
    # An HRIS cycle ends (the walk is bounded).
    await deliver(progress, manager_changed(head, engineer, None))
    assert await may_read(engineer, indirect)
    members = await access.team_members(
        uow=runtime.unit_of_work(), caller=caller, manager_id=head, policy=indirect
    )
    assert members == sorted([lead, engineer])


async def test_a_team_overview_costs_the_same_queries_for_3_or_40_reports(
    progress: ServiceUnderTest,
) -> None:
    caller_counts: list[int] = []
    for size in (3, 40):
        boss = uid("M")
        await deliver(progress, *(hired(uid("E"), "r", manager_id=boss) for _ in range(size)))
        caller = Principal(subject=boss, roles=frozenset({"manager"}))
        with counted_queries(progress) as seen:
            members = await team_overview(
                uow=progress.runtime.unit_of_work(),
                caller=caller,
                manager_id=boss,
                weeks=4,
                today=today(),
                policy=progress.settings.learning_policy(),
            )
        assert len(members) == size
        caller_counts.append(len([q for q in seen if q.lstrip().upper().startswith("SELECT")]))
    assert caller_counts[0] == caller_counts[1] <= 8

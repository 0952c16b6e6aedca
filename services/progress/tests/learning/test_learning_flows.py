"""The learning handlers against real databases (SQLite and PostgreSQL): role rules, effective
dates, completions, overdue assignments, learning time and milestones."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from factories import (
    NOW,
    deliver,
    hired,
    iri,
    item,
    item_published,
    left,
    outbox,
    path,
    path_published,
    role,
    role_changed,
    role_published,
    session_held,
    statement_stored,
)
from sqlalchemy import func, select

from continuum_runtime.testing.service import ServiceUnderTest, service_fixture
from progress.learning.service_layer.due_work import run_due_work
from progress.learning.store import people as learning_people
from progress.learning.store.tables import LearningActivity
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

TODAY = datetime.now(UTC).date()


# Events are staged, never relayed: the tests read them from the outbox.
progress = service_fixture(
    create_app, ProgressSettings, migrate_async, events=False, learning_weekly_budget_minutes=60
)


def uid(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def for_learner(events: list[dict], learner: str) -> list[dict]:  # type: ignore[type-arg]
    return [e for e in events if e["learner_id"] == learner]


async def test_a_hire_assigns_the_roles_paths_whichever_arrives_first(
    progress: ServiceUnderTest,
) -> None:
    course = item(uid("c"))
    onboarding = path(uid("p"), [course])
    early, late = uid("E"), uid("E")
    dev = role(uid("role-"), [onboarding])
    await deliver(progress, item_published(course), path_published(onboarding))
    await deliver(progress, role_published(dev), hired(early, dev.id, manager_id="M1"))
    # The role reaches this learner's hire before the catalog does.
    other = role(uid("role-"), [onboarding])
    await deliver(progress, hired(late, other.id), role_published(other))

    created = await outbox(progress, "assignment.created")
    for learner, role_id in ((early, dev.id), (late, other.id)):
        [event] = for_learner(created, learner)
        assert event["target_kind"] == "path"
        assert event["target_id"] == str(onboarding.id)
        assert event["reason"] == "role_requirement"
        assert event["role_id"] == role_id
        assert event["key"] == learner
        assert event["due_date"] == str(TODAY + timedelta(days=90))


async def test_a_role_change_closes_what_no_longer_applies_and_keeps_history(
    progress: ServiceUnderTest,
) -> None:
    shared, old_only, new_only = (path(uid("p"), [item(uid("c"))]) for _ in range(3))
    old, new = role(uid("role-"), [shared, old_only]), role(uid("role-"), [shared, new_only])
    learner = uid("E")
    await deliver(progress, *(path_published(p) for p in (shared, old_only, new_only)))
    await deliver(progress, role_published(old), role_published(new), hired(learner, old.id))
    await deliver(progress, role_changed(learner, new.id, old.id))

    created = for_learner(await outbox(progress, "assignment.created"), learner)
    assert [e["target_id"] for e in created] == [
        str(shared.id),
        str(old_only.id),
        str(new_only.id),
    ]
    [closed] = for_learner(await outbox(progress, "assignment.closed"), learner)
    assert (closed["target_id"], closed["outcome"]) == (str(old_only.id), "cancelled")
    async with progress.runtime.unit_of_work() as uow:
        history = await learning_people.role_history(uow.session, learner)
        learner_row = await learning_people.get_learner(uow.session, learner)
    assert [(h.kind, h.role_id) for h in history] == [("hired", old.id), ("role_changed", new.id)]
    assert learner_row is not None and learner_row.role_id == new.id


async def test_a_hire_and_its_role_published_at_once_still_assign_once(
    progress: ServiceUnderTest,
) -> None:
    # Two consumers (HRIS and catalog) apply these in concurrent transactions.
    for _ in range(3):
        track = path(uid("p"), [item(uid("c"))])
        dev, learner = role(uid("role-"), [track]), uid("E")
        await asyncio.gather(
            deliver(progress, hired(learner, dev.id)), deliver(progress, role_published(dev))
        )
        created = for_learner(await outbox(progress, "assignment.created"), learner)
        assert [e["target_id"] for e in created] == [str(track.id)]


async def test_a_future_role_change_waits_for_its_effective_date(
    progress: ServiceUnderTest,
) -> None:
    first, second = path(uid("p"), [item(uid("c"))]), path(uid("p"), [item(uid("c"))])
    old, new = role(uid("role-"), [first]), role(uid("role-"), [second])
    learner = uid("E")
    effective = TODAY + timedelta(days=30)
    await deliver(progress, role_published(old), role_published(new), hired(learner, old.id))
    await deliver(progress, role_changed(learner, new.id, old.id, effective=effective))

    async with progress.runtime.unit_of_work() as uow:
        pending = await learning_people.pending_changes(uow.session, learner)
    assert [(c.kind, c.effective_date) for c in pending] == [("role_changed", effective)]
    assert len(for_learner(await outbox(progress, "assignment.created"), learner)) == 1

    policy = progress.settings.learning_policy()
    await run_due_work(
        uow=progress.runtime.unit_of_work(), on=effective - timedelta(days=1), policy=policy
    )
    assert len(for_learner(await outbox(progress, "assignment.created"), learner)) == 1
    applied, _ = await run_due_work(
        uow=progress.runtime.unit_of_work(), on=effective, policy=policy
    )
    assert applied >= 1
    created = for_learner(await outbox(progress, "assignment.created"), learner)
    assert [e["target_id"] for e in created] == [str(first.id), str(second.id)]
    assert created[1]["due_date"] == str(effective + timedelta(days=90))
    [closed] = for_learner(await outbox(progress, "assignment.closed"), learner)
    assert closed["target_id"] == str(first.id)


async def test_statements_complete_items_and_the_path_once(progress: ServiceUnderTest) -> None:
    video, exam, extra = item(uid("v"), "video"), item(uid("x"), "certification"), item(uid("o"))
    track = path(uid("p"), [video, exam, extra], optional=(2,))
    dev = role(uid("role-"), [track])
    learner = uid("E")
    await deliver(progress, *(item_published(i) for i in (video, exam, extra)))
    await deliver(progress, path_published(track), role_published(dev), hired(learner, dev.id))

    await deliver(
        progress,
        statement_stored(learner, "attempted", video.activity_iri, at=NOW),
        statement_stored(learner, "completed", video.activity_iri, duration="PT20M", at=NOW),
        statement_stored(learner, "completed", video.activity_iri, at=NOW + timedelta(hours=1)),
        statement_stored(learner, "completed", exam.activity_iri, success=True),  # not enough
    )
    completed = for_learner(await outbox(progress, "item.completed"), learner)
    assert [e["item_id"] for e in completed] == [str(video.id)]
    assert completed[0]["learning_minutes"] == 20
    assert completed[0]["skills"] == [{"skill_id": "python-programming", "level": 2}]
    assert for_learner(await outbox(progress, "path.completed"), learner) == []

    final = NOW + timedelta(days=2)
    await deliver(
        progress,
        statement_stored(
            learner, "passed", exam.activity_iri, scaled=0.9, at=final, assertion="provider"
        ),
    )
    completed = for_learner(await outbox(progress, "item.completed"), learner)
    assert [e["item_id"] for e in completed] == [str(video.id), str(exam.id)]
    assert completed[1]["score"] == 0.9 and completed[1]["success"] is True
    [done] = for_learner(await outbox(progress, "path.completed"), learner)
    [assignment] = for_learner(await outbox(progress, "assignment.created"), learner)
    assert done["path_id"] == str(track.id)
    assert done["assignment_ids"] == [assignment["assignment_id"]]
    assert datetime.fromisoformat(done["completed_at"]) == final
    assert datetime.fromisoformat(done["started_at"]) == NOW
    [closed] = for_learner(await outbox(progress, "assignment.closed"), learner)
    assert closed["outcome"] == "completed"

    # Completing the optional step later publishes nothing more about the path.
    await deliver(progress, statement_stored(learner, "completed", extra.activity_iri))
    assert len(for_learner(await outbox(progress, "path.completed"), learner)) == 1


async def test_statements_before_the_item_is_known_count_when_it_arrives(
    progress: ServiceUnderTest,
) -> None:
    learner, course = uid("E"), item(uid("c"))
    await deliver(progress, statement_stored(learner, "completed", course.activity_iri))
    assert for_learner(await outbox(progress, "item.completed"), learner) == []
    await deliver(progress, item_published(course))
    [event] = for_learner(await outbox(progress, "item.completed"), learner)
    assert event["item_id"] == str(course.id)


async def test_a_path_published_after_its_items_were_learned_is_completed(
    progress: ServiceUnderTest,
) -> None:
    learner, first, second = uid("E"), item(uid("c")), item(uid("c"))
    await deliver(progress, item_published(first), item_published(second))
    await deliver(
        progress,
        statement_stored(learner, "completed", first.activity_iri),
        statement_stored(learner, "completed", second.activity_iri),
    )
    later = path(uid("p"), [first, second])
    await deliver(progress, path_published(later))
    [event] = for_learner(await outbox(progress, "path.completed"), learner)
    assert (event["path_id"], event["assignment_ids"]) == (str(later.id), [])


async def test_overdue_assignments_are_announced_once(progress: ServiceUnderTest) -> None:
    track = path(uid("p"), [item(uid("c"))])
    dev = role(uid("role-"), [track])
    learner = uid("E")
    await deliver(progress, role_published(dev), hired(learner, dev.id, manager_id="M77"))
    [created] = for_learner(await outbox(progress, "assignment.created"), learner)
    due = datetime.fromisoformat(created["due_date"]).date()
    policy = progress.settings.learning_policy()
    for day in (due, due + timedelta(days=1), due + timedelta(days=2)):
        await run_due_work(uow=progress.runtime.unit_of_work(), on=day, policy=policy)
    [overdue] = for_learner(await outbox(progress, "assignment.overdue"), learner)
    assert overdue["assignment_id"] == created["assignment_id"]
    assert overdue["manager_id"] == "M77"
    assert overdue["due_date"] == str(due)


async def test_learning_time_milestones_are_published_once(progress: ServiceUnderTest) -> None:
    learner = uid("E")
    monday = datetime(2026, 3, 2, 9, tzinfo=UTC)
    await deliver(
        progress,
        statement_stored(learner, "experienced", iri(uid("a")), duration="PT40M", at=monday),
        session_held(learner, 30, at=monday + timedelta(days=1)),
        # The next week meets the 60-minute budget too: a two-week streak.
        statement_stored(
            learner, "experienced", iri(uid("a")), duration="PT1H", at=monday + timedelta(days=7)
        ),
        statement_stored(
            learner, "experienced", iri(uid("a")), duration="PT5M", at=monday + timedelta(days=8)
        ),
    )
    milestones = for_learner(await outbox(progress, "milestone.reached"), learner)
    assert [(m["milestone"], m["threshold"]) for m in milestones] == [
        ("learning_time_hours", 1),
        ("streak_weeks", 2),
    ]
    assert milestones[0]["total_learning_minutes"] == 70


async def test_a_statement_delivered_twice_counts_once_and_voiding_removes_its_time(
    progress: ServiceUnderTest,
) -> None:
    learner = uid("E")
    twice = statement_stored(learner, "experienced", iri(uid("a")), duration="PT10M")
    await deliver(progress, twice, twice)
    runtime = progress.runtime

    async def minutes() -> float:
        async with runtime.unit_of_work() as uow:
            return float(
                await uow.session.scalar(
                    select(func.coalesce(func.sum(LearningActivity.minutes), 0)).where(
                        LearningActivity.learner_id == learner,
                        LearningActivity.voided.is_(False),  # type: ignore[attr-defined]
                    )
                )
                or 0
            )

    assert await minutes() == 10
    await deliver(progress, statement_stored(learner, "voided", "", voids=twice.statement.id))
    assert await minutes() == 0


async def test_leaving_and_retirement_close_open_assignments(progress: ServiceUnderTest) -> None:
    kept, retired = path(uid("p"), [item(uid("c"))]), path(uid("p"), [item(uid("c"))])
    dev = role(uid("role-"), [kept, retired])
    stays, goes = uid("E"), uid("E")
    await deliver(progress, path_published(kept), path_published(retired), role_published(dev))
    await deliver(progress, hired(stays, dev.id), hired(goes, dev.id))
    from continuum_contracts.events.catalog import PathRetired

    gone = retired.model_copy(update={"status": "retired", "version": 2})
    await deliver(progress, PathRetired(path=gone, occurred_at=NOW), left(goes))
    outcomes = {
        (e["learner_id"], e["target_id"]): e["outcome"]
        for e in await outbox(progress, "assignment.closed")
        if e["learner_id"] in {stays, goes}
    }
    assert outcomes == {
        (stays, str(retired.id)): "target_retired",
        (goes, str(retired.id)): "target_retired",
        (goes, str(kept.id)): "learner_left",
    }


async def test_badges_awarded_appear_on_the_transcript_until_revoked(
    progress: ServiceUnderTest,
) -> None:
    from continuum_contracts.events.recognition import BadgeAwarded, BadgeRevoked
    from progress.learning.store.reports import transcript

    learner = f"EB{uuid.uuid4().hex[:6]}"
    kept, revoked = uuid.uuid4(), uuid.uuid4()

    def award(award_id: uuid.UUID, name: str) -> BadgeAwarded:
        return BadgeAwarded(
            learner_id=learner,
            award_id=award_id,
            badge_id=name.lower().replace(" ", "-"),
            badge_name=name,
            occurred_at=NOW,
        )

    await deliver(progress, award(kept, "First hour"), award(revoked, "Ten hours"))
    await deliver(progress, award(kept, "First hour"))  # a replay changes nothing
    await deliver(
        progress,
        BadgeRevoked(
            learner_id=learner,
            award_id=revoked,
            badge_id="ten-hours",
            reason="statements voided",
            occurred_at=NOW + timedelta(minutes=1),
        ),
    )
    async with progress.runtime.unit_of_work() as uow:
        entries = await transcript(uow.session, learner)
    badges = [(e.kind, e.title) for e in entries]
    assert badges == [("badge_awarded", "First hour")]

"""Recording facts and settling the awards they earn, exactly once.

Facts arrive from three topics (and from kudos). Each batch is one unit of work: the learners
concerned are locked, facts already known are dropped (redeliveries), the new ones are stored
and applied to the learner's stored facts by the rule engine, and the difference between the
awards held before and after is written: grants (with points, a feed entry, `BadgeAwarded`
and the xAPI "earned" statement), withdrawals when evidence was retracted (`BadgeRevoked`),
and refinements when an older fact arrived late. Award ids follow from (learner, rule, scope),
so however facts are redelivered, reordered or replayed, the same awards result.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from continuum_runtime.unit_of_work import UnitOfWork
from recognition.domain.awards import Award
from recognition.domain.engine import LearnerFacts
from recognition.domain.evaluation import evaluate_all, fact_types
from recognition.domain.facts import Fact, Retraction
from recognition.domain.rules import Rule
from recognition.service_layer import events, points
from recognition.service_layer.context import Recognition
from recognition.service_layer.feed import add_award_entries
from recognition.store import awards as award_store
from recognition.store import facts as fact_store
from recognition.store import people as people_store
from recognition.store import rules as rule_store
from recognition.store.awards import AwardFacts
from recognition.store.locks import lock_learners, lock_rulebook
from recognition.store.tables import AwardRow, BadgeRow


@dataclass(frozen=True)
class Sourced:
    """A fact with the event it came from (its CloudEvent id and type) and report-only extras."""

    fact: Fact
    event_id: str | None = None
    event_type: str | None = None
    extra: Mapping[str, object] = field(default_factory=dict)


@dataclass
class Settled:
    granted: list[AwardFacts] = field(default_factory=list)
    withdrawn: list[AwardRow] = field(default_factory=list)
    refined: list[AwardRow] = field(default_factory=list)


async def record_facts(*, uow: UnitOfWork, ctx: Recognition, facts: Sequence[Sourced]) -> Settled:
    """Store the new facts among `facts` and settle the awards they change."""
    async with uow:
        if not facts:
            return Settled()
        session = uow.session
        await lock_learners(session, {s.fact.learner_id for s in facts})
        new = await _new_facts(uow, facts)
        if not new:
            return Settled()
        await lock_rulebook(session, exclusive=False)  # a rule saved meanwhile waits for us
        engine = await ctx.rulebook.engine(session)
        learners = sorted({s.fact.learner_id for s in new})
        new_ids = {s.fact.fact_id for s in new if not isinstance(s.fact, Retraction)}
        stored = await fact_store.facts_of_learners(session, learners)
        retracted = await fact_store.retracted_of_learners(session, learners)
        held = await award_store.live_awards_of_learners(session, learners)
        by_learner: dict[str, list[Sourced]] = {}
        for sourced in new:
            by_learner.setdefault(sourced.fact.learner_id, []).append(sourced)
        triggers = {s.fact.fact_id: s for s in new}
        changes = []
        for index, learner in enumerate(learners):
            if index % _YIELD_EVERY == _YIELD_EVERY - 1:
                # Pure CPU for a whole batch: let heartbeats and requests through meanwhile.
                await asyncio.sleep(0)
            mine = sorted(by_learner[learner], key=lambda s: s.fact.order)
            state = _learner_state(stored[learner], retracted[learner], new_ids, mine, learner)
            before = held[learner]
            after = dict(before)
            for sourced in mine:
                engine.apply(state, after, sourced.fact)
            changes.append((before, after))
        return await _settle(uow, ctx, changes, triggers)


async def apply_rule_to(
    *, uow: UnitOfWork, ctx: Recognition, rule: Rule, learners: Sequence[str]
) -> Settled:
    """Award `rule` to these learners from the facts they already have (inside the caller's
    unit of work; awards once given stand). A rule application job calls this chunk by chunk."""
    session = uow.session
    if not rule.active or not learners:
        return Settled()
    await lock_learners(session, learners)
    kinds = {fact_store.kind_of_type(t) for t in fact_types(rule)}
    by_learner = await fact_store.facts_of_learners(session, learners, kinds)
    retracted = await fact_store.retracted_of_learners(session, learners)
    held = await award_store.live_awards_of_learners(session, learners)
    changes = []
    for learner in sorted(by_learner):
        live = [f for f in by_learner[learner] if f.fact_id not in retracted[learner]]
        before = held[learner]
        after = dict(before)
        for award in evaluate_all(rule, live, ctx.zone).values():
            after.setdefault(award.key, award)
        changes.append((before, after))
    return await _settle(uow, ctx, changes, {})


async def _new_facts(uow: UnitOfWork, facts: Sequence[Sourced]) -> list[Sourced]:
    session = uow.session
    plain = {s.fact.fact_id: s for s in facts if not isinstance(s.fact, Retraction)}
    retractions = {s.fact.retracted_id: s for s in facts if isinstance(s.fact, Retraction)}
    known = await fact_store.known_fact_ids(session, plain)
    known_retracted = await fact_store.known_retractions(session, retractions)
    new_plain = [s for i, s in plain.items() if i not in known]
    new_retractions = [s for i, s in retractions.items() if i not in known_retracted]
    await fact_store.insert_facts(
        session,
        [
            fact_store.row_of(s.fact, source_event_id=s.event_id, extra=dict(s.extra))
            for s in new_plain
        ],
    )
    await fact_store.insert_retractions(
        session,
        [s.fact for s in new_retractions],  # type: ignore[misc]
    )
    return new_plain + new_retractions


def _learner_state(
    stored: list[Fact],
    retracted: set[str],
    new_ids: set[str],
    new: Sequence[Sourced],
    learner: str,
) -> LearnerFacts:
    """The learner's facts as they were before this batch (the batch's are applied after)."""
    new_retracted = {
        s.fact.retracted_id
        for s in new
        if isinstance(s.fact, Retraction) and s.fact.learner_id == learner
    }
    state = LearnerFacts()
    for fact in stored:
        if fact.fact_id not in new_ids:
            state.add(fact)
    for retracted_id in sorted(retracted - new_retracted):
        state.add(Retraction(f"retraction:{retracted_id}", learner, _EPOCH, retracted_id))
    return state


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_YIELD_EVERY = 50


Held = Mapping[tuple[str, str], Award]


async def _settle(
    uow: UnitOfWork,
    ctx: Recognition,
    changes: Sequence[tuple[Held, Held]],
    triggers: Mapping[str, Sourced],
) -> Settled:
    """Write the difference between the awards held before and after, for a whole batch of
    learners at once: a fixed number of queries (the award rows, badges, recipients, balances,
    ledger and feed entries already there) and one flush, however many awards change."""
    session = uow.session
    settled = Settled()
    changed = [
        (before, after[k]) for before, after in changes for k in after
        if k not in before or _moved(before[k], after[k])
    ]  # fmt: skip
    gone = [before[k] for before, after in changes for k in before if k not in after]
    if not changed and not gone:
        return settled
    rows = await award_store.award_rows_by_ids(
        session, [str(a.award_id) for _, a in changed] + [str(a.award_id) for a in gone]
    )
    badges = await rule_store.badges_by_ids(
        session, {a.badge_id for _, a in changed} | {a.badge_id for a in gone}
    )
    newcomers = {a.learner_id for _, a in changed if str(a.award_id) not in rows}
    people = await people_store.people_by_ids(session, newcomers)
    now = datetime.now(UTC)
    fresh: list[dict[str, Any]] = []
    reinstated: list[AwardRow] = []
    trigger_of: dict[str, Sourced | None] = {}
    for before, award in changed:
        row = rows.get(str(award.award_id))
        if award.key in before and row is not None:
            award_store.refine(row, award)
            settled.refined.append(row)
            continue
        trigger = _trigger(award, triggers)
        trigger_of[str(award.award_id)] = trigger
        trigger_id = trigger.event_id if trigger else None
        if row is None:
            person = people.get(award.learner_id)
            email = person.email if person is not None else ctx.fallback_email(award.learner_id)
            fresh.append(
                award_store.award_values(
                    award, recipient_email=email, trigger_event_id=trigger_id, at=now
                )
            )
        else:
            award_store.reinstate(row, award, trigger_event_id=trigger_id)
            reinstated.append(row)
    granted: list[AwardFacts] = [*reinstated, *await award_store.insert_awards(session, fresh)]
    first_times = {str(v["award_id"]) for v in fresh}
    settled.granted.extend(granted)
    await points.credit_awards(uow=uow, rows=granted, at=now)
    announced: list[tuple[AwardFacts, BadgeRow]] = []
    for index, made in enumerate(granted):
        if index % _YIELD_EVERY == _YIELD_EVERY - 1:
            await asyncio.sleep(0)  # serialising thousands of events: let the loop breathe
        badge = badges.get(made.badge_id)
        if badge is None:
            continue  # rules name existing badges (checked on save); kept safe regardless
        trigger = trigger_of[made.award_id]
        uow.publish(
            events.badge_awarded(
                ctx, made, badge, trigger_type=trigger.event_type if trigger else None
            )
        )
        if made.award_id in first_times:
            uow.publish(events.earned_statement(ctx, made, badge))
        announced.append((made, badge))
    await add_award_entries(session, announced)
    for award in gone:
        row = rows[str(award.award_id)]
        award_store.revoke(row, reason="the evidence that earned it was withdrawn", by=None, at=now)
        settled.withdrawn.append(row)
        uow.publish(events.badge_revoked(row))
    await points.take_back_awards(uow=uow, rows=settled.withdrawn, at=now)
    await session.flush()
    return settled


def _moved(old: Award, new: Award) -> bool:
    return (old.earned_at, old.evidence) != (new.earned_at, new.evidence)


def _trigger(award: Award, triggers: Mapping[str, Sourced]) -> Sourced | None:
    """The batch's fact that completed the award (the last of its evidence), if any."""
    for evidence in reversed(award.evidence):
        if evidence.fact_id in triggers:
            return triggers[evidence.fact_id]
    return None

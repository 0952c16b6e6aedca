"""Batch matching over the whole pool (admins), top-k for one mentee, and the admin's tuning."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from continuum_contracts.events.mentorship import MatchProposed
from continuum_runtime.errors import Conflict, NotFound
from continuum_runtime.unit_of_work import PreparedEvent, UnitOfWork
from mentorship.domain.constraints import MatchingRules
from mentorship.domain.documents import mentee_profile
from mentorship.domain.lifecycle import Status
from mentorship.domain.matching import match_pool
from mentorship.domain.pool import build_pool
from mentorship.domain.results import Match, MatchingResult, Unmatched
from mentorship.domain.scoring import ScoreTerm, ScoringConfig
from mentorship.domain.solver import Objective
from mentorship.domain.topk import TopMentors, top_mentors
from mentorship.service_layer.errors import checked, domain_errors
from mentorship.service_layer.gc_pause import collection_paused, freeze_long_lived
from mentorship.service_layer.mentor_cache import MentorCache
from mentorship.service_layer.org_cache import OrgCache
from mentorship.service_layer.pool import Inputs, load_inputs, tuning
from mentorship.service_layer.profile_cache import ProfileCache
from mentorship.settings import MentorshipSettings
from mentorship.store import mentorships, profiles, runs
from mentorship.store.tables import MatchingRunRow, MenteeRow, ScoringSettingsRow


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    ran_at: datetime
    result: MatchingResult
    excluded: list[dict[str, str]]
    mentorship_ids: dict[str, str]  # mentee id -> proposed mentorship id
    reasons: dict[str, list[str]]  # mentee id -> the match's reasons


def contributions(match: Match) -> dict[str, float]:
    return {c.term.value: round(c.points, 6) for c in match.explanation.contributions}


def run_report(
    result: MatchingResult,
    excluded: list[dict[str, str]],
    unmatched: list[Unmatched] | None = None,
) -> dict[str, Any]:
    """What is kept of a run besides its proposals: who was not matched and why (by mentee
    id; `unmatched` narrows the list to a page)."""
    waiting = (
        sorted(result.unmatched, key=lambda u: u.mentee_id) if unmatched is None else unmatched
    )
    return {
        "feasible_pairs": result.feasible_pairs,
        "ruled_out": {c.value: n for c, n in result.ruled_out.items()},
        "unmatched": [
            {
                "mentee_id": u.mentee_id,
                "blockers": [
                    {"constraint": b.constraint.value, "mentors": b.mentors, "detail": b.detail}
                    for b in u.blockers
                ],
            }
            for u in waiting
        ],
        "excluded": excluded,
    }


def _solve(inputs: Inputs, objective: Objective) -> MatchingResult:
    pool = build_pool(
        mentors=inputs.mentors,
        mentees=inputs.mentees,
        org=inputs.org,
        at=inputs.at,
        roles=inputs.roles,
        ratings=inputs.ratings,
        recent_pairs=inputs.recent_pairs,
    )
    return match_pool(
        pool, rules=inputs.tuning.rules, scoring=inputs.tuning.scoring, objective=objective
    )


def proposal_events(
    matches: Sequence[Match],
    ids: dict[str, str],
    reasons: dict[str, list[str]],
    *,
    at: datetime,
    expires: datetime,
) -> list[PreparedEvent]:
    """`match.proposed` for each match, rendered without a model per event (thousands per run).

    The fields every event shares are taken from one contract model's wire form, so dates
    and their format are the contract's; a test pins the whole JSON against the model's."""
    if not matches:
        return []
    shared = MatchProposed(
        match_id=uuid.UUID(int=0),
        mentee_id="x",
        mentor_id="x",
        occurred_at=at,
        proposed_by="matching",
        expires_at=expires,
    ).to_json_dict()
    occurred, until = shared["occurred_at"], shared["expires_at"]
    return [
        PreparedEvent.of(
            MatchProposed,
            key=m.mentee_id,
            payload={
                "match_id": ids[m.mentee_id],
                "mentee_id": m.mentee_id,
                "mentor_id": m.mentor_id,
                "occurred_at": occurred,
                "proposed_by": "matching",
                "skill_ids": m.skill_ids,
                "score": min(max(m.score, 0.0), 1.0),
                "reasons": reasons[m.mentee_id],
                "expires_at": until,
            },
        )
        for m in matches
    ]


async def run_batch(
    *,
    uow: UnitOfWork,
    objective: Objective,
    actor: str,
    settings: MentorshipSettings,
    cache: ProfileCache | None = None,
    org_cache: OrgCache | None = None,
) -> RunOutcome:
    """Match every mentee without a mentor, optimally; propose each pair to both sides."""
    decoded = cache.decoded if cache else 0
    try:
        with collection_paused():
            return await _run_batch(
                uow=uow,
                objective=objective,
                actor=actor,
                settings=settings,
                cache=cache,
                org_cache=org_cache,
            )
    finally:
        if cache and cache.decoded != decoded:  # the cache was (re)filled: it stays for good
            freeze_long_lived()


async def _run_batch(
    *,
    uow: UnitOfWork,
    objective: Objective,
    actor: str,
    settings: MentorshipSettings,
    cache: ProfileCache | None,
    org_cache: OrgCache | None,
) -> RunOutcome:
    at = datetime.now(UTC)
    async with uow:
        with domain_errors():
            inputs = await load_inputs(
                uow.session,
                at=at,
                recent_pair_days=settings.recent_pair_days,
                teach_from_level=settings.teach_from_level,
                cache=cache,
                org_cache=org_cache,
            )
        if not inputs.mentees:
            raise Conflict(
                "no mentee is waiting for a mentor: every mentee profile is matched, "
                f"or excluded ({len(inputs.excluded)} excluded)"
            )
        if not inputs.mentors:
            raise Conflict("there is no mentor profile to match with")
        # The solve is CPU-bound: off the event loop, so health checks still answer.
        with domain_errors():
            result = await asyncio.to_thread(_solve, inputs, objective)
        run_id = str(uuid.uuid4())
        expires = at + timedelta(days=settings.proposal_days)
        ids = {m.mentee_id: str(uuid.uuid4()) for m in result.matches}
        reasons = {m.mentee_id: m.explanation.reasons() for m in result.matches}
        await mentorships.insert_mentorships(
            uow.session,
            [
                {
                    "id": ids[m.mentee_id],
                    "mentee_id": m.mentee_id,
                    "mentor_id": m.mentor_id,
                    "status": Status.PROPOSED.value,
                    "proposed_by": "matching",
                    "mentee_answer": None,
                    "mentor_answer": None,
                    "score": m.score,
                    "skill_ids": m.skill_ids,
                    "reasons": reasons[m.mentee_id],
                    "contributions": contributions(m),
                    "run_id": run_id,
                    "proposed_at": at,
                    "expires_at": expires,
                    "started_at": None,
                    "ended_at": None,
                    "end_reason": None,
                    "ended_by": None,
                    "flag": None,
                    "sessions_held": 0,
                }
                for m in result.matches
            ],
        )
        uow.publish_many(proposal_events(result.matches, ids, reasons, at=at, expires=expires))
        uow.session.add(
            MatchingRunRow(
                id=run_id,
                objective=objective.value,
                run_by=actor,
                ran_at=at,
                matched=len(result.matches),
                unmatched=len(result.unmatched),
                total_score=result.total_score,
                report=run_report(result, inputs.excluded),
            )
        )
    return RunOutcome(run_id, at, result, inputs.excluded, ids, reasons)


async def read_run(*, uow: UnitOfWork, run_id: str, offset: int, limit: int) -> runs.StoredRun:
    async with uow:
        return await runs.run_with_matches(uow.session, run_id, offset=offset, limit=limit)


async def top_k(
    *,
    uow: UnitOfWork,
    mentee_id: str,
    k: int,
    settings: MentorshipSettings,
    cache: MentorCache,
) -> TopMentors:
    """The k best mentors for one mentee now, explained (or what blocks every mentor)."""
    async with uow:
        with domain_errors():
            side = await cache.current(uow.session, teach_from_level=settings.teach_from_level)
        found = await profiles.profile_document(uow.session, MenteeRow, mentee_id)
        acquired = await profiles.acquired_skills(uow.session, [mentee_id])
        since = side.at - timedelta(days=settings.recent_pair_days)
        recent = await mentorships.recent_mentors_of(uow.session, mentee_id, since)
    if found is None:
        raise NotFound("mentee profile", mentee_id)
    person = side.people.get(mentee_id)
    if person is None or not person.active:
        raise Conflict(f"{mentee_id!r} is not an active employee according to HRIS")
    with domain_errors("query"):
        mentee = mentee_profile(mentee_id, found[0], acquired=acquired.get(mentee_id), stored=True)
        pool = build_pool(
            mentors=side.table,
            mentees=[mentee],
            org=side.org,
            at=side.at,
            roles=side.roles,
            recent_pairs=[(mentee_id, mentor_id) for mentor_id in recent],
        )
        return top_mentors(pool, mentee_id, k, rules=side.tuning.rules, scoring=side.tuning.scoring)


async def read_tuning(*, uow: UnitOfWork) -> tuple[ScoringConfig, MatchingRules]:
    async with uow:
        current = await tuning(uow.session)
    return current.scoring, current.rules


async def set_tuning(
    *, uow: UnitOfWork, weights: dict[str, float], min_overlap_hours: float, actor: str
) -> tuple[ScoringConfig, MatchingRules]:
    """Validate and store new weights (every term; missing ones weigh 0)."""
    scoring = checked(lambda: ScoringConfig(weights={ScoreTerm(t): w for t, w in weights.items()}))
    rules = checked(lambda: MatchingRules(min_overlap_hours))
    async with uow:
        row = await uow.session.get(ScoringSettingsRow, 1)
        stored = {t.value: w for t, w in scoring.weights.items()}
        if row is None:
            uow.session.add(
                ScoringSettingsRow(
                    id=1,
                    weights=stored,
                    min_overlap_hours=min_overlap_hours,
                    updated_by=actor,
                    updated_at=datetime.now(UTC),
                )
            )
        else:
            row.weights = stored
            row.min_overlap_hours = min_overlap_hours
            row.updated_by = actor
            row.updated_at = datetime.now(UTC)
    return scoring, rules

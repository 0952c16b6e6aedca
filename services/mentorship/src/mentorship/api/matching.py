"""Batch matching runs and tuning (admins); the best mentors for one mentee (them or admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from continuum_runtime.api.deps import (
    AdminPrincipal,
    CurrentPrincipal,
    ReadOnlyUnitOfWorkDep,
    UnitOfWorkDep,
)
from continuum_runtime.api.problems import problem_responses
from continuum_runtime.errors import Forbidden
from mentorship.api.schemas import (
    BlockerRead,
    ExcludedRead,
    MatchingRunCreate,
    MatchingRunRead,
    MatchRead,
    TopMentorsRead,
    TuningRead,
    TuningUpdate,
    UnmatchedRead,
)
from mentorship.domain.constraints import MatchingRules
from mentorship.domain.scoring import TERMS, ScoringConfig
from mentorship.domain.solver import Objective
from mentorship.domain.topk import MAX_K
from mentorship.service_layer import matching
from mentorship.settings import MentorshipSettings

router = APIRouter(tags=["matching"])

EmployeeId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
# A run can hold thousands of explained matches: responses carry them a page at a time.
PageLimit = Annotated[
    int, Query(ge=0, le=1000, description="Matches and unmatched mentees per page.")
]
PageOffset = Annotated[int, Query(ge=0, le=1_000_000, description="Where the page starts.")]


def _settings(request: Request) -> MentorshipSettings:
    settings: MentorshipSettings = request.app.state.settings
    return settings


@router.post(
    "/matching/runs",
    status_code=201,
    response_model=MatchingRunRead,
    summary="Match every waiting mentee, optimally; propose each pair (admins)",
    description="Every waiting mentee is either matched (with an explanation) or listed under "
    "`unmatched` with the constraints that blocked each. A pool without waiting mentees or "
    "without mentors is a 409, never an empty result.",
    responses=problem_responses(401, 403, 409, 422),
)
async def run_matching(
    body: MatchingRunCreate,
    principal: AdminPrincipal,
    uow: UnitOfWorkDep,
    request: Request,
    limit: PageLimit = 100,
) -> MatchingRunRead:
    outcome = await matching.run_batch(
        uow=uow,
        objective=body.objective,
        actor=principal.subject,
        settings=_settings(request),
        cache=request.app.state.profile_cache,
        org_cache=request.app.state.org_cache,
    )
    result = outcome.result
    first = sorted(result.matches, key=lambda m: m.mentee_id)[:limit]
    waiting = sorted(result.unmatched, key=lambda u: u.mentee_id)[:limit]
    return MatchingRunRead(
        id=outcome.run_id,
        objective=body.objective,
        ran_at=outcome.ran_at,
        run_by=principal.subject,
        matched=len(result.matches),
        unmatched_count=len(result.unmatched),
        total_score=result.total_score,
        feasible_pairs=result.feasible_pairs,
        ruled_out={c.value: n for c, n in result.ruled_out.items()},
        offset=0,
        limit=limit,
        matches=[
            MatchRead.of(m, outcome.mentorship_ids[m.mentee_id], outcome.reasons[m.mentee_id])
            for m in first
        ],
        unmatched=[
            UnmatchedRead.model_validate(u)
            for u in matching.run_report(result, [], waiting)["unmatched"]
        ],
        excluded=[ExcludedRead.model_validate(e) for e in outcome.excluded],
    )


@router.get(
    "/matching/runs/{run_id}",
    response_model=MatchingRunRead,
    summary="A past run: its proposals and who was not matched, and why (admins)",
    responses=problem_responses(401, 403, 404),
)
async def read_run(
    run_id: Annotated[str, Path(max_length=36)],
    _: AdminPrincipal,
    uow: ReadOnlyUnitOfWorkDep,
    offset: PageOffset = 0,
    limit: PageLimit = 100,
) -> MatchingRunRead:
    stored = await matching.read_run(uow=uow, run_id=run_id, offset=offset, limit=limit)
    run, report = stored.run, stored.run.report
    return MatchingRunRead(
        id=run.id,
        objective=Objective(run.objective),
        ran_at=run.ran_at,
        run_by=run.run_by,
        matched=run.matched,
        unmatched_count=run.unmatched,
        total_score=run.total_score,
        feasible_pairs=report["feasible_pairs"],
        ruled_out=report["ruled_out"],
        offset=offset,
        limit=limit,
        matches=[
            MatchRead(
                mentee_id=p.mentee_id,
                mentor_id=p.mentor_id,
                score=p.score or 0.0,
                skill_ids=p.skill_ids,
                reasons=p.reasons,
                contributions=[],
                ruled_out={},
                mentorship_id=p.id,
            )
            for p in stored.proposals
        ],
        unmatched=[
            UnmatchedRead.model_validate(u) for u in report["unmatched"][offset : offset + limit]
        ],
        excluded=[ExcludedRead.model_validate(e) for e in report["excluded"]],
    )


@router.get(
    "/mentees/{employee_id}/top-mentors",
    response_model=TopMentorsRead,
    summary="The k best mentors for a mentee now, explained (the mentee or admins)",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def top_mentors(
    employee_id: EmployeeId,
    principal: CurrentPrincipal,
    uow: ReadOnlyUnitOfWorkDep,
    request: Request,
    k: Annotated[int, Query(ge=1, le=MAX_K)] = 5,
) -> TopMentorsRead:
    employee_id = principal.subject if employee_id == "me" else employee_id
    if not (principal.is_admin or principal.subject == employee_id):
        raise Forbidden("you may ask only for your own mentors")
    top = await matching.top_k(
        uow=uow,
        mentee_id=employee_id,
        k=k,
        settings=_settings(request),
        cache=request.app.state.mentor_cache,
    )
    return TopMentorsRead(
        mentee_id=top.mentee_id,
        mentors=[MatchRead.of(m) for m in top.mentors],
        ruled_out={c.value: n for c, n in top.ruled_out.items()},
        blockers=[
            BlockerRead(constraint=b.constraint.value, mentors=b.mentors, detail=b.detail)
            for b in top.blockers
        ],
    )


def _tuning_read(scoring: ScoringConfig, rules: MatchingRules) -> TuningRead:
    return TuningRead(
        weights={t: float(scoring.weights.get(t, 0.0)) for t in TERMS},
        min_overlap_hours=rules.min_overlap_hours,
    )


@router.get(
    "/matching/settings",
    response_model=TuningRead,
    summary="The score weights and the minimum common hours (admins)",
    responses=problem_responses(401, 403),
)
async def read_settings(_: AdminPrincipal, uow: ReadOnlyUnitOfWorkDep) -> TuningRead:
    scoring, rules = await matching.read_tuning(uow=uow)
    return _tuning_read(scoring, rules)


@router.put(
    "/matching/settings",
    response_model=TuningRead,
    summary="Tune the score weights and the minimum common hours (admins)",
    responses=problem_responses(401, 403, 422),
)
async def put_settings(
    body: TuningUpdate, principal: AdminPrincipal, uow: UnitOfWorkDep
) -> TuningRead:
    scoring, rules = await matching.set_tuning(
        uow=uow,
        weights={t.value: w for t, w in body.weights.items()},
        min_overlap_hours=body.min_overlap_hours,
        actor=principal.subject,
    )
    return _tuning_read(scoring, rules)

"""Reports: a learner's transcript (JSON, CSV) and a manager's team overview."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Response

from continuum_runtime.api.deps import CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.downloads import attachment
from continuum_runtime.api.problems import problem_responses
from progress.learning.api.deps import PolicyDep, ReadableLearnerId
from progress.learning.api.report_schemas import TeamOverviewRead, TranscriptRead
from progress.learning.domain.transcript import to_csv
from progress.learning.service_layer import reports
from progress.learning.service_layer.clock import today

router = APIRouter(tags=["reports"])


@router.get(
    "/learners/{employee_id}/transcript",
    summary="Everything learned, with hours",
    responses=problem_responses(403),
)
async def transcript(employee_id: ReadableLearnerId, uow: UnitOfWorkDep) -> TranscriptRead:
    return TranscriptRead.of(await reports.transcript(uow=uow, learner_id=employee_id))


@router.get(
    "/learners/{employee_id}/transcript.csv",
    summary="The transcript as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **problem_responses(403)},
)
async def transcript_csv(employee_id: ReadableLearnerId, uow: UnitOfWorkDep) -> Response:
    found = await reports.transcript(uow=uow, learner_id=employee_id)
    return Response(
        content=to_csv(found.entries),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment(f"transcript-{employee_id}.csv")},
    )


@router.get(
    "/teams/{manager_id}/overview",
    summary="A manager's team: assignments and time",
    responses=problem_responses(403, 422),
)
async def team_overview(
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
    policy: PolicyDep,
    manager_id: str = Path(min_length=1, max_length=64),
    weeks: int = Query(default=4, ge=1, le=52, description="ISO weeks of utilisation to average."),
) -> TeamOverviewRead:
    team = await reports.team_overview(
        uow=uow, caller=principal, manager_id=manager_id, weeks=weeks, today=today(), policy=policy
    )
    return TeamOverviewRead.of(manager_id, weeks, team)

"""Reports: a learner's transcript (JSON, CSV) and a manager's team overview."""

from __future__ import annotations

from datetime import UTC, datetime
from statistics import fmean

from fastapi import APIRouter, HTTPException, Path, Query, Response, status

from continuum_runtime.auth.dependencies import CurrentPrincipal
from progress.learning.api.deps import EmployeeIdPath, RuntimeDep, SettingsDep, ensure_may_read
from progress.learning.api.schemas import (
    TeamMemberRead,
    TeamOverviewRead,
    TranscriptEntryRead,
    TranscriptRead,
)
from progress.learning.domain import budget as budgets
from progress.learning.domain.assignments import OPEN, is_overdue
from progress.learning.domain.transcript import hours, ordered, to_csv
from progress.learning.store import activities as activity
from progress.learning.store import assignments, people, reports

router = APIRouter(tags=["reports"])


@router.get("/learners/{employee_id}/transcript", summary="Everything learned, with hours")
async def transcript(
    employee_id: EmployeeIdPath, principal: CurrentPrincipal, runtime: RuntimeDep
) -> TranscriptRead:
    ensure_may_read(principal, employee_id)
    async with runtime.sessions() as session:
        entries = ordered(await reports.transcript(session, employee_id))
        total = await reports.total_minutes(session, employee_id)
        learner = await people.get_learner(session, employee_id)
    return TranscriptRead(
        learner_id=employee_id,
        display_name=learner.display_name if learner else None,
        total_hours=hours(total),
        entries=[
            TranscriptEntryRead(
                date=e.at.date(),
                at=e.at,
                kind=e.kind,
                title=e.title,
                reference=e.reference,
                item_kind=e.item_kind,
                hours=hours(e.minutes),
                success=e.success,
                score=e.score,
            )
            for e in entries
        ],
    )


@router.get(
    "/learners/{employee_id}/transcript.csv",
    summary="The transcript as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def transcript_csv(
    employee_id: EmployeeIdPath, principal: CurrentPrincipal, runtime: RuntimeDep
) -> Response:
    ensure_may_read(principal, employee_id)
    async with runtime.sessions() as session:
        entries = await reports.transcript(session, employee_id)
    return Response(
        content=to_csv(entries),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="transcript-{employee_id}.csv"'},
    )


@router.get("/teams/{manager_id}/overview", summary="A manager's team: assignments and time")
async def team_overview(
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    settings: SettingsDep,
    manager_id: str = Path(min_length=1, max_length=64),
    weeks: int = Query(default=4, ge=1, le=52, description="ISO weeks of utilisation to average."),
) -> TeamOverviewRead:
    if not (principal.is_admin or (principal.has("manager") and principal.subject == manager_id)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="you may not read this team")
    today = datetime.now(UTC).date()
    first = budgets.first_week_of_last(today, weeks)
    members: list[TeamMemberRead] = []
    async with runtime.sessions() as session:
        # A manager sees the reports their token names; an admin the team HRIS events describe.
        ids = (
            sorted(principal.reports)
            if principal.subject == manager_id and principal.has("manager")
            else await people.team_of(session, manager_id)
        )
        for learner_id in ids:
            learner = await people.get_learner(session, learner_id)
            rows = await assignments.list_assignments(session, [learner_id])
            budget = await activity.weekly_budget_for(
                session, learner_id, default_minutes=settings.learning_weekly_budget_minutes
            )
            by_week = await activity.minutes_by_week(session, learner_id, since=first)
            usage = budgets.weekly_usage(by_week, budget, first=first, last=today)
            utilisations = [u.utilisation for u in usage if u.utilisation is not None]
            open_count = sum(r.status == OPEN for r in rows)
            completed = sum(r.status == "completed" for r in rows)
            countable = sum(r.status in {OPEN, "completed"} for r in rows)
            members.append(
                TeamMemberRead(
                    learner_id=learner_id,
                    display_name=learner.display_name if learner else None,
                    role_id=learner.role_id if learner else None,
                    open_assignments=open_count,
                    completed_assignments=completed,
                    overdue_assignments=sum(
                        is_overdue(status=r.status, due_date=r.due_date, today=today) for r in rows
                    ),
                    completion_rate=round(completed / countable, 3) if countable else None,
                    weekly_budget_minutes=budget,
                    this_week_minutes=usage[-1].spent_minutes,
                    utilisation_this_week=usage[-1].utilisation,
                    average_utilisation=round(fmean(utilisations), 3) if utilisations else None,
                )
            )
    averages = [m.average_utilisation for m in members if m.average_utilisation is not None]
    return TeamOverviewRead(
        manager_id=manager_id,
        weeks=weeks,
        members=members,
        open_assignments=sum(m.open_assignments for m in members),
        overdue_assignments=sum(m.overdue_assignments for m in members),
        completed_assignments=sum(m.completed_assignments for m in members),
        average_utilisation=round(fmean(averages), 3) if averages else None,
    )

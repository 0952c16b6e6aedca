"""Leaderboards (opted-in learners only), a learner's recognition summary (JSON or CSV) and
the bonus export for HR (CSV, admins)."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from continuum_runtime.api.deps import AdminPrincipal, CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from recognition.api.deps import ContextDep, EmployeeId, Limit
from recognition.domain.periods import PERIOD_KEY_PATTERN, Period, PeriodKind, period_for
from recognition.service_layer import reports as cases

router = APIRouter(tags=["reports"])

PeriodKey = Annotated[
    str,
    Query(
        pattern=PERIOD_KEY_PATTERN,
        description=(
            "A period: '2026-W49', '2026-11', '2026-Q3' or '2026'. The report covers the period "
            "of kind `period` that contains its first day (period=month&key=2026-11 is "
            "November; period=month&key=2026-Q4 is October)."
        ),
    ),
]


_CSV = {"text/csv; charset=utf-8": {"schema": {"type": "string"}}}


def _period(kind: PeriodKind, key: str) -> Period:
    return period_for(kind, key)  # the key's pattern admits only periods that exist


class StandingRead(BaseModel):
    rank: int
    subject_id: str
    value: float
    members: int


@router.get(
    "/leaderboards",
    response_model=list[StandingRead],
    summary="Who learned most in a period: only learners who opted in, by learner or team",
    responses=problem_responses(401, 422),
)
async def leaderboard(
    _: CurrentPrincipal,
    uow: UnitOfWorkDep,
    ctx: ContextDep,
    period: PeriodKind,
    key: PeriodKey,
    measure: cases.Measure = "badges",
    board: cases.Board = "learners",
    team_id: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 20,
) -> list[StandingRead]:
    standings = await cases.leaderboard(
        uow=uow,
        ctx=ctx,
        period=_period(period, key),
        measure=measure,
        board=board,
        team_id=team_id,
        limit=limit,
    )
    return [
        StandingRead(rank=s.rank, subject_id=s.subject_id, value=s.value, members=s.members)
        for s in standings
    ]


def _summary_json(summary: cases.Summary) -> dict[str, Any]:
    return {
        "learner_id": summary.learner_id,
        "period": {"kind": summary.period.kind.value, "key": summary.period.key},
        "badges": [
            {
                "award_id": a.award_id,
                "badge_id": a.badge_id,
                "earned_at": a.earned_at.isoformat(),
                "evidence": len(a.evidence),
            }
            for a in summary.badges
        ],
        "points_earned": summary.points_earned,
        "points_spent": summary.points_spent,
        "balance": summary.balance,
        "kudos_received": summary.kudos_received,
        "kudos_givers": summary.kudos_givers,
        "endorsements": summary.endorsements,
        "learning_hours": summary.learning_hours,
        "activities_tried": summary.activities_tried,
        "mentoring_sessions_given": summary.mentoring_sessions_given,
        "ceremony_places": summary.ceremony_places,
    }


def _summary_csv(summary: cases.Summary) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["learner_id", "period", "item", "detail", "value"])
    base = [summary.learner_id, summary.period.key]
    for award in summary.badges:
        writer.writerow([*base, "badge", award.badge_id, award.earned_at.isoformat()])
    for name in (
        "points_earned",
        "points_spent",
        "balance",
        "kudos_received",
        "kudos_givers",
        "endorsements",
        "learning_hours",
        "activities_tried",
        "mentoring_sessions_given",
    ):
        writer.writerow([*base, name, "", getattr(summary, name)])
    for place in summary.ceremony_places:
        writer.writerow(
            [*base, "ceremony", f"{place['ceremony']}: {place['category']}", place["rank"]]
        )
    return out.getvalue()


@router.get(
    "/learners/{learner_id}/summary",
    summary="A learner's recognition in a period, for performance reviews (JSON or CSV)",
    response_class=Response,
    responses={
        200: {
            "description": "The summary: JSON, or CSV with format=csv",
            "content": {"application/json": {"schema": {"type": "object"}}, **_CSV},
        },
        **problem_responses(401, 403, 422),
    },
)
async def learner_summary(
    learner_id: EmployeeId,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
    ctx: ContextDep,
    period: PeriodKind,
    key: PeriodKey,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    summary = await cases.summary(
        uow=uow, ctx=ctx, learner_id=learner_id, period=_period(period, key), principal=principal
    )
    if format == "csv":
        return Response(_summary_csv(summary), media_type="text/csv; charset=utf-8")
    return JSONResponse(_summary_json(summary))


@router.get(
    "/exports/bonuses",
    summary="Recommended bonuses of a period for HR/payroll (CSV; nothing is paid here)",
    response_class=Response,
    responses={
        200: {"description": "One line per award with a bonus", "content": _CSV},
        **problem_responses(401, 403, 422),
    },
)
async def bonus_export(
    _: AdminPrincipal, uow: UnitOfWorkDep, ctx: ContextDep, period: PeriodKind, key: PeriodKey
) -> Response:
    lines = await cases.bonuses(uow=uow, ctx=ctx, period=_period(period, key))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["learner_id", "display_name", "award_id", "badge_id", "earned_at", "amount", "currency"]
    )
    for line in lines:
        writer.writerow(
            [
                line.learner_id,
                line.display_name,
                line.award_id,
                line.badge_id,
                line.earned_at,
                line.amount,
                line.currency,
            ]
        )
    filename = f"bonuses-{period.value}-{key}.csv"
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

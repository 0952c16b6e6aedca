"""Award ceremonies: admins conclude a finished period (the scheduler does it by itself);
everyone signed in reads the results."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from continuum_runtime.api.deps import AdminPrincipal, CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from recognition.api.deps import ContextDep, Limit
from recognition.domain.ceremonies import CeremonyKind
from recognition.service_layer import ceremonies as cases
from recognition.store.tables import CeremonyRow

router = APIRouter(prefix="/ceremonies", tags=["ceremonies"])


class CeremonyCreate(BaseModel):
    kind: CeremonyKind
    period: str = Field(
        min_length=4, max_length=10, description="'2026-11' (monthly) or '2026-Q3' (quarterly)."
    )


class CeremonyRead(BaseModel):
    ceremony_id: str
    kind: str
    title: str
    period_start: date
    period_end: date
    winners: list[dict[str, Any]]
    concluded_at: datetime
    concluded_by: str | None

    @classmethod
    def of(cls, row: CeremonyRow) -> CeremonyRead:
        return cls(
            ceremony_id=row.ceremony_id,
            kind=row.kind,
            title=row.title,
            period_start=row.period_start,
            period_end=row.period_end,
            winners=row.winners,
            concluded_at=row.concluded_at,
            concluded_by=row.concluded_by,
        )


@router.post(
    "",
    response_model=CeremonyRead,
    summary="Conclude the ceremony of a finished period (once: a second call returns it)",
    responses=problem_responses(401, 403, 422),
)
async def conclude(
    body: CeremonyCreate, principal: AdminPrincipal, uow: UnitOfWorkDep, ctx: ContextDep
) -> CeremonyRead:
    period = cases.parse(body.kind, body.period)
    row = await cases.conclude_ceremony(
        uow=uow, ctx=ctx, kind=body.kind, period=period, actor=principal.subject
    )
    return CeremonyRead.of(row)


@router.get(
    "",
    response_model=list[CeremonyRead],
    summary="Recent ceremonies",
    responses=problem_responses(401),
)
async def recent(_: CurrentPrincipal, uow: UnitOfWorkDep, limit: Limit = 12) -> list[CeremonyRead]:
    return [CeremonyRead.of(r) for r in await cases.recent(uow=uow, limit=limit)]

"""Award rules: admins create and revise them (each save a new version, validated on save)."""

from __future__ import annotations

from fastapi import APIRouter

from continuum_runtime.api.cursors import after_id, fingerprint, id_page
from continuum_runtime.api.deps import AdminPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from recognition.api.deps import ContextDep, Cursor, Limit, SlugPath
from recognition.api.schemas import RuleCreate, RulePage, RuleRead, RuleUpdate, RuleVersionRead
from recognition.domain.rules import RuleDefinition
from recognition.service_layer import rules as cases

router = APIRouter(prefix="/rules", tags=["rules"])


def _definition(body: RuleDefinition) -> RuleDefinition:
    return RuleDefinition.model_validate(body.model_dump(exclude={"id"}))


@router.post(
    "",
    status_code=201,
    response_model=RuleRead,
    summary="Create a rule (version 1); it applies at once to what learners already did",
    responses=problem_responses(401, 403, 409, 422),
)
async def create_rule(
    body: RuleCreate, principal: AdminPrincipal, uow: UnitOfWorkDep, ctx: ContextDep
) -> RuleRead:
    rule = await cases.create_rule(
        uow=uow, ctx=ctx, rule_id=body.id, definition=_definition(body), actor=principal.subject
    )
    return RuleRead.of(rule)


@router.put(
    "/{rule_id}",
    response_model=RuleRead,
    summary="Revise a rule: the next version (awards already given stand)",
    responses=problem_responses(401, 403, 404, 422),
)
async def revise_rule(
    rule_id: SlugPath,
    body: RuleUpdate,
    principal: AdminPrincipal,
    uow: UnitOfWorkDep,
    ctx: ContextDep,
) -> RuleRead:
    rule = await cases.revise_rule(
        uow=uow, ctx=ctx, rule_id=rule_id, definition=_definition(body), actor=principal.subject
    )
    return RuleRead.of(rule)


@router.get(
    "", response_model=RulePage, summary="Rules by id", responses=problem_responses(401, 403, 422)
)
async def list_rules(
    _: AdminPrincipal, uow: UnitOfWorkDep, limit: Limit = 50, cursor: Cursor = None
) -> RulePage:
    key = fingerprint(("rules", limit))
    fetched = await cases.list_rules(uow=uow, after=after_id(cursor, key), limit=limit + 1)
    rows, next_cursor = id_page(fetched, limit, key)
    return RulePage(rules=[RuleRead.of(r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/{rule_id}",
    response_model=RuleRead,
    summary="A rule's current version",
    responses=problem_responses(401, 403, 404, 422),
)
async def read_rule(rule_id: SlugPath, _: AdminPrincipal, uow: UnitOfWorkDep) -> RuleRead:
    return RuleRead.of(await cases.read_rule(uow=uow, rule_id=rule_id))


@router.get(
    "/{rule_id}/versions",
    response_model=list[RuleVersionRead],
    summary="Every version of a rule, oldest first",
    responses=problem_responses(401, 403, 404, 422),
)
async def rule_versions(
    rule_id: SlugPath, _: AdminPrincipal, uow: UnitOfWorkDep
) -> list[RuleVersionRead]:
    return [RuleVersionRead.of(v) for v in await cases.list_versions(uow=uow, rule_id=rule_id)]

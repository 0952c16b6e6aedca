"""Award rules: admins create and revise them (each save a new version, validated on save)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from continuum_runtime.api.cursors import after_id, fingerprint, id_page
from continuum_runtime.api.deps import AdminPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from recognition.api.deps import Cursor, Limit, SlugPath
from recognition.api.schemas import (
    RuleApplicationRead,
    RuleCreate,
    RulePage,
    RuleRead,
    RuleSaved,
    RuleUpdate,
    RuleVersionRead,
)
from recognition.domain.rules import RuleDefinition
from recognition.service_layer import applications
from recognition.service_layer import rules as cases

router = APIRouter(prefix="/rules", tags=["rules"])


def _definition(body: RuleDefinition) -> RuleDefinition:
    return RuleDefinition.model_validate(body.model_dump(exclude={"id"}))


_LOCATION = {"Location": {"description": "The rule application job", "schema": {"type": "string"}}}


def _accepted(saved: cases.SavedRule, response: Response) -> RuleSaved:
    application = saved.application
    response.headers["Location"] = (
        f"/rules/{application.rule_id}/applications/{application.application_id}"
    )
    return RuleSaved.saved(saved.rule, application)


@router.post(
    "",
    status_code=202,
    response_model=RuleSaved,
    summary="Create a rule (version 1); a job applies it to what learners already did",
    responses={202: {"headers": _LOCATION}, **problem_responses(401, 403, 409, 422)},
)
async def create_rule(
    body: RuleCreate, principal: AdminPrincipal, uow: UnitOfWorkDep, response: Response
) -> RuleSaved:
    saved = await cases.create_rule(
        uow=uow, rule_id=body.id, definition=_definition(body), actor=principal.subject
    )
    return _accepted(saved, response)


@router.put(
    "/{rule_id}",
    status_code=202,
    response_model=RuleSaved,
    summary="Revise a rule: the next version, applied by a job (awards already given stand)",
    responses={202: {"headers": _LOCATION}, **problem_responses(401, 403, 404, 422)},
)
async def revise_rule(
    rule_id: SlugPath,
    body: RuleUpdate,
    principal: AdminPrincipal,
    uow: UnitOfWorkDep,
    response: Response,
) -> RuleSaved:
    saved = await cases.revise_rule(
        uow=uow, rule_id=rule_id, definition=_definition(body), actor=principal.subject
    )
    return _accepted(saved, response)


@router.get(
    "/{rule_id}/applications/{application_id}",
    response_model=RuleApplicationRead,
    summary="A rule application job: its state and progress",
    responses=problem_responses(401, 403, 404, 422),
)
async def read_application(
    rule_id: SlugPath, application_id: uuid.UUID, _: AdminPrincipal, uow: UnitOfWorkDep
) -> RuleApplicationRead:
    row = await applications.read(uow=uow, rule_id=rule_id, application=str(application_id))
    return RuleApplicationRead.of(row)


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

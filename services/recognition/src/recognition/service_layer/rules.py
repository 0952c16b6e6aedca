"""Award rules: created and revised by admins (each save a new version), validated on save,
and applied at once to the facts already known (awards once given stand)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from continuum_runtime.errors import Conflict, InvalidInput, NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.domain.rules import Rule, RuleDefinition
from recognition.service_layer.context import Recognition
from recognition.service_layer.evaluation import backfill_rule
from recognition.store import rules as store


@dataclass(frozen=True)
class RuleVersion:
    rule: Rule
    created_by: str
    created_at: datetime


async def create_rule(
    *, uow: UnitOfWork, ctx: Recognition, rule_id: str, definition: RuleDefinition, actor: str
) -> Rule:
    async with uow:
        if await store.rule_by_id(uow.session, rule_id) is not None:
            raise Conflict(f"rule {rule_id!r} exists: revise it with PUT /rules/{rule_id}")
        rule = Rule.create(rule_id, definition)
        await _save(uow, ctx, rule, actor)
    return rule


async def revise_rule(
    *, uow: UnitOfWork, ctx: Recognition, rule_id: str, definition: RuleDefinition, actor: str
) -> Rule:
    async with uow:
        current = await store.rule_by_id(uow.session, rule_id)
        if current is None:
            raise NotFound("rule", rule_id)
        rule = current.revise(definition)
        await _save(uow, ctx, rule, actor)
    return rule


async def _save(uow: UnitOfWork, ctx: Recognition, rule: Rule, actor: str) -> None:
    if await store.badge_by_id(uow.session, rule.badge_id) is None:
        raise InvalidInput.one(
            ("body", "badge_id"), f"no badge {rule.badge_id!r}: define it with PUT /badges first"
        )
    await store.save_rule(uow.session, rule, actor=actor, at=datetime.now(UTC))
    await backfill_rule(uow=uow, ctx=ctx, rule=rule)


async def read_rule(*, uow: UnitOfWork, rule_id: str) -> Rule:
    async with uow:
        rule = await store.rule_by_id(uow.session, rule_id)
    if rule is None:
        raise NotFound("rule", rule_id)
    return rule


async def list_rules(*, uow: UnitOfWork, after: str | None, limit: int) -> list[Rule]:
    async with uow:
        return await store.rules_after(uow.session, after, limit)


async def list_versions(*, uow: UnitOfWork, rule_id: str) -> list[RuleVersion]:
    async with uow:
        versions = await store.rule_versions(uow.session, rule_id)
    if not versions:
        raise NotFound("rule", rule_id)
    return [RuleVersion(rule, by, at) for rule, by, at in versions]

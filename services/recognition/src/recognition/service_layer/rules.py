"""Award rules: created and revised by admins (each save a new version), validated on save,
and applied to the facts already known by a job started with the save (awards once given
stand; service_layer.applications)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from continuum_runtime.errors import Conflict, InvalidInput, NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.domain.rules import Rule, RuleDefinition
from recognition.service_layer import applications
from recognition.store import rules as store
from recognition.store.locks import lock_rulebook
from recognition.store.tables import RuleApplicationRow


@dataclass(frozen=True)
class RuleVersion:
    rule: Rule
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class SavedRule:
    rule: Rule
    application: RuleApplicationRow


async def create_rule(
    *, uow: UnitOfWork, rule_id: str, definition: RuleDefinition, actor: str
) -> SavedRule:
    async with uow:
        await lock_rulebook(uow.session, exclusive=True)
        if await store.rule_by_id(uow.session, rule_id) is not None:
            raise Conflict(f"rule {rule_id!r} exists: revise it with PUT /rules/{rule_id}")
        rule = Rule.create(rule_id, definition)
        saved = await _save(uow, rule, actor)
    return saved


async def revise_rule(
    *, uow: UnitOfWork, rule_id: str, definition: RuleDefinition, actor: str
) -> SavedRule:
    async with uow:
        await lock_rulebook(uow.session, exclusive=True)
        current = await store.rule_by_id(uow.session, rule_id)
        if current is None:
            raise NotFound("rule", rule_id)
        rule = current.revise(definition)
        saved = await _save(uow, rule, actor)
    return saved


async def _save(uow: UnitOfWork, rule: Rule, actor: str) -> SavedRule:
    if await store.badge_by_id(uow.session, rule.badge_id) is None:
        raise InvalidInput.one(
            ("body", "badge_id"),
            f"no badge {rule.badge_id!r}: define it with PUT /badges first",
            "reference_error",  # names what does not exist (no schema can say which ids do)
        )
    await store.save_rule(uow.session, rule, actor=actor, at=datetime.now(UTC))
    return SavedRule(rule, await applications.start(uow, rule, actor=actor))


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

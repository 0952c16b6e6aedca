"""Rules (current version) and every version ever saved; badge classes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from recognition.domain.rules import Rule
from recognition.store.tables import BadgeRow, RuleRow, RuleVersionRow


def rule_of(row: RuleRow | RuleVersionRow) -> Rule:
    return Rule.model_validate({"id": row.rule_id, "version": row.version, **row.definition})


def _definition(rule: Rule) -> dict[str, object]:
    return rule.model_dump(mode="json", exclude={"id", "version"})


async def rule_by_id(session: AsyncSession, rule_id: str) -> Rule | None:
    row = await session.get(RuleRow, rule_id)
    return None if row is None else rule_of(row)


async def rules_after(session: AsyncSession, after: str | None, limit: int) -> list[Rule]:
    query = select(RuleRow).order_by(col(RuleRow.rule_id)).limit(limit)
    if after is not None:
        query = query.where(col(RuleRow.rule_id) > after)
    return [rule_of(row) for row in await session.scalars(query)]


async def active_rules(session: AsyncSession) -> list[Rule]:
    rows = await session.scalars(select(RuleRow).where(col(RuleRow.active).is_(True)))
    return [rule_of(row) for row in rows]


async def rules_revision(session: AsyncSession) -> tuple[int, int]:
    """Changes whenever a rule is saved: (rules, sum of versions)."""
    count, versions = (
        await session.execute(
            select(func.count(), func.coalesce(func.sum(col(RuleRow.version)), 0))
        )
    ).one()
    return int(count), int(versions)


async def save_rule(session: AsyncSession, rule: Rule, *, actor: str, at: datetime) -> None:
    """Write a new version: the current row and its copy in rule_versions."""
    definition = _definition(rule)
    row = await session.get(RuleRow, rule.id)
    if row is None:
        session.add(
            RuleRow(
                rule_id=rule.id,
                version=rule.version,
                definition=definition,
                active=rule.active,
                updated_at=at,
            )
        )
    else:
        row.version, row.definition, row.active, row.updated_at = (
            rule.version,
            definition,
            rule.active,
            at,
        )
    session.add(
        RuleVersionRow(
            rule_id=rule.id,
            version=rule.version,
            definition=definition,
            created_by=actor,
            created_at=at,
        )
    )


async def rule_versions(session: AsyncSession, rule_id: str) -> list[tuple[Rule, str, datetime]]:
    rows = await session.scalars(
        select(RuleVersionRow)
        .where(col(RuleVersionRow.rule_id) == rule_id)
        .order_by(col(RuleVersionRow.version))
    )
    return [(rule_of(row), row.created_by, row.created_at) for row in rows]


async def badge_by_id(session: AsyncSession, badge_id: str) -> BadgeRow | None:
    return await session.get(BadgeRow, badge_id)


async def badges_by_ids(session: AsyncSession, ids: set[str]) -> dict[str, BadgeRow]:
    if not ids:
        return {}
    rows = await session.scalars(select(BadgeRow).where(col(BadgeRow.badge_id).in_(sorted(ids))))
    return {row.badge_id: row for row in rows}


async def all_badges(session: AsyncSession) -> list[BadgeRow]:
    return list(await session.scalars(select(BadgeRow).order_by(col(BadgeRow.badge_id))))

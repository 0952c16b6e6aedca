"""Reading statements: one by id, or a filtered page walking one index in `seq` order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from progress.lrs.store.tables import (
    activity_ref,
    agent_ref,
    attachments_table,
    refs_table,
    statements_table,
)

S = statements_table


@dataclass(frozen=True)
class StoredStatement:
    seq: int
    body: str
    stored_us: int
    voided: bool
    actor_key: str
    authority_key: str


@dataclass(frozen=True)
class StatementFilter:
    """The filters of GET /statements, already validated; None means "not filtered"."""

    agent_ifi: str | None = None
    related_agents: bool = False
    verb_id: str | None = None
    activity_id: str | None = None
    related_activities: bool = False
    registration: str | None = None
    since_us: int | None = None
    until_us: int | None = None
    ascending: bool = False
    # Authorisation limits: only these learners' statements / only this authority's.
    actor_keys: frozenset[str] | None = None
    authority_key: str | None = None


_COLUMNS = (S.c.seq, S.c.body, S.c.stored_us, S.c.voided, S.c.actor_key, S.c.authority_key)


async def get_statement(session: AsyncSession, statement_id: str) -> StoredStatement | None:
    row = (
        await session.execute(select(*_COLUMNS).where(S.c.statement_id == statement_id.lower()))
    ).first()
    return StoredStatement(*row) if row is not None else None


async def find_statements(
    session: AsyncSession, query: StatementFilter, *, limit: int, after_seq: int | None = None
) -> list[StoredStatement]:
    """Up to `limit` statements that are not voided and match, newest first unless ascending.

    A statement also matches when the statement its StatementRef targets matches the agent,
    verb, activity and registration filters, voided or not, and so on down a chain of
    StatementRefs (Communication 2.1.3.s3). One level is the common case (voiding, comments)
    and walks the small index of statements with a target; deeper chains, rare, are followed by
    a recursive query seeded only by statements whose target itself targets another. The three
    ordered, limited selects go in one round trip and are merged here.
    """
    direct = _select(query, limit, after_seq)
    if not _filters_content(query):
        return [StoredStatement(*row) for row in await session.execute(direct)]
    through = _select(query, limit, after_seq, through_ref=True)
    deeper = _select_through_chains(query, limit, after_seq)
    rows = await session.execute(
        union_all(select(direct.subquery()), select(through.subquery()), select(deeper.subquery()))
    )
    unique = {row[0]: StoredStatement(*row) for row in rows}
    found = sorted(unique.values(), key=lambda row: row.seq, reverse=not query.ascending)
    return found[:limit]


def _filters_content(query: StatementFilter) -> bool:
    return any(
        value is not None
        for value in (query.agent_ifi, query.verb_id, query.activity_id, query.registration)
    )


def _select(
    query: StatementFilter, limit: int, after_seq: int | None, *, through_ref: bool = False
) -> Select[Any]:
    stmt = select(*_COLUMNS).where(S.c.voided.is_(False))
    matched = S
    if through_ref:
        # Match on the target; walk the partial index of statements that have one.
        matched = statements_table.alias("target")
        stmt = stmt.join(matched, matched.c.statement_id == S.c.target_statement_id).where(
            S.c.target_statement_id.is_not(None)
        )
    stmt, index_seq = _match_content(stmt, query, matched)
    # A direct match walks the index of its filter; a match through a target walks S's.
    order = S.c.seq if through_ref or index_seq is None else index_seq
    return _page(_restrict(stmt, query), query, order, limit, after_seq)


def _select_through_chains(
    query: StatementFilter, limit: int, after_seq: int | None
) -> Select[Any]:
    """Statements whose StatementRef chain reaches a match two or more levels down.

    Seeded from the partial index of statements whose target is itself a StatementRef
    statement (`target_is_ref`), so the cost follows the number of such chains, not of refs.
    """
    first = statements_table.alias("first_target")
    seed = (
        select(S.c.seq.label("seq"), first.c.target_statement_id.label("target_id"))
        .join(first, first.c.statement_id == S.c.target_statement_id)
        .where(S.c.target_is_ref, S.c.voided.is_(False))  # bare: matches the index predicate
    )
    if after_seq is not None:
        seed = seed.where(S.c.seq > after_seq if query.ascending else S.c.seq < after_seq)
    chain = _restrict(seed, query).cte("statement_ref_chain", recursive=True)
    step = statements_table.alias("chain_step")
    # UNION (not ALL) drops repeats, so a cycle of StatementRefs ends the recursion.
    chain = chain.union(
        select(chain.c.seq, step.c.target_statement_id)
        .join(step, step.c.statement_id == chain.c.target_id)
        .where(step.c.target_statement_id.is_not(None))
    )
    matched = statements_table.alias("chain_target")
    reached = (
        select(chain.c.seq).distinct().join(matched, matched.c.statement_id == chain.c.target_id)
    )
    reached, _ = _match_content(reached, query, matched)
    # Page the (few) chain heads first, then fetch just those rows.
    page = _page(reached, query, chain.c.seq, limit, None).subquery("chain_page")
    stmt = select(*_COLUMNS).join(page, page.c.seq == S.c.seq)
    return _page(stmt, query, S.c.seq, limit, None)


def _match_content(
    stmt: Select[Any], query: StatementFilter, matched: Any
) -> tuple[Select[Any], Any]:
    """Add the agent, verb, activity and registration filters, compared on `matched`.

    Returns the statement and the seq column of the ref index it walks, if any.
    """
    index_seq = None
    wanted = (
        (
            "activity_match",
            query.activity_id and activity_ref(query.activity_id),
            query.related_activities,
        ),
        ("agent_match", query.agent_ifi and agent_ref(query.agent_ifi), query.related_agents),
    )
    for alias, ref, related in wanted:
        if not ref:
            continue
        rows = refs_table.alias(alias)
        stmt = stmt.join(rows, rows.c.seq == matched.c.seq).where(rows.c.ref == ref)
        if not related:
            stmt = stmt.where(rows.c.related.is_(False))
        index_seq = rows.c.seq  # with both filters, walk the agent index (usually narrower)
    if query.verb_id is not None:
        stmt = stmt.where(matched.c.verb_id == query.verb_id)
    if query.registration is not None:
        stmt = stmt.where(matched.c.registration == query.registration.lower())
    return stmt, index_seq


def _restrict(stmt: Select[Any], query: StatementFilter) -> Select[Any]:
    """The time window and the authorisation limits, always on the returned statement."""
    if query.since_us is not None:
        stmt = stmt.where(S.c.stored_us > query.since_us)
    if query.until_us is not None:
        stmt = stmt.where(S.c.stored_us <= query.until_us)
    if query.actor_keys is not None:
        stmt = stmt.where(S.c.actor_key.in_(sorted(query.actor_keys)))
    if query.authority_key is not None:
        stmt = stmt.where(S.c.authority_key == query.authority_key)
    return stmt


def _page(
    stmt: Select[Any], query: StatementFilter, order: Any, limit: int, after_seq: int | None
) -> Select[Any]:
    if after_seq is not None:
        stmt = stmt.where(order > after_seq if query.ascending else order < after_seq)
    return stmt.order_by(order.asc() if query.ascending else order.desc()).limit(limit)


async def get_attachments(session: AsyncSession, sha2s: list[str]) -> dict[str, tuple[str, bytes]]:
    """Attachment content by SHA-2: (content type, bytes)."""
    if not sha2s:
        return {}
    rows = await session.execute(
        select(
            attachments_table.c.sha2, attachments_table.c.content_type, attachments_table.c.content
        ).where(attachments_table.c.sha2.in_(sha2s))
    )
    return {sha2: (content_type, bytes(content)) for sha2, content_type, content in rows}

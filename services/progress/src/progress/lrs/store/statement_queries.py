"""Reading statements: one by id, or a filtered page walking one index in `seq` order."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from progress.lrs.store import statement_plans as plans
from progress.lrs.store.statement_filter import StatementFilter
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
    StatementRefs (Communication 2.1.3.s3). One level is the common case (voiding, comments);
    deeper chains, rare, are followed by a recursive query seeded only by statements whose
    target itself targets another. The three ordered, limited selects go in one round trip and
    are merged here.

    The plans do not depend on the planner's statistics (a restored database, or one where
    autovacuum is off, has none): lrs.store.statement_plans picks the one index each select
    walks, in `seq` order, and writes every other condition so that no index serves it.
    """
    await plans.pin(session)
    walk = plans.choose_walk(query)
    if walk in plans.WIDE and await _window_is_small(session, query):
        walk = "stored"
    # Several learners (a manager's reports) are walked one by one, each stopping at `limit`.
    filters = [query]
    if walk == "actor" and query.actor_keys is not None and len(query.actor_keys) > 1:
        filters = [replace(query, actor_keys=frozenset((key,))) for key in sorted(query.actor_keys)]
    selects = []
    for each in filters:
        selects.append(_direct(each, walk, limit, after_seq))
        if _filters_content(each):
            selects.append(_through_ref(each, walk, limit, after_seq))
            selects.append(_select_through_chains(each, limit, after_seq))
    if len(selects) == 1:
        return [StoredStatement(*row) for row in await session.execute(selects[0])]
    rows = await session.execute(union_all(*(select(part.subquery()) for part in selects)))
    unique = {row[0]: StoredStatement(*row) for row in rows}
    found = sorted(unique.values(), key=lambda row: row.seq, reverse=not query.ascending)
    return found[:limit]


async def _window_is_small(session: AsyncSession, query: StatementFilter) -> bool:
    """Whether a time window holds under a few pages of statements: walking it through the
    `stored` index (then sorting) beats walking a wide index past all the rows outside it.
    Counted on the index, stopping at the bound, so the probe costs at most that many rows."""
    if query.since_us is None and query.until_us is None:
        return False
    probe = select(S.c.seq)
    if query.since_us is not None:
        probe = probe.where(S.c.stored_us > query.since_us)
    if query.until_us is not None:
        probe = probe.where(S.c.stored_us <= query.until_us)
    counted = select(func.count()).select_from(probe.limit(plans.SMALL_WINDOW).subquery())
    count = await session.scalar(counted)
    return (count or 0) < plans.SMALL_WINDOW


def _filters_content(query: StatementFilter) -> bool:
    return any(
        value is not None
        for value in (query.agent_ifi, query.verb_id, query.activity_id, query.registration)
    )


def _direct(
    query: StatementFilter, walk: plans.Walk, limit: int, after_seq: int | None
) -> Select[Any]:
    """Statements matching themselves, walking `walk` in seq order."""
    stmt = select(*_COLUMNS).where(S.c.voided.is_(False))
    stmt, order = _match_content(stmt, query, S, walk)
    if walk == "stored":
        # The window's statements come in `stored` order: sorted, never an ordered walk.
        order = plans.unindexed_number(S.c.seq)
    return _page(_restrict(stmt, query, walk), query, order, limit, after_seq)


def _through_ref(
    query: StatementFilter, walk: plans.Walk, limit: int, after_seq: int | None
) -> Select[Any]:
    """Statements whose StatementRef target matches (voided or not).

    With a narrow filter (registration, agent, activity) the matching targets are few: they
    are walked and the statements targeting each found through ix_statements_target. With only
    a verb, the statements that have a target are walked in seq order (the partial index) and
    each target looked up by id.
    """
    matched = statements_table.alias("target")
    stmt = select(*_COLUMNS).where(S.c.voided.is_(False))
    if walk in plans.NARROW:
        # The target's id is hidden from its index: the walk starts from the matches.
        stmt = stmt.join_from(
            S, matched, S.c.target_statement_id == plans.unindexed(matched.c.statement_id)
        )
        stmt, _ = _match_content(stmt, query, matched, walk)
        # Ordered by an expression no index gives, so no walk of all targeted statements in
        # seq order competes with the walk from the few matches; their referrers are sorted.
        order = plans.unindexed_number(S.c.seq)
        return _page(_restrict(stmt, query, "seq"), query, order, limit, after_seq)
    stmt = stmt.join_from(S, matched, matched.c.statement_id == S.c.target_statement_id).where(
        S.c.target_statement_id.is_not(None)  # bare: matches the partial index's predicate
    )
    stmt, _ = _match_content(stmt, query, matched, None)
    # A learner's (or a credential's) own statements are fewer than those with a target.
    restricted = walk if walk in ("actor", "authority") else "seq"
    return _page(_restrict(stmt, query, restricted), query, S.c.seq, limit, after_seq)


def _select_through_chains(
    query: StatementFilter, limit: int, after_seq: int | None
) -> Select[Any]:
    """Statements whose StatementRef chain reaches a match two or more levels down.

    Seeded from the partial index of statements whose target is itself a StatementRef
    statement (`target_is_ref`), so the cost follows the number of such chains, not of refs;
    each step looks the next statement up by id.
    """
    first = statements_table.alias("first_target")
    seed = (
        select(S.c.seq.label("seq"), first.c.target_statement_id.label("target_id"))
        .join(first, first.c.statement_id == S.c.target_statement_id)
        .where(S.c.target_is_ref, S.c.voided.is_(False))  # bare: matches the index predicate
    )
    if after_seq is not None:
        seed = seed.where(S.c.seq > after_seq if query.ascending else S.c.seq < after_seq)
    chain = _restrict(seed, query, "seq").cte("statement_ref_chain", recursive=True)
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
    reached, _ = _match_content(reached, query, matched, None)
    # Page the (few) chain heads first, then fetch just those rows.
    page = _page(reached, query, chain.c.seq, limit, None).subquery("chain_page")
    stmt = select(*_COLUMNS).join(page, page.c.seq == S.c.seq)
    return _page(stmt, query, S.c.seq, limit, None)


def _match_content(
    stmt: Select[Any], query: StatementFilter, matched: Any, walk: plans.Walk | None
) -> tuple[Select[Any], Any]:
    """Add the agent, verb, activity and registration filters, compared on `matched`.

    The filter named by `walk` uses its index; the others are checked row by row (a lookup
    by seq in statement_refs, or a comparison no index serves). Returns the statement and the
    seq column the walk orders by.
    """
    order = matched.c.seq
    for kind, value, related in (
        ("agent", query.agent_ifi and agent_ref(query.agent_ifi), query.related_agents),
        (
            "activity",
            query.activity_id and activity_ref(query.activity_id),
            query.related_activities,
        ),
    ):
        if not value:
            continue
        rows = refs_table.alias(f"{kind}_match")
        condition = rows.c.ref == value
        if not related:
            condition = condition & rows.c.related.is_(False)
        if walk == kind:
            stmt = stmt.join_from(matched, rows, rows.c.seq == matched.c.seq).where(condition)
            order = rows.c.seq
        else:
            stmt = stmt.where(plans.checked_per_row(rows, rows.c.seq == matched.c.seq, condition))
    if query.verb_id is not None:
        verb = matched.c.verb_id if walk == "verb" else plans.unindexed(matched.c.verb_id)
        stmt = stmt.where(verb == query.verb_id)
    if query.registration is not None:
        column = matched.c.registration
        registration = column if walk == "registration" else plans.unindexed(column)
        stmt = stmt.where(registration == query.registration.lower())
    return stmt, order


def _restrict(stmt: Select[Any], query: StatementFilter, walk: plans.Walk) -> Select[Any]:
    """The time window and the authorisation limits, always on the returned statement."""
    stored = S.c.stored_us if walk == "stored" else plans.unindexed_number(S.c.stored_us)
    if query.since_us is not None:
        stmt = stmt.where(stored > query.since_us)
    if query.until_us is not None:
        stmt = stmt.where(stored <= query.until_us)
    if query.actor_keys is not None:
        actor = S.c.actor_key if walk == "actor" else plans.unindexed(S.c.actor_key)
        stmt = stmt.where(actor.in_(sorted(query.actor_keys)))
    if query.authority_key is not None:
        column = S.c.authority_key
        authority = column if walk == "authority" else plans.unindexed(column)
        stmt = stmt.where(authority == query.authority_key)
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

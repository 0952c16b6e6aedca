"""Query plans for statement reads that do not depend on the planner's statistics.

Without statistics (autovacuum off, a restored database) PostgreSQL guesses every equality
matches 0.5 % of rows, so it cannot tell a learner's 100 statements from a verb's 100,000; it
joined whole tables by hash and sorted, taking seconds where an index walk takes
milliseconds. So the choice is not left to it:

- `choose_walk` picks, from the filters alone, the one index a query walks in `seq` order
  (the narrowest a filter can name; a time window when a bounded count on the `stored`
  index finds it small and the filters name only wide walks); every other condition is written so that no index can
  serve it (`unindexed`: `column || ''`, `column + 0`) or checked per row by a lookup on
  statement_refs' primary key (`checked_per_row`: a correlated EXISTS with OFFSET 0, which
  PostgreSQL keeps as a per-row subplan instead of turning it into a join).
- `pin` turns hash joins, merge joins, bitmap scans, sequential scans and parallel workers
  off for the read's transaction on PostgreSQL: joins are nested loops over the walked rows, the walk is the
  ordered index scan that stops at LIMIT (a plain index scan plus a sort can only cost more),
  and the rare StatementRef chains start from their partial index, never from a full scan
  (without statistics a boolean looks true for half the rows, and a parallel walk of a whole
  index looked cheaper).

SQLite plans nested loops over indexes anyway and needs neither.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import ColumnElement, exists, literal_column, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from progress.lrs.store.statement_filter import StatementFilter

Walk = Literal["registration", "agent", "actor", "activity", "authority", "verb", "seq", "stored"]
NARROW: frozenset[Walk] = frozenset(("registration", "agent", "activity"))
# Walks that may hold many more rows than a page: a small time window is walked instead.
WIDE: frozenset[Walk] = frozenset(("activity", "authority", "verb", "seq"))
SMALL_WINDOW = 2_000

_PIN = text(
    "SELECT set_config('enable_hashjoin', 'off', true), "
    "set_config('enable_mergejoin', 'off', true), "
    "set_config('enable_bitmapscan', 'off', true), "
    "set_config('enable_seqscan', 'off', true), "
    "set_config('max_parallel_workers_per_gather', '0', true), "
    "set_config('jit', 'off', true)"
)


def choose_walk(query: StatementFilter) -> Walk:
    """The index a statements query walks: the narrowest its filters name.

    A registration is one attempt; an agent one person (about a hundred statements each at a
    million); an access limit to learners (a learner's or a manager's token) a few people; an
    Activity up to a course's worth; a credential's own statements and a verb are large shares;
    else the statements in order.
    """
    if query.registration is not None:
        return "registration"
    if query.agent_ifi is not None:
        return "agent"
    if query.actor_keys is not None:
        return "actor"
    if query.activity_id is not None:
        return "activity"
    if query.authority_key is not None:
        return "authority"
    if query.verb_id is not None:
        return "verb"
    return "seq"


def unindexed(column: Any) -> ColumnElement[Any]:
    """A text column compared so that no index serves the comparison (`column || ''`)."""
    return column.concat(literal_column("''"))


def unindexed_number(column: Any) -> ColumnElement[Any]:
    """A number column compared so that no index serves the comparison (`column + 0`)."""
    return column + literal_column("0")


def checked_per_row(table: Any, correlation: Any, condition: Any) -> ColumnElement[bool]:
    """EXISTS a row of `table` meeting `condition`, looked up for each walked row."""
    return exists(
        select(literal_column("1")).select_from(table).where(correlation, condition).offset(0)
    )


async def pin(session: AsyncSession) -> None:
    """Nested loops and ordered index walks for the rest of this transaction (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(_PIN)

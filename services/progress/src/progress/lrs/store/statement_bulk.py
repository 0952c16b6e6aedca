"""PostgreSQL fast path: checking a batch against stored statements and writing it (statements
and filter rows) in ONE statement (data-modifying CTEs over unnest'ed arrays), so the write
costs one round trip whatever the batch size, with no per-row SQL rendering. The outbox rows
follow through the unit of work, in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, TextClause, text
from sqlalchemy.ext.asyncio import AsyncSession

_COLUMNS = (
    ("statement_id", "varchar"),
    ("stored_us", "bigint"),
    ("verb_id", "varchar"),
    ("actor_key", "varchar"),
    ("authority_key", "varchar"),
    ("registration", "varchar"),
    ("target_statement_id", "varchar"),
    ("is_voiding", "boolean"),
    ("voided", "boolean"),
    ("has_attachments", "boolean"),
    ("body", "text"),
)


def _unnest(columns: tuple[tuple[str, str], ...], prefix: str) -> str:
    return ", ".join(f"CAST(:{prefix}{name} AS {kind}[])" for name, kind in columns)


def _sql() -> TextClause:
    names = ", ".join(name for name, _ in _COLUMNS)
    return text(f"""
WITH known AS (
    SELECT statement_id, target_statement_id, is_voiding, voided, body FROM statements
    WHERE statement_id = ANY(CAST(:k_keys AS varchar[]))
       OR (is_voiding AND target_statement_id = ANY(CAST(:k_keys AS varchar[])))
       OR statement_id = ANY(CAST(:k_targets AS varchar[]))
), go AS (
    SELECT NOT EXISTS (SELECT 1 FROM known) AS ok
), new AS (
    INSERT INTO statements ({names})
    SELECT * FROM unnest({_unnest(_COLUMNS, "s_")}) WHERE (SELECT ok FROM go)
    RETURNING seq, statement_id
), refs AS (
    INSERT INTO statement_refs (seq, ref, related)
    SELECT new.seq, r.ref, r.related
    FROM unnest(CAST(:r_statement_id AS varchar[]), CAST(:r_ref AS varchar[]),
                CAST(:r_related AS boolean[])) AS r(statement_id, ref, related)
    JOIN new ON new.statement_id = r.statement_id
)
SELECT statement_id, target_statement_id, is_voiding, voided, body FROM known
""")


_SQL = _sql()


async def insert_all_postgres(
    session: AsyncSession,
    rows: list[dict[str, Any]],
    refs: list[tuple[str, str, bool]],
    check_keys: list[str],
    check_targets: list[str],
) -> list[Row[Any]]:
    """Insert everything unless stored statements have one of `check_keys` as id or voiding
    target, or one of `check_targets` as id; returns those statements (empty: inserted)."""
    params: dict[str, Any] = {f"s_{name}": [row[name] for row in rows] for name, _ in _COLUMNS}
    params["r_statement_id"] = [ref[0] for ref in refs]
    params["r_ref"] = [ref[1] for ref in refs]
    params["r_related"] = [ref[2] for ref in refs]
    params["k_keys"] = check_keys
    params["k_targets"] = check_targets
    return list((await session.execute(_SQL, params)).all())

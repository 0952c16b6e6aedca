"""items: a browse index for the `created` sorts; PostgreSQL splits words as SQLite does.

PostgreSQL's text parser reads `sorts-46371475` as the word `sorts` and the number
`-46371475`, and `7e30e616` as the number `7e30` and the word `e616`, so such words were found
on SQLite but not on PostgreSQL. The search column is now built from the runs of letters and
digits, lower-cased, as SQLite's unicode61 tokeniser splits text (no parser involved).

Revision ID: 5c1d7e2b9a40
Revises: a255903a9429
Create Date: 2026-12-03 10:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5c1d7e2b9a40"
down_revision: str | None = "a255903a9429"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The words of a text as SQLite's unicode61 tokeniser finds them (runs of letters and digits,
# lower-cased), each at its position with the weight given, as a tsvector: no text parser.
WORDS_FUNCTION = """
CREATE OR REPLACE FUNCTION catalog_search_words(body text, weight "char") RETURNS tsvector
IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
SELECT coalesce(string_agg(format('%s:%s%s', w, least(i, 16383), weight), ' '), '')::tsvector
FROM unnest(regexp_split_to_array(lower(body), '[^[:alnum:]]+')) WITH ORDINALITY AS s(w, i)
WHERE w <> ''
$$
"""
WORDS = (
    "catalog_search_words(title, 'A') || catalog_search_words(tags_text, 'B') || "
    "catalog_search_words(summary, 'C')"
)
PARSED = (
    "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(tags_text, '')), 'B') || "
    "setweight(to_tsvector('simple', coalesce(summary, '')), 'C')"
)


def _search_column(expression: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_items_search")
    op.execute("ALTER TABLE items DROP COLUMN IF EXISTS search")
    op.execute(f"ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS ({expression}) STORED")
    op.execute("CREATE INDEX ix_items_search ON items USING gin (search)")


def upgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_items_browse_created",
            ["status", "created_at", "id", "kind", "language", "duration_minutes"],
            unique=False,
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(WORDS_FUNCTION)
        _search_column(WORDS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _search_column(PARSED)
        op.execute("DROP FUNCTION IF EXISTS catalog_search_words(text, \"char\")")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index("ix_items_browse_created")

"""catalog_search_words skips words PostgreSQL cannot hold as a lexeme (over 2,047 bytes).

One huge "word" in a summary made every insert or update of that item a 500 ("word is too
long"); such a word is no search term anyone types, so it is left out of the index (SQLite's
FTS5 keeps it, which changes no result a real query can ask for).

Revision ID: 6d2b8f4a1e93
Revises: 3a9f1c6e2b74
Create Date: 2026-12-03 15:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "6d2b8f4a1e93"
down_revision: str | None = "3a9f1c6e2b74"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BOUNDED = """
CREATE OR REPLACE FUNCTION catalog_search_words(body text, weight "char") RETURNS tsvector
IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
SELECT coalesce(string_agg(format('%s:%s%s', w, least(i, 16383), weight), ' '), '')::tsvector
FROM unnest(regexp_split_to_array(lower(body), '[^[:alnum:]]+')) WITH ORDINALITY AS s(w, i)
WHERE w <> '' AND octet_length(w) <= 2047
$$
"""

UNBOUNDED = BOUNDED.replace(" AND octet_length(w) <= 2047", "")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(BOUNDED)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(UNBOUNDED)

"""Tables and every query; Alembic migrations beside them."""

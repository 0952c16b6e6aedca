"""Test fixtures: a real Tansu broker, a fresh PostgreSQL database, SQLite files, tokens."""

"""Use cases: each runs in one unit of work and stages its events in the same transaction."""

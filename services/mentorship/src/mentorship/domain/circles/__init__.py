"""Peer-learning circles: groups of 3 to 8 people sharing a learning goal (see ADR 0009)."""

"""Continuum event contracts: the only thing services share about each other."""

from continuum_contracts.base import Event, event_class, event_types
from continuum_contracts.topics import ALL_TOPICS, TOPICS_BY_NAME, Topic, dead_letter_topic

__all__ = [
    "ALL_TOPICS",
    "TOPICS_BY_NAME",
    "Event",
    "Topic",
    "dead_letter_topic",
    "event_class",
    "event_types",
]

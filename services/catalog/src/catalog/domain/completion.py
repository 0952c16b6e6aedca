"""Which xAPI verbs complete an item of each kind.

This table is data on purpose: the catalog publishes it in its events so that the progress
service (the LRS) and others decide completion exactly as the catalog defines it.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

from catalog.domain.kinds import ItemKind


class Verb(StrEnum):
    """ADL xAPI verbs, by IRI."""

    COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
    PASSED = "http://adlnet.gov/expapi/verbs/passed"
    ATTENDED = "http://adlnet.gov/expapi/verbs/attended"


_DONE = frozenset({Verb.COMPLETED})
_DONE_OR_PASSED = frozenset({Verb.COMPLETED, Verb.PASSED})
_TOOK_PART = frozenset({Verb.ATTENDED, Verb.COMPLETED})

COMPLETION_VERBS: MappingProxyType[ItemKind, frozenset[Verb]] = MappingProxyType(
    {
        ItemKind.COURSE: _DONE_OR_PASSED,
        ItemKind.SEMINAR: _TOOK_PART,
        ItemKind.WORKSHOP: _TOOK_PART,
        # SCORM and cmi5 modules report completed, passed or both, depending on their moveOn.
        ItemKind.ELEARNING: _DONE_OR_PASSED,
        ItemKind.VIDEO: _DONE,
        ItemKind.ARTICLE: _DONE,
        ItemKind.BOOK: _DONE,
        ItemKind.PODCAST: _DONE,
        ItemKind.MENTORING_PROGRAMME: _TOOK_PART,
        ItemKind.PEER_CIRCLE: _TOOK_PART,
        ItemKind.ON_THE_JOB: _DONE,
        ItemKind.CONFERENCE: frozenset({Verb.ATTENDED}),
        # Sitting the exam is not enough: only a pass earns a certification.
        ItemKind.CERTIFICATION: frozenset({Verb.PASSED}),
    }
)


def counts_as_completion(kind: ItemKind, verb_id: str) -> bool:
    """Whether a statement with this verb IRI completes an item of this kind."""
    return verb_id in COMPLETION_VERBS[kind]


def completion_verbs_document() -> dict[str, list[str]]:
    """The table as JSON-ready data for events: kind -> sorted verb IRIs."""
    return {kind.value: sorted(v.value for v in verbs) for kind, verbs in COMPLETION_VERBS.items()}

"""What completes a catalog item of each kind: the one rule every service applies.

The catalog describes items, the LRS stores statements about their activities, and the
progress service decides when a learner has completed an item. They must agree, so the rule
lives here and nowhere else:

- `effective_verb` reduces a statement to the verb it counts as. A `completed` statement whose
  `result.success` is false counts as `failed`. Any verb except `attempted` and `attended`
  with `result.completion: true` counts as `completed` (or `failed`, again, when
  `result.success` is false): xAPI (Data 2.4.5) defines `completion` as "the Activity was
  completed", whatever the verb, which is how media players report an `experienced` video.
- `COMPLETION_RULES` says, per item kind, which verbs complete an item (`completed_by`) and
  which only mark it started (`progressed_by`; `failed` also marks it failed).
- Session-based kinds count `attended` statements as sessions: `sessions_to_complete` of
  them complete the item.

How the two earlier copies (catalog's verb table and progress's verb mapping) were resolved:
- `passed` completes every kind: a learner who passed an activity has done it (the catalog
  listed it for courses, e-learning and certifications only).
- `completed` completes every kind but a certification, where only a pass counts (both
  agreed on certifications); a conference is completed by `completed` too (the catalog
  listed `attended` only).
- `attended` completes a seminar or a conference, which are one event (both agreed; a
  workshop, which the catalog publishes as a seminar, too). For a mentoring programme or a
  peer circle, which run for weeks, one attended session is progress, not completion (the
  catalog said it completes): they complete with `completed`, or after the number of sessions
  their details name (`sessions_required`).
- `experienced` with `result.completion: true` completes media (and any kind but a
  certification), as progress did; without it, it is progress (the catalog ignored it).

What evidence completes an item (`requires_trusted_evidence`, ADR 0012): a certification, and
any item whose details say `compliance: true` or `assessed: true`, completes only on a
statement a trusted authority vouches for (`StatementStored.assertion.kind` `provider`,
`attestation` or `system`); the learner's own statement (`self`) is progress there. Informal
learning (every other item) may be self-reported, and shows as such.
Every catalog item snapshot (catalog item events v1.1) carries the outcome as
`completion_evidence` (`trusted` or `self_report`), so a consumer need not re-derive it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any, get_args

from continuum_contracts.events.catalog import CatalogItem, CompletionEvidence, ItemKind


class AdlVerb(StrEnum):
    """The ADL verbs (http://adlnet.gov/expapi/verbs/) the completion rule names, by IRI."""

    COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
    PASSED = "http://adlnet.gov/expapi/verbs/passed"
    FAILED = "http://adlnet.gov/expapi/verbs/failed"
    ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted"
    ATTENDED = "http://adlnet.gov/expapi/verbs/attended"
    EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"
    INITIALIZED = "http://adlnet.gov/expapi/verbs/initialized"
    LAUNCHED = "http://adlnet.gov/expapi/verbs/launched"
    PROGRESSED = "http://adlnet.gov/expapi/verbs/progressed"


@dataclass(frozen=True)
class CompletionRule:
    """How statements about an item of one kind complete it."""

    completed_by: frozenset[str]
    """Verbs (as `effective_verb` gives them) of which one statement completes the item."""
    progressed_by: frozenset[str]
    """Verbs that mark the item started without completing it."""
    session_based: bool = False
    """`attended` statements count as sessions toward completion (`sessions_to_complete`)."""
    trusted_evidence_only: bool = False
    """Only a statement from a trusted authority completes it (never the learner's own)."""


# Taking part in an item without finishing it (cmi5 and SCORM players launch and initialise).
_TAKING_PART = frozenset(
    {
        AdlVerb.ATTEMPTED,
        AdlVerb.ATTENDED,
        AdlVerb.EXPERIENCED,
        AdlVerb.FAILED,
        AdlVerb.INITIALIZED,
        AdlVerb.LAUNCHED,
        AdlVerb.PROGRESSED,
    }
)
_DONE = frozenset({AdlVerb.COMPLETED, AdlVerb.PASSED})
_ATTENDED_OR_DONE = _DONE | {AdlVerb.ATTENDED}

_FINISHED = CompletionRule(completed_by=_DONE, progressed_by=_TAKING_PART)
_ONE_EVENT = CompletionRule(
    completed_by=_ATTENDED_OR_DONE,
    progressed_by=_TAKING_PART - _ATTENDED_OR_DONE,
    session_based=True,
)
_RUNS_FOR_WEEKS = CompletionRule(completed_by=_DONE, progressed_by=_TAKING_PART, session_based=True)
# Sitting the exam, or finishing the preparation, is not enough: only a pass certifies.
_EXAMINED = CompletionRule(
    completed_by=frozenset({AdlVerb.PASSED}),
    progressed_by=_TAKING_PART | {AdlVerb.COMPLETED},
    trusted_evidence_only=True,
)

COMPLETION_RULES: Mapping[str, CompletionRule] = MappingProxyType(
    {
        "course": _FINISHED,
        "seminar": _ONE_EVENT,
        "elearning": _FINISHED,
        "video": _FINISHED,
        "article": _FINISHED,
        "book": _FINISHED,
        "podcast": _FINISHED,
        "mentoring_programme": _RUNS_FOR_WEEKS,
        "peer_circle": _RUNS_FOR_WEEKS,
        "on_the_job": _FINISHED,
        "conference": _ONE_EVENT,
        "certification": _EXAMINED,
    }
)
ITEM_KINDS: tuple[str, ...] = get_args(ItemKind)


def completion_rule(kind: str) -> CompletionRule:
    """The rule of `kind`; a kind this version of the contract does not know completes as a
    course does (a new kind is a breaking change, so this only guards against bad data)."""
    return COMPLETION_RULES.get(kind, _FINISHED)


def effective_verb(
    verb_id: str, *, completion: bool | None = None, success: bool | None = None
) -> str:
    """The verb a statement counts as for completion (see the module docstring)."""
    if verb_id in (AdlVerb.PASSED, AdlVerb.FAILED, AdlVerb.ATTEMPTED, AdlVerb.ATTENDED):
        return verb_id
    if verb_id == AdlVerb.COMPLETED or completion is True:
        return AdlVerb.FAILED if success is False else AdlVerb.COMPLETED
    return verb_id


def completes(
    kind: str, verb_id: str, *, completion: bool | None = None, success: bool | None = None
) -> bool:
    """Whether one statement completes an item of `kind` on its own."""
    verb = effective_verb(verb_id, completion=completion, success=success)
    return verb in completion_rule(kind).completed_by


# Who may vouch for a statement that completes an item needing trusted evidence.
TRUSTED_ASSERTIONS: frozenset[str] = frozenset({"provider", "attestation", "system"})
# Item details flags that make any kind need trusted evidence.
TRUSTED_EVIDENCE_FLAGS: tuple[str, ...] = ("compliance", "assessed")


def requires_trusted_evidence(kind: str, details: Mapping[str, Any]) -> bool:
    """Whether only a trusted authority's statement completes the item (certifications, and
    items flagged `compliance` or `assessed` in their details)."""
    if completion_rule(kind).trusted_evidence_only:
        return True
    return any(details.get(flag) is True for flag in TRUSTED_EVIDENCE_FLAGS)


def sessions_to_complete(kind: str, details: Mapping[str, Any]) -> int | None:
    """How many attended sessions complete an item (None: attending alone never does).

    A session-based item's details may name `sessions_required` (a positive integer);
    otherwise one session completes an item that `attended` completes (a seminar).
    """
    rule = completion_rule(kind)
    if not rule.session_based:
        return None
    value = details.get("sessions_required")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return 1 if AdlVerb.ATTENDED in rule.completed_by else None


def completion_rules_document() -> dict[str, dict[str, Any]]:
    """The rules as JSON-ready data (kind -> sorted verb IRIs), for APIs and documentation."""
    return {
        kind: {
            "completed_by": sorted(rule.completed_by),
            "progressed_by": sorted(rule.progressed_by),
            "session_based": rule.session_based,
            "trusted_evidence_only": rule.trusted_evidence_only,
        }
        for kind, rule in COMPLETION_RULES.items()
    }


# -- the evidence an item declares -------------------------------------------------------


def completion_evidence(kind: str, details: Mapping[str, Any]) -> CompletionEvidence:
    """`trusted` when only a trusted authority's statement completes the item
    (`requires_trusted_evidence`), else `self_report`: what catalog item snapshots carry."""
    return "trusted" if requires_trusted_evidence(kind, details) else "self_report"


def item_evidence(item: CatalogItem) -> CompletionEvidence:
    """The evidence an item snapshot declares, or, in events before v1.1, what it implies."""
    return item.completion_evidence or completion_evidence(item.kind, item.details)

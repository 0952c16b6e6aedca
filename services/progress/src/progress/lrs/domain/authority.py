"""Who vouches for a statement, and what a caller may assert and void. Pure, no I/O.

The LRS records the writer as the statement's `authority` (Data 2.4.9: an Agent identified by
an account) and tells consumers on `xapi.statements.v1` what kind of assertion it is:

- `provider`: an xAPI client credential (HTTP Basic), registered for content: Activity id
  prefixes, or `*` for any content. It may write and void only statements about that content.
- `self`: an employee's platform token, about the employee themselves.
- `attestation`: an admin or hris token, about someone else.
- `system`: a Continuum service, submitting on `xapi.submissions.v1`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from progress.lrs.domain.statements import VOIDED_VERB

AssertionKind = Literal["self", "provider", "attestation", "system"]
ANY_CONTENT = "*"

StatementCheck = Callable[[Mapping[str, Any]], bool]
"""A test of a (complete, stored or arriving) statement: may this caller void it?"""


@dataclass(frozen=True)
class Assertion:
    """Who vouches for one stored statement, as `StatementStored.assertion` carries it."""

    kind: AssertionKind
    asserted_by: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "asserted_by": self.asserted_by}


class StatementForbidden(Exception):
    """The caller may not write (or void) this statement: HTTP 403."""


def content_covers(content: Collection[str], activity_id: str) -> bool:
    """A credential registered for `content` (Activity id prefixes) covers this Activity."""
    return ANY_CONTENT in content or any(activity_id.startswith(p) for p in content)


def object_activity(statement: Mapping[str, Any]) -> str | None:
    """The Activity a statement (or its SubStatement) is about; None for other objects."""
    target = statement["object"]
    if target.get("objectType") == "SubStatement":
        target = target["object"]
    if target.get("objectType", "Activity") != "Activity":
        return None
    return str(target["id"])


def is_voiding(statement: Mapping[str, Any]) -> bool:
    return bool(statement["verb"]["id"] == VOIDED_VERB)


def provider_refusal(content: Collection[str], statement: Mapping[str, Any]) -> str | None:
    """Why a credential registered for `content` may not write this statement (None: it may).

    A voiding statement is judged by its target (see `provider_may_void`)."""
    if ANY_CONTENT in content or is_voiding(statement):
        return None
    activity_id = object_activity(statement)
    if activity_id is None:
        return "a credential registered for content writes only statements about Activities"
    if not content_covers(content, activity_id):
        return f"this credential is not registered for the Activity {activity_id}"
    return None


def provider_may_void(content: Collection[str]) -> StatementCheck | None:
    """What a provider credential may void: statements about its content (None: anything)."""
    if ANY_CONTENT in content:
        return None

    def check(target: Mapping[str, Any]) -> bool:
        activity_id = object_activity(target)
        return activity_id is not None and content_covers(content, activity_id)

    return check


def forbidden_voiding(
    targets: Iterable[str], statements: Mapping[str, Mapping[str, Any]], may_void: StatementCheck
) -> list[str]:
    """The target ids the caller may not void: not stored (nor in the batch), or failing
    `may_void`. `statements` holds the stored targets and the batch's own, by id."""
    return [t for t in targets if (found := statements.get(t)) is None or not may_void(found)]

"""xAPI documents (Communication 2.2-2.7): where one lives, its ETag, the concurrency rules
(Communication 3.1) and the JSON merge of a POST; and how Activity Definitions from stored
Statements merge into the LRS's canonical ones (Data 2.4.4.1)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from progress.lrs.domain.errors import Refused

DocumentKind = Literal["state", "activity_profile", "agent_profile"]

RULE_CONCURRENCY = "Communication 3.1: concurrency"
RULE_MERGE = "Communication 2.2: JSON procedure with requests containing a document"

# Activity Definition properties whose values are objects merged key by key (language maps and
# extensions); every other property is replaced by the newest Statement's value.
_MERGED_DEFINITION_KEYS = ("name", "description", "extensions")
_CONTEXT_ACTIVITY_KEYS = ("parent", "grouping", "category", "other")


def sha256_of(*parts: str | None) -> str:
    """A fixed-length key for arbitrarily long IRIs, which no index could hold."""
    # JSON keeps None apart from "" and stops one part's text from running into the next.
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


@dataclass(frozen=True)
class DocumentScope:
    """Where a document lives; unused parts are None (no agent for an Activity Profile...)."""

    kind: DocumentKind
    activity_id: str | None = None
    agent_key: str | None = None
    registration: str | None = None

    def hash(self) -> str:
        return sha256_of(self.kind, self.activity_id, self.agent_key, self.registration)

    def key_hash(self, document_id: str) -> str:
        return sha256_of(
            self.kind, self.activity_id, self.agent_key, self.registration, document_id
        )


@dataclass(frozen=True)
class StoredDocument:
    document_id: str
    content_type: str
    content: bytes
    etag: str
    updated: datetime


def document_etag(content: bytes) -> str:
    """The SHA-1 hex digest of the document's bytes (unquoted)."""
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class Preconditions:
    """The If-Match and If-None-Match headers of a request (None when absent)."""

    if_match: str | None = None
    if_none_match: str | None = None

    def check(self, current: StoredDocument | None, *, required: bool = False) -> None:
        """412 when a header fails; for a profile PUT (`required`) one of them is mandatory."""
        if required and self.if_match is None and self.if_none_match is None:
            if current is not None:
                raise Refused(
                    409,
                    "the document already exists: send If-Match with its ETag to overwrite it "
                    "(or If-None-Match: * to create a document only if it does not exist)",
                    RULE_CONCURRENCY,
                )
            raise Refused(
                400,
                "a PUT to a profile resource must carry an If-Match or If-None-Match header",
                RULE_CONCURRENCY,
            )
        if self.if_match is not None and not matches(self.if_match, current):
            raise Refused(412, "If-Match: the document's ETag does not match", RULE_CONCURRENCY)
        if self.if_none_match is not None and matches(self.if_none_match, current):
            raise Refused(
                412, "If-None-Match: a matching document already exists", RULE_CONCURRENCY
            )


def entity_tags(header: str) -> set[str]:
    """The entity tags of an If-Match / If-None-Match header ('*' kept as is)."""
    tags = set()
    for part in header.split(","):
        tag = part.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        tags.add(tag.strip('"'))
    tags.discard("")
    return tags


def matches(header: str, current: StoredDocument | None) -> bool:
    if current is None:
        return False
    tags = entity_tags(header)
    return "*" in tags or current.etag in tags


def is_json(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() == "application/json"


def json_value(content: bytes, what: str) -> Any:
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        raise Refused(
            400, f"{what} has the Content-Type application/json but is not JSON", RULE_MERGE
        ) from None


def merged_document(current: StoredDocument, posted: Mapping[str, Any] | None) -> bytes:
    """The JSON merge of Communication 2.2: top-level properties of the posted object win."""
    if posted is None or not is_json(current.content_type):
        raise Refused(
            400,
            "a POST merges into an existing document only when both are application/json objects",
            RULE_MERGE,
        )
    existing = json_value(current.content, "the stored document")
    if not isinstance(existing, dict):
        raise Refused(
            400, "the stored document is not a JSON object, so it cannot be merged", RULE_MERGE
        )
    return json.dumps({**existing, **posted}, ensure_ascii=False).encode()


def merge_definitions(
    current: Mapping[str, Any] | None, newer: Mapping[str, Any]
) -> dict[str, Any]:
    """`newer` applied over `current`: maps merge key by key, other properties are replaced."""
    merged = dict(current or {})
    for key, value in newer.items():
        previous = merged.get(key)
        if key in _MERGED_DEFINITION_KEYS and isinstance(previous, Mapping):
            merged[key] = {**previous, **value} if isinstance(value, Mapping) else value
        else:
            merged[key] = value
    return merged


def learnt_definitions(statements: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The Activity Definitions stored Statements carry, merged in statement order: the object,
    the context activities and a SubStatement's object and context all count."""
    learnt: dict[str, dict[str, Any]] = {}
    for statement in statements:
        for activity in statement_activities(statement):
            definition = activity.get("definition")
            if isinstance(definition, Mapping) and definition:
                activity_id = str(activity["id"])
                learnt[activity_id] = merge_definitions(learnt.get(activity_id), definition)
    return learnt


def statement_activities(statement: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    target = statement.get("object")
    if isinstance(target, Mapping):
        object_type = target.get("objectType", "Activity")
        if object_type == "Activity" and "id" in target:
            yield target
        elif object_type == "SubStatement":
            yield from statement_activities(target)
    context = statement.get("context")
    activities = context.get("contextActivities") if isinstance(context, Mapping) else None
    if isinstance(activities, Mapping):
        for key in _CONTEXT_ACTIVITY_KEYS:
            value = activities.get(key)
            for activity in value if isinstance(value, list) else (value,):
                if isinstance(activity, Mapping) and "id" in activity:
                    yield activity

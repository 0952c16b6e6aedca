"""CloudEvents 1.0 in Kafka binary mode: attributes in `ce_*` headers, the payload as the value."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
TRACE_HEADERS = ("traceparent", "tracestate")

KafkaHeaders = list[tuple[str, bytes]]


class EnvelopeError(ValueError):
    """A Kafka record that is not a valid CloudEvent (it cannot be processed, ever)."""


@dataclass(frozen=True)
class CloudEvent:
    type: str
    source: str
    data: dict[str, Any]
    subject: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Transport extras: trace context, and the dead-letter headers on a DLQ.
    extensions: dict[str, str] = field(default_factory=dict)

    def headers(self) -> KafkaHeaders:
        headers: KafkaHeaders = [
            ("ce_id", self.id.encode()),
            ("ce_source", self.source.encode()),
            ("ce_type", self.type.encode()),
            ("ce_specversion", SPEC_VERSION.encode()),
            ("ce_time", _format_time(self.time).encode()),
            ("content-type", CONTENT_TYPE.encode()),
        ]
        if self.subject is not None:
            headers.append(("ce_subject", self.subject.encode()))
        headers.extend((k, v.encode()) for k, v in sorted(self.extensions.items()))
        return headers

    def value(self) -> bytes:
        return encode_json(self.data)


def encode_json(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def _format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def headers_dict(headers: Iterable[tuple[str, bytes]] | None) -> dict[str, str]:
    """Kafka headers as text; a repeated header keeps its last value."""
    result: dict[str, str] = {}
    for key, value in headers or ():
        result[key] = value.decode("utf-8", errors="replace") if value is not None else ""
    return result


def from_kafka(headers: Sequence[tuple[str, bytes]] | None, value: bytes | None) -> CloudEvent:
    """Decode a binary-mode record; raises EnvelopeError when it is not a CloudEvent."""
    attrs = headers_dict(headers)
    for required in ("ce_id", "ce_type", "ce_source", "ce_specversion"):
        if not attrs.get(required):
            raise EnvelopeError(f"missing CloudEvents header {required}")
    if attrs["ce_specversion"] != SPEC_VERSION:
        raise EnvelopeError(f"unsupported ce_specversion {attrs['ce_specversion']!r}")
    content_type = attrs.get("content-type", CONTENT_TYPE)
    if not content_type.startswith(CONTENT_TYPE):
        raise EnvelopeError(f"unsupported content-type {content_type!r}")
    try:
        data = json.loads(value or b"")
    except ValueError as exc:
        raise EnvelopeError(f"value is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise EnvelopeError("value must be a JSON object")
    time = _parse_time(attrs.get("ce_time"))
    known = {"ce_id", "ce_type", "ce_source", "ce_specversion", "ce_time", "ce_subject"}
    extensions = {k: v for k, v in attrs.items() if k not in known and k != "content-type"}
    return CloudEvent(
        id=attrs["ce_id"],
        type=attrs["ce_type"],
        source=attrs["ce_source"],
        subject=attrs.get("ce_subject"),
        time=time,
        data=data,
        extensions=extensions,
    )


def _parse_time(raw: str | None) -> datetime:
    if not raw:
        return datetime.now(UTC)
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise EnvelopeError(f"ce_time is not RFC 3339: {raw!r}") from exc

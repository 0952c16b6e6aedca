"""Reading the body of PUT/POST statements: JSON, or multipart/mixed with attachment parts."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Request

from progress.lrs.api.multipart import Part, parse_multipart
from progress.lrs.domain import (
    XapiValidationError,
    check_signature,
    declared_attachments,
    signature_attachments,
)
from progress.lrs.domain.attachments import AttachmentContent

_RULE = "Communication 1.5.2: attachments"
_HASHES = {56: hashlib.sha224, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}


async def read_statement_body(request: Request) -> tuple[Any, dict[str, AttachmentContent]]:
    """The decoded JSON payload and the attachment parts by SHA-2 (400 when malformed)."""
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";")[0].strip().lower()
    body = await request.body()
    if media_type == "multipart/mixed":
        parts = parse_multipart(body, content_type)
        first = parts[0]
        if first.content_type != "application/json":
            raise XapiValidationError(
                "the first part of a multipart/mixed request must be application/json "
                "and hold the statements",
                _RULE,
            )
        return _json(first.body), _attachment_parts(parts[1:])
    if media_type != "application/json":
        raise XapiValidationError(
            "statements must be sent as application/json or multipart/mixed, "
            f"not {media_type or 'without a Content-Type'}",
            "Content-Type",
        )
    return _json(body), {}


def _json(body: bytes) -> Any:
    if not body.strip():
        raise XapiValidationError("the request has no statement in its body", "body")
    try:
        return json.loads(body, parse_float=_finite, parse_constant=_not_json)
    except XapiValidationError:
        raise
    except ValueError as exc:
        raise XapiValidationError(f"the body is not valid JSON ({exc})", "body") from None
    except RecursionError:
        raise XapiValidationError("the body nests JSON too deeply", "body") from None


def _finite(text: str) -> float:
    """A JSON number as a float; one beyond the float range cannot be stored or served back."""
    value = float(text)
    if math.isinf(value):
        raise XapiValidationError(f"the number {text[:40]} is beyond the range of a double", "body")
    return value


def _not_json(name: str) -> Any:
    raise XapiValidationError(f"{name} is not a JSON value", "body")


def _attachment_parts(parts: Sequence[Part]) -> dict[str, AttachmentContent]:
    found: dict[str, AttachmentContent] = {}
    for index, part in enumerate(parts, start=1):
        where = f"multipart part {index + 1}"
        sha2 = part.headers.get("x-experience-api-hash", "").strip().lower()
        if not sha2:
            raise XapiValidationError(f"{where} must have an X-Experience-API-Hash header", _RULE)
        encoding = part.headers.get("content-transfer-encoding", "").strip().lower()
        if encoding != "binary":
            raise XapiValidationError(
                f"{where} must have the header Content-Transfer-Encoding: binary", _RULE
            )
        algorithm = _HASHES.get(len(sha2))
        if algorithm is None or algorithm(part.body).hexdigest() != sha2:
            raise XapiValidationError(
                f"{where}: X-Experience-API-Hash does not match the SHA-2 of its content", _RULE
            )
        found[sha2] = AttachmentContent(sha2, part.headers.get("content-type", ""), part.body)
    return found


def check_attachments(
    statements: Sequence[Mapping[str, Any]], parts: Mapping[str, AttachmentContent]
) -> dict[str, AttachmentContent]:
    """Match attachment parts to the statements' Attachment objects; check signatures.

    Every Attachment without a fileUrl needs a part; every part must be declared by a sha2.
    Returns the parts keyed by sha2, with the content types the statements declare.
    """
    declared: dict[str, str] = {}
    for index, statement in enumerate(statements):
        for where, attachment in declared_attachments(statement):
            sha2 = str(attachment["sha2"]).lower()
            declared.setdefault(sha2, attachment["contentType"])
            if sha2 not in parts and "fileUrl" not in attachment:
                raise XapiValidationError(
                    "an Attachment without fileUrl must be sent as a multipart/mixed part "
                    "with a matching X-Experience-API-Hash",
                    f"statements[{index}].{where}",
                )
    for sha2 in parts:
        if sha2 not in declared:
            raise XapiValidationError(
                f"the attachment part with hash {sha2} matches no Attachment sha2", _RULE
            )
    for statement in statements:
        for attachment in signature_attachments(statement):
            part = parts.get(str(attachment["sha2"]).lower())
            if part is not None:
                check_signature(statement, part.content)
    return {
        sha2: AttachmentContent(sha2, declared[sha2], part.content) for sha2, part in parts.items()
    }

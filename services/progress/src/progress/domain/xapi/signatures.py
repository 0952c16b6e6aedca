"""Signed Statements (Data 2.6): the well-formedness checks an LRS must make.

Verifying the RSA signature against an X.509 certificate needs a cryptography library; that
check, when wanted, belongs to an adapter. These checks reject what Data 2.6.s5 calls malformed.
"""

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from progress.domain.xapi.attachments import SIGNATURE_USAGE_TYPE
from progress.domain.xapi.comparison import statements_equivalent
from progress.domain.xapi.errors import XapiValidationError
from progress.domain.xapi.statements import validate_statement

ALGORITHMS = frozenset(("RS256", "RS384", "RS512"))


def signature_attachments(statement: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The Attachment objects of a Statement that carry a JWS signature."""
    return [
        attachment
        for attachment in statement.get("attachments", ())
        if attachment.get("usageType") == SIGNATURE_USAGE_TYPE
    ]


def check_signature(statement: Mapping[str, Any], jws: str | bytes) -> None:
    """Check a JWS compact serialization signs this (valid) Statement with an allowed algorithm."""
    text = jws.decode("ascii", "replace") if isinstance(jws, bytes) else jws
    parts = text.strip().split(".")
    if len(parts) != 3:
        raise XapiValidationError("a signature must be a JWS in compact serialization", "signature")
    header = _decode_json(parts[0], "JWS header")
    if not isinstance(header, dict) or header.get("alg") not in ALGORITHMS:
        raise XapiValidationError(
            "a signature must use the algorithm RS256, RS384 or RS512", "signature"
        )
    payload = _decode_json(parts[1], "JWS payload")
    try:
        validate_statement(payload)
    except XapiValidationError as exc:
        raise XapiValidationError(
            f"the JWS payload must be a valid Statement ({exc})", "signature"
        ) from None
    if not statements_equivalent(payload, statement):
        raise XapiValidationError(
            "the signed Statement does not match the received Statement", "signature"
        )


def _decode_json(segment: str, what: str) -> Any:
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        return json.loads(raw)
    except (binascii.Error, ValueError):
        raise XapiValidationError(
            f"the {what} must be base64url-encoded JSON", "signature"
        ) from None

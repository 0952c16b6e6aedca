"""HMAC-SHA256 signatures on HRIS webhooks, with the timestamp signed in.

A sender signs `f"{timestamp}.".encode() + body` (timestamp: Unix seconds, as sent) with a
shared secret and sends two headers:

    X-Continuum-Timestamp: 1767225600
    X-Continuum-Signature: sha256=5f2b...e1 (64 lowercase hex digits)

Several `sha256=` values may be listed, comma-separated, while a sender rotates its secret;
the gateway may hold several secrets for the same reason. The request is authentic when any
listed signature matches any secret (compared in constant time), and fresh when its
timestamp is within the tolerance of the gateway's clock, either way. Signing the timestamp
stops an attacker from re-sending an old body with a new time; the replay store stops the
same signed request from being accepted twice within the tolerance.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

TIMESTAMP_HEADER = "X-Continuum-Timestamp"
SIGNATURE_HEADER = "X-Continuum-Signature"
SCHEME = "sha256"
DEFAULT_TOLERANCE_SECONDS = 300.0

_SIGNATURE = re.compile(r"^sha256=([0-9a-f]{64})$")


class SignatureError(Exception):
    """The request is not provably from the HRIS, or not fresh (maps to 401)."""


@dataclass(frozen=True)
class VerifiedSignature:
    timestamp: int
    signature: str  # the hex digest that matched: the request's identity for replay checks


def signature_for(secret: bytes, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of `timestamp + "." + body`."""
    return hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign(secret: bytes, timestamp: int, body: bytes) -> dict[str, str]:
    """The headers a sender adds (used by the tests, the replay CLI and example senders)."""
    return {
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: f"{SCHEME}={signature_for(secret, timestamp, body)}",
    }


def verify(
    headers: Mapping[str, str],
    body: bytes,
    *,
    secrets: Sequence[bytes],
    now: float,
    tolerance_seconds: float = DEFAULT_TOLERANCE_SECONDS,
) -> VerifiedSignature:
    """The matching signature; SignatureError naming what is wrong otherwise.

    `headers` must look names up case-insensitively (Starlette's and httpx's headers do).
    """
    if not secrets:
        raise SignatureError("no webhook secret is configured")
    raw_timestamp = headers.get(TIMESTAMP_HEADER)
    raw_signatures = headers.get(SIGNATURE_HEADER)
    if raw_timestamp is None or raw_signatures is None:
        raise SignatureError(f"the {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} headers are required")
    if not raw_timestamp.strip().isdigit():
        raise SignatureError(f"{TIMESTAMP_HEADER} must be Unix seconds")
    timestamp = int(raw_timestamp.strip())
    if abs(now - timestamp) > tolerance_seconds:
        raise SignatureError(
            f"{TIMESTAMP_HEADER} is more than {tolerance_seconds:.0f}s from the gateway's clock"
        )
    offered = []
    for part in raw_signatures.split(","):
        match = _SIGNATURE.match(part.strip())
        if match is None:
            raise SignatureError(f"{SIGNATURE_HEADER} must be 'sha256=' and 64 hex digits")
        offered.append(match.group(1))
    expected = [signature_for(secret, timestamp, body) for secret in secrets]
    # Every pair is compared, so the time taken says nothing about which one came close.
    matched = [o for o in offered for e in expected if hmac.compare_digest(o, e)]
    if not matched:
        raise SignatureError("the signature does not match the body and timestamp")
    return VerifiedSignature(timestamp, matched[0])

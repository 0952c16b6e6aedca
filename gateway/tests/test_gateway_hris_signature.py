"""HMAC signatures on HRIS webhooks: authentic, fresh, or refused with the reason."""

from __future__ import annotations

import httpx
import pytest

from gateway.hris.signature import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    SignatureError,
    sign,
    signature_for,
    verify,
)

SECRET = b"whsec-test-1"
BODY = b'{"employees": []}'
NOW = 1_767_225_600


def headers(**values: str) -> httpx.Headers:
    return httpx.Headers(values)


def test_a_signed_request_verifies_whatever_the_header_case() -> None:
    sent = sign(SECRET, NOW, BODY)
    lowered = httpx.Headers({k.lower(): v for k, v in sent.items()})
    verified = verify(lowered, BODY, secrets=[SECRET], now=NOW + 10)
    assert verified.timestamp == NOW
    assert verified.signature == signature_for(SECRET, NOW, BODY)
    assert sent[SIGNATURE_HEADER] == "sha256=" + verified.signature


def test_the_signature_covers_the_timestamp_and_the_body() -> None:
    expected = signature_for(SECRET, NOW, BODY)
    assert len(expected) == 64
    assert signature_for(SECRET, NOW + 1, BODY) != expected
    assert signature_for(SECRET, NOW, BODY + b" ") != expected
    with pytest.raises(SignatureError, match="does not match"):
        verify(httpx.Headers(sign(SECRET, NOW, BODY)), BODY + b"x", secrets=[SECRET], now=NOW)
    moved = {TIMESTAMP_HEADER: str(NOW + 5), SIGNATURE_HEADER: f"sha256={expected}"}
    with pytest.raises(SignatureError, match="does not match"):
        verify(httpx.Headers(moved), BODY, secrets=[SECRET], now=NOW)
    with pytest.raises(SignatureError, match="does not match"):
        verify(httpx.Headers(sign(b"other", NOW, BODY)), BODY, secrets=[SECRET], now=NOW)


@pytest.mark.parametrize("offset", [-301, 301, -10_000])
def test_stale_or_future_timestamps_are_refused(offset: int) -> None:
    sent = httpx.Headers(sign(SECRET, NOW, BODY))
    with pytest.raises(SignatureError, match="from the gateway's clock"):
        verify(sent, BODY, secrets=[SECRET], now=NOW - offset)
    verify(sent, BODY, secrets=[SECRET], now=NOW - offset, tolerance_seconds=20_000)


def test_secrets_rotate_on_both_sides() -> None:
    old, new = b"old-secret", b"new-secret"
    both = f"sha256={signature_for(old, NOW, BODY)}, sha256={signature_for(new, NOW, BODY)}"
    sent = headers(**{TIMESTAMP_HEADER: str(NOW), SIGNATURE_HEADER: both})
    assert verify(sent, BODY, secrets=[new], now=NOW).signature == signature_for(new, NOW, BODY)
    only_old = httpx.Headers(sign(old, NOW, BODY))
    assert verify(only_old, BODY, secrets=[new, old], now=NOW)


@pytest.mark.parametrize(
    ("sent", "reason"),
    [
        ({}, "headers are required"),
        ({TIMESTAMP_HEADER: str(NOW)}, "headers are required"),
        ({TIMESTAMP_HEADER: "yesterday", SIGNATURE_HEADER: "sha256=" + "0" * 64}, "Unix seconds"),
        ({TIMESTAMP_HEADER: str(NOW), SIGNATURE_HEADER: "md5=abc"}, "64 hex digits"),
        ({TIMESTAMP_HEADER: str(NOW), SIGNATURE_HEADER: "sha256=" + "G" * 64}, "64 hex digits"),
    ],
)
def test_malformed_headers_are_refused_with_the_reason(sent: dict[str, str], reason: str) -> None:
    with pytest.raises(SignatureError, match=reason):
        verify(httpx.Headers(sent), BODY, secrets=[SECRET], now=NOW)


def test_without_a_configured_secret_nothing_verifies() -> None:
    with pytest.raises(SignatureError, match="no webhook secret"):
        verify(httpx.Headers(sign(SECRET, NOW, BODY)), BODY, secrets=[], now=NOW)
